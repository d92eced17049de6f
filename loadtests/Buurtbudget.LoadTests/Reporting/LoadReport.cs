using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Buurtbudget.LoadTests.Reporting;

/// <summary>The whole run: the machine, the settings, every scenario and the targets, written as JSON (for tools) and
/// Markdown (for people) side by side.</summary>
public sealed record LoadReport(
    DateTimeOffset StartedAt,
    string Mode,
    int Cores,
    string LoadAverage,
    int Residents,
    int Connections,
    double LoadFraction,
    string Store,
    string Method,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<TargetResult> Targets)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public bool Passed => Targets.All(t => t.Met || (t.Performance && Mode.StartsWith("smoke", StringComparison.Ordinal)));

    /// <summary>Writes load-test-&lt;mode&gt;.json and .md into <paramref name="directory"/>; returns the Markdown path.</summary>
    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var name = Path.Combine(directory, $"load-test-{Mode}");
        File.WriteAllText(name + ".json", JsonSerializer.Serialize(this, Json) + "\n");
        File.WriteAllText(name + ".md", Markdown());
        return name + ".md";
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        Line(text, $"# Load test ({Mode}), {StartedAt:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        Line(text, $"{Cores} cores, load average before the run {LoadAverage}; one API node on {Store}, {Residents:N0} residents with a token each, {Connections} connections (one per wrk thread, and where the table says so {Connections} over fewer threads); open-model runs offered at {LoadFraction:P0} of the scenario's own saturation rate.");
        text.AppendLine();
        text.AppendLine("## Targets (first ballot, with token validation, durable)");
        text.AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var target in Targets)
        {
            Line(text, $"| {target.Target} | {target.Measured} | {(target.Met ? "yes" : "**no**")} |");
        }

        text.AppendLine();
        text.AppendLine("## Scenarios");
        text.AppendLine();
        text.AppendLine("| scenario | model | offered/s | rps | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | 5xx | unsent | ceiling | ratio | acknowledged | counted | correct | node CPU/req µs | wrk CPU/req µs | idle |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Scenarios)
        {
            var offered = s.IsOpen ? s.OfferedRps.ToString("N0", CultureInfo.InvariantCulture)
                : s.Threads < s.Connections ? $"{s.Threads} thr. × {s.Connections} conn." : $"{s.Connections} conn.";
            var correct = s.Correct switch { true => "yes", false => "**no**", null => "" };
            Line(text, $"| {s.Scenario} | {s.Model} | {offered} | {s.Rps:N0} | {s.P50Ms:0.0} | {s.P90Ms:0.0} | {s.P99Ms:0.0} | {s.P999Ms:0.0} | {s.Errors} | {s.Status5xx} | {s.Unsent} | {s.Ceiling} {s.CeilingRps:N0} | {s.Ratio:0.00} | {s.Acknowledged?.ToString("N0", CultureInfo.InvariantCulture)} | {s.Counted?.ToString("N0", CultureInfo.InvariantCulture)} | {correct} | {s.NodeCpuUs?.ToString("0", CultureInfo.InvariantCulture)} | {s.EngineCpuUs?.ToString("0", CultureInfo.InvariantCulture)} | {s.IdleShare?.ToString("P0", CultureInfo.InvariantCulture)} |");
        }

        var problems = Scenarios.Where(s => s.Problems.Count > 0).ToList();
        if (problems.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Problems");
            text.AppendLine();
            foreach (var s in problems)
            {
                foreach (var problem in s.Problems)
                {
                    Line(text, $"- {s.Scenario} ({s.Model}): {problem}");
                }
            }
        }

        text.AppendLine();
        text.AppendLine("## How it was measured");
        text.AppendLine();
        text.AppendLine(Method);
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
