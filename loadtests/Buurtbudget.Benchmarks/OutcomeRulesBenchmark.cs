using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Benchmarks;

/// <summary>Times every outcome rule on every Pabulib instance whole runs at a time (parse once, then decide), and
/// compares with the time the reference library took (reference_seconds in the expected JSON).</summary>
internal static class OutcomeRulesBenchmark
{
    public static int Run(string[] args)
    {
        var dataDirectory = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault()
            ?? Path.Combine("tests", "Buurtbudget.Domain.Tests", "Outcomes", "Pabulib", "Data");
        var repeat = Arguments.Option(args, "--repeat") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var only = Arguments.Option(args, "--only");
        if (!Directory.Exists(dataDirectory))
        {
            Console.Error.WriteLine($"No data directory {dataDirectory}; run from the repository root or pass one.");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"file",-58} {"rule",-20} {"ms (best)",10} {"reference s",12} {"speed-up",9}"));
        var slowest = TimeSpan.Zero;
        foreach (var path in Directory.GetFiles(dataDirectory, "*.pb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (only is not null && !name.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            var parsed = PabulibParser.Parse(File.ReadAllText(path));
            if (parsed.File is null || PabulibElection.From(parsed.File, out _) is not { } election)
            {
                continue;
            }

            using var expected = JsonDocument.Parse(File.ReadAllText(path + ".json"));
            foreach (var outcome in expected.RootElement.GetProperty("outcomes").EnumerateObject())
            {
                if (!OutcomeRuleNames.TryParseRule(outcome.Name, out var rule))
                {
                    continue;
                }

                var best = TimeSpan.MaxValue;
                for (var run = 0; run < repeat; run++)
                {
                    var watch = Stopwatch.StartNew();
                    OutcomeRules.Decide(election.Election, rule, TieBreak.Lexicographic, minimumSupport: 0);
                    watch.Stop();
                    best = watch.Elapsed < best ? watch.Elapsed : best;
                }

                slowest = best > slowest ? best : slowest;
                var reference = outcome.Value.GetProperty("reference_seconds");
                var referenceSeconds = reference.ValueKind == JsonValueKind.Number ? reference.GetDouble() : (double?)null;
                var ratio = referenceSeconds is { } seconds ? $"{seconds / best.TotalSeconds,8:0}x" : "       -";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-58} {outcome.Name,-20} {best.TotalMilliseconds,10:0.0} {(referenceSeconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-"),12} {ratio}"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest run: {slowest.TotalMilliseconds:0.0} ms (target: under 1000 ms)"));
        return 0;
    }
}
