using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.LoadTests.Engine;

/// <summary>How wrk drives the node: its threads, its connections, and the directory with the token and state slices
/// (one slice per thread, see scenarios.lua).</summary>
public sealed record WrkShape(int Threads, int Connections, string Inputs)
{
    /// <summary>More connections than threads: responses cannot be paired with requests (see scenarios.lua).</summary>
    public bool Shared => Connections > Threads;
}

/// <summary>One wrk run of the scenario script in a <see cref="WrkShape"/>, the scenario and its inputs in the
/// environment, the figures read back from the file the script's <c>done()</c> writes, and the CPU the node (process
/// <paramref name="nodeProcessId"/>, when known) and wrk used in the measured window.</summary>
/// <param name="openStartAllowance">How long wrk's threads may take to read their residents before an open run's
/// schedule starts (see <see cref="LoadTestOptions.OpenStartAllowance"/>).</param>
public sealed class WrkRunner(string wrkPath, string scriptPath, Uri target, TimeSpan openStartAllowance, int? nodeProcessId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="rate">Requests per second over all connections (open model), or 0 (closed model).</param>
    /// <param name="stateOut">Where the residents' ballots afterwards are written, for write scenarios.</param>
    public async Task<WrkResult> RunAsync(
        WrkShape shape, string scenario, string? round, double rate, TimeSpan warmUp, TimeSpan measured, string? stateOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var output = Path.Combine(shape.Inputs, $"result-{Guid.NewGuid():N}.json");

        // A second after the window lets the requests due at its end be answered; they count, later ones do not. In the
        // open model each thread's schedule starts only once it has read its residents (the script), so wrk runs that
        // much longer: a thread not ready within the allowance leaves requests unsent, and the report says so.
        var seconds = (int)Math.Ceiling((warmUp + measured + (rate > 0 ? openStartAllowance : TimeSpan.Zero)).TotalSeconds) + 1;
        var start = new ProcessStartInfo(wrkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", Text(shape.Threads), "-c", Text(shape.Connections), "-d", $"{Text(seconds)}s", "--timeout", "10s",
            "-s", scriptPath, target.GetLeftPart(UriPartial.Authority),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BB_SCENARIO"] = scenario;
        start.Environment["BB_ROUND"] = round ?? "";
        start.Environment["BB_DIR"] = shape.Inputs;
        start.Environment["BB_THREADS"] = Text(shape.Threads);
        start.Environment["BB_CONNECTIONS"] = Text(shape.Connections);
        start.Environment["BB_RATE"] = rate.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_WARMUP_S"] = warmUp.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_MEASURE_S"] = measured.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        start.Environment["BB_OUT"] = output;
        start.Environment["BB_STATE_OUT"] = stateOut ?? "";

        using var process = Process.Start(start) ?? throw new TrialException($"wrk ('{wrkPath}') could not be started.");
        var cpu = MeasureCpuAsync(process.Id, warmUp, measured, cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var errors = await stderr;
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new TrialException($"wrk ended with exit code {process.ExitCode} for {scenario}: {errors}{await stdout}".Trim());
        }

        var result = JsonSerializer.Deserialize<WrkResult>(await File.ReadAllTextAsync(output, cancellationToken), Json)
            ?? throw new TrialException($"The scenario script wrote an empty result for {scenario}.");
        File.Delete(output);
        return result with { Cpu = await cpu };
    }

    /// <summary>The CPU used from the end of the warm-up to the end of the measured window, timed from wrk's start as the
    /// script times its window (within a few milliseconds of it); null without a node to watch, or when wrk ended
    /// before the window did.</summary>
    private async Task<CpuUse?> MeasureCpuAsync(int engineProcessId, TimeSpan warmUp, TimeSpan measured, CancellationToken cancellationToken)
    {
        if (nodeProcessId is not { } node)
        {
            return null;
        }

        await Task.Delay(warmUp, cancellationToken);
        var start = ProcCpu.Read(node, engineProcessId);
        await Task.Delay(measured, cancellationToken);
        return CpuReading.Between(start, ProcCpu.Read(node, engineProcessId));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
