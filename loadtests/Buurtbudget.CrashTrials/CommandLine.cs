using System.Globalization;
using Buurtbudget.CrashTrials.Trials;
using Buurtbudget.LoadTesting.Nodes;

namespace Buurtbudget.CrashTrials;

/// <summary>The harness's command line. Kept to plain options: the script that calls it is the interface people use.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: Buurtbudget.CrashTrials [--store sqlite|postgres] [--trials N] [--residents N] [--concurrency N]
                                       [--connection-string CS] [--time-limit hh:mm:ss] [--seed N] [--api PATH]
                                       [--work-directory DIR] [--data-per-trial true|false] [--cluster true|false]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var options = ParseTrials(args);
        var summary = await CrashTrialRunner.RunAsync(options, output, cancellationToken);
        return summary.Passed ? 0 : 1;
    }

    private static CrashTrialOptions ParseTrials(string[] args)
    {
        var values = Pairs(args);
        var store = Take(values, "--store", "sqlite") switch
        {
            "sqlite" => StoreKind.Sqlite,
            "postgres" => StoreKind.Postgres,
            var other => throw new UsageException($"--store is sqlite or postgres, not '{other}'."),
        };
        var defaults = new CrashTrialOptions { Store = store, Trials = 1 };
        var options = defaults with
        {
            Trials = Int(values, "--trials", 20),
            Residents = Int(values, "--residents", defaults.Residents),
            Concurrency = Int(values, "--concurrency", defaults.Concurrency),
            ConnectionString = values.Remove("--connection-string", out var connection) ? connection : null,
            TimeLimit = values.Remove("--time-limit", out var limit) ? Duration("--time-limit", limit) : defaults.TimeLimit,
            Seed = Int(values, "--seed", defaults.Seed),
            ApiAssemblyPath = values.Remove("--api", out var api) ? Path.GetFullPath(api) : defaults.ApiAssemblyPath,
            WorkDirectory = values.Remove("--work-directory", out var work) ? Path.GetFullPath(work) : defaults.WorkDirectory,
            DataPerTrial = Bool(values, "--data-per-trial", defaults.DataPerTrial),
            Cluster = Bool(values, "--cluster", defaults.Cluster),
        };
        if (values.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", values.Keys)}.");
        }

        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new UsageException(string.Join(' ', failures));
    }

    private static Dictionary<string, string> Pairs(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new UsageException($"Expected '--option value' pairs, found '{args[i]}'.");
            }

            values[args[i]] = args[i + 1];
        }

        return values;
    }

    private static string Take(Dictionary<string, string> values, string name, string fallback) =>
        values.Remove(name, out var value) ? value : fallback;

    private static bool Bool(Dictionary<string, string> values, string name, bool fallback)
    {
        if (!values.Remove(name, out var text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value) ? value : throw new UsageException($"{name} takes true or false, not '{text}'.");
    }

    private static TimeSpan Duration(string name, string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name} takes hh:mm:ss, not '{text}'.");

    private static int Int(Dictionary<string, string> values, string name, int fallback)
    {
        if (!values.Remove(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{name} takes a whole number, not '{text}'.");
    }
}

/// <summary>The command line cannot be understood: the message says why, followed by the usage.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
