using System.Globalization;

namespace Buurtbudget.LoadTests;

/// <summary>What a load-test run does. The defaults are the full run; <see cref="Smoke"/> is the short version the
/// test suite runs to keep the scenarios working (its figures mean nothing).</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        usage: Buurtbudget.LoadTests [--smoke] [--hot-path] [--residents N] [--connections N] [--threads N] [--warm-up S] [--duration S]
                                     [--saturation-duration S] [--load-fraction F] [--node-warm-up S] [--alternations N] [--results DIR]
                                     [--wrk PATH]
                                     [--api PATH] [--work-directory DIR]
        """;

    public string Mode { get; init; } = "full";

    /// <summary>Only the ceilings and the first ballot, closed and open: what the targets are measured on. A short run
    /// (about a minute once the tokens are kept) for profiling the hot path; its report is named after the mode.</summary>
    public bool HotPathOnly { get; init; }

    /// <summary>Distinct residents, one token each; first-ballot runs each take fresh ones.</summary>
    public int Residents { get; init; } = 200_000;

    /// <summary>Connections, one per wrk thread.</summary>
    public int Connections { get; init; } = 64;

    /// <summary>The shared shape's wrk threads: the ceiling and the first ballot are measured a second time with
    /// <see cref="Connections"/> connections over this many threads, as a load engine on few cores drives them, so
    /// that the ratio is known to hold in both shapes. At least <see cref="Connections"/>: no second shape.</summary>
    public int SharedThreads { get; init; } = 2;

    public bool MeasuresSharedShape => SharedThreads < Connections;

    /// <summary>The first ballot's ratio to the signed-in ceiling is measured in this many first-ballot windows per
    /// shape, each between two windows of the ceiling (ceiling, ballot, ceiling, …), and reported as the median of
    /// the windows' ratios (see <see cref="Reporting.AlternatedRatio"/>).</summary>
    public int Alternations { get; init; } = 5;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Before anything is measured, the node serves signed-in pings and then first ballots (in a round of its
    /// own) for this long each, unmeasured: a node on a voting day has run for hours, and until the runtime's tiered
    /// compiler has optimised the voting path, it competes with it for the cores. Profiled on this machine with a
    /// 5-second warm-up per scenario only, the tiering compiler's thread still took 16% of the node's CPU in the measured
    /// window of the first ballot, and about none in the ceiling's: the ratio then measured the start-up of the
    /// voting path. 0 leaves it out.</summary>
    public TimeSpan NodeWarmUp { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The measured window of an open-model run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The measured window of a closed-model (saturation) run.</summary>
    public TimeSpan SaturationDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How much longer wrk runs in the open model, so that each thread's window fits after it has read its
    /// residents' tokens (wrk reads them for one thread after the other: 64 threads with 200,000 residents took about
    /// 1.5 s on two cores). A thread not ready in time leaves requests unsent, and the report says so.</summary>
    public TimeSpan OpenStartAllowance { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Open-model runs are offered this fraction of the scenario's saturation rate.</summary>
    public double LoadFraction { get; init; } = 0.7;

    public string ResultsDirectory { get; init; } = "loadtests/results";

    public string Wrk { get; init; } = "wrk";

    public string ScriptPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "wrk", "scenarios.lua");

    public string ApiAssemblyPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "Buurtbudget.Api.dll");

    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "buurtbudget-load-tests");

    public static LoadTestOptions Smoke(string resultsDirectory) => new()
    {
        Mode = "smoke",
        Residents = 24_000,
        Connections = 8,
        Alternations = 1,
        WarmUp = TimeSpan.FromSeconds(0.5),
        NodeWarmUp = TimeSpan.FromSeconds(0.5),
        Duration = TimeSpan.FromSeconds(1.5),
        SaturationDuration = TimeSpan.FromSeconds(1.5),
        OpenStartAllowance = TimeSpan.FromSeconds(1), // 8 threads with 24,000 residents: a tenth of the full run's tokens
        ResultsDirectory = resultsDirectory,

        // Apart from the full run's, so that a smoke run never replaces its 200,000 kept tokens with 24,000.
        WorkDirectory = Path.Combine(Path.GetTempPath(), "buurtbudget-load-tests-smoke"),
    };

    public static LoadTestOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = args.ToList();
        var options = list.Remove("--smoke") ? Smoke(new LoadTestOptions().ResultsDirectory) : new LoadTestOptions();
        if (list.Remove("--hot-path"))
        {
            options = options with { HotPathOnly = true, Mode = options.Mode + "-hot-path" };
        }

        for (var i = 0; i < list.Count; i += 2)
        {
            if (i + 1 >= list.Count)
            {
                throw new UsageException($"{list[i]} needs a value.");
            }

            var value = list[i + 1];
            options = list[i] switch
            {
                "--residents" => options with { Residents = Int(list[i], value, 1_000) },
                "--connections" => options with { Connections = Int(list[i], value, 1) },
                "--threads" => options with { SharedThreads = Int(list[i], value, 1) },
                "--alternations" => options with { Alternations = Int(list[i], value, 1) },
                "--warm-up" => options with { WarmUp = Seconds(list[i], value) },
                "--node-warm-up" => options with { NodeWarmUp = Seconds(list[i], value) },
                "--duration" => options with { Duration = Seconds(list[i], value) },
                "--saturation-duration" => options with { SaturationDuration = Seconds(list[i], value) },
                "--load-fraction" => options with { LoadFraction = Fraction(list[i], value) },
                "--results" => options with { ResultsDirectory = value },
                "--wrk" => options with { Wrk = value },
                "--api" => options with { ApiAssemblyPath = Path.GetFullPath(value) },
                "--work-directory" => options with { WorkDirectory = Path.GetFullPath(value) },
                var other => throw new UsageException($"Unknown option '{other}'."),
            };
        }

        return options;
    }

    private static int Int(string name, string text, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new UsageException($"{name} takes a whole number of at least {minimum}, not '{text}'.");

    private static TimeSpan Seconds(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 3600
            ? TimeSpan.FromSeconds(value)
            : throw new UsageException($"{name} takes seconds between 0 and 3600, not '{text}'.");

    private static double Fraction(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 2
            ? value
            : throw new UsageException($"{name} takes a fraction above 0 and at most 2, not '{text}'.");
}

public sealed class UsageException(string message) : Exception(message);
