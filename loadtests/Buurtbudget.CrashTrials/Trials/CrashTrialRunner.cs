using System.Collections.Concurrent;
using System.Globalization;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>Runs crash trials one after another and adds up what they found. The report gets one line per trial,
/// the problems of any trial that did not pass, and the summary as its last line.</summary>
public static class CrashTrialRunner
{
    public static async Task<RunSummary> RunAsync(CrashTrialOptions options, TextWriter report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        if (options.Validate() is { Count: > 0 } failures)
        {
            throw new ArgumentException(string.Join(' ', failures), nameof(options));
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.TimeLimit);

        // A directory of this run's own, even for two runs that one process starts in the same second (the test suite
        // runs the SQLite, PostgreSQL and cluster trials side by side). Named by time and process only, the two shared
        // it: the first to finish deleted it, the development key with it, and a node of the other restarted after that
        // made a new key and refused every resident's token ("signature invalid").
        var runDirectory = Directory.CreateDirectory(Path.Combine(
            options.WorkDirectory,
            string.Create(CultureInfo.InvariantCulture, $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"))).FullName;
        var keyDirectory = Directory.CreateDirectory(Path.Combine(runDirectory, "keys")).FullName;
        var issuer = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(keyDirectory));
        var random = new Random(options.Seed);
        var tokens = new ConcurrentDictionary<(string Subject, Role Role), string>();

        await report.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"crash trials: store {options.Store.ToString().ToLowerInvariant()}{(options.Cluster ? $", cluster of {options.ClusterNodes} nodes behind nginx" : "")}, {options.Trials} trials of {options.Residents} residents, {options.Concurrency} in flight, seed {options.Seed}, files in {runDirectory}"));

        var completed = 0;
        var failed = 0;
        var brokenChains = 0;
        long acknowledged = 0;
        long lost = 0;
        long duplicated = 0;
        var longestUnavailability = TimeSpan.Zero;
        var trialFailures = new List<string>();
        ApiNode? running = null;
        await using var cluster = options.Cluster
            ? await TrialCluster.StartAsync(options, Path.Combine(runDirectory, "cluster"), keyDirectory, limit.Token)
            : null;
        var shared = options.DataPerTrial ? null : NodeSettings(options, runDirectory, keyDirectory);
        for (var number = 1; number <= options.Trials; number++)
        {
            var trial = new CrashTrial(options, number, new Random(random.Next()), issuer, tokens);
            var trialDirectory = cluster is not null ? runDirectory
                : shared is null
                ? Path.Combine(runDirectory, string.Create(CultureInfo.InvariantCulture, $"trial-{number:D4}"))
                : runDirectory;
            try
            {
                TrialResult result;
                if (cluster is not null)
                {
                    result = await trial.RunInClusterAsync(cluster, limit.Token);
                    longestUnavailability = result.Cluster!.LongestUnavailability > longestUnavailability
                        ? result.Cluster.LongestUnavailability
                        : longestUnavailability;
                }
                else
                {
                    (result, var restarted) = await trial.RunAsync(shared ?? NodeSettings(options, trialDirectory, keyDirectory), running, limit.Token);
                    running = null;
                    if (shared is null)
                    {
                        await restarted.DisposeAsync();
                    }
                    else
                    {
                        running = restarted;
                    }
                }

                completed++;
                acknowledged += result.Acknowledged;
                lost += result.Lost;
                duplicated += result.Duplicated;
                brokenChains += result.ChainValid ? 0 : 1;
                await report.WriteLineAsync(result.ToString());
                if (result.Passed)
                {
                    if (shared is null && cluster is null)
                    {
                        TryDelete(trialDirectory);
                    }
                }
                else
                {
                    trialFailures.Add($"trial {number}: {string.Join("; ", result.Problems.Take(5))} (files kept in {trialDirectory})");
                    foreach (var problem in result.Problems.Take(20))
                    {
                        await report.WriteLineAsync("  " + problem);
                    }
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                // The trial disposed the node it was given; nothing is left running.
                running = null;
                var why = cancellationToken.IsCancellationRequested ? "stopped on request" : $"stopped at the time limit of {options.TimeLimit}";
                await report.WriteLineAsync($"{why} after {completed} of {options.Trials} trials");
                trialFailures.Add(why);
                break;
            }
            catch (Exception exception) when (exception is TrialException or NodeStartException or HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                // The trial could not be carried out; the run goes on (on a fresh node), and does not pass.
                running = null;
                failed++;
                trialFailures.Add($"trial {number} could not be carried out: {exception.Message} (files kept in {trialDirectory})");
                await report.WriteLineAsync($"trial {number} could not be carried out: {exception.Message}");
                if (cluster is not null)
                {
                    // The next trial needs the whole cluster again, whatever this one left behind.
                    await cluster.EnsureAllRunningAsync(limit.Token);
                }
            }
        }

        if (running is not null)
        {
            await running.DisposeAsync();
        }

        if (cluster is not null)
        {
            // Stopped before the run's files are removed: the nodes write their logs and data there.
            await cluster.DisposeAsync();
        }

        var summary = new RunSummary(
            completed, options.Trials, acknowledged, lost, duplicated, failed, brokenChains, trialFailures, cluster is not null ? longestUnavailability : null);
        if (summary.Passed)
        {
            TryDelete(runDirectory);
        }
        else
        {
            await report.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"NOT PASSED: {completed} of {options.Trials} trials completed, {failed} could not be carried out, {brokenChains} broken chains; files kept in {runDirectory}"));
        }

        await report.WriteLineAsync(summary.ToString());
        return summary;
    }

    private static ApiNodeSettings NodeSettings(CrashTrialOptions options, string directory, string keyDirectory) => new(
        options.ApiAssemblyPath,
        options.Store,
        Directory.CreateDirectory(Path.Combine(directory, "data")).FullName,
        keyDirectory,
        Path.Combine(directory, "logs"),
        options.ConnectionString,
        options.NodeSettings);

    private static void TryDelete(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the OS to clean up with the rest of the temp directory; it holds nothing anyone needs.
        }
    }
}
