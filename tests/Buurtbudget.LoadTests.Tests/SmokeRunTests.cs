using System.Text.Json;
using Xunit.Abstractions;

namespace Buurtbudget.LoadTests.Tests;

/// <summary>The load tests' short version, in every CI run: every scenario runs against a real node through wrk, the
/// checks find every acknowledged ballot counted once, and the report has the fields the issue names. Its figures
/// mean nothing (a few seconds on a busy machine); the full run is loadtests/load-tests.sh.</summary>
public sealed class SmokeRunTests(SmokeRun run) : IClassFixture<SmokeRun>
{
    private static readonly string[] Scenarios =
        ["ping", "ping-signed-in", "first-ballot", "replace", "tally", "proposals", "mixed", "closing-spike"];

    private static readonly string[] Writes = ["first-ballot", "replace", "mixed", "closing-spike"];

    [Fact]
    public void Every_scenario_runs_and_every_acknowledged_ballot_is_counted_exactly_once()
    {
        var report = run.Report;

        Assert.True(report.Passed, string.Join('\n', report.Targets.Select(t => $"{t.Target}: {t.Measured} ({t.Met})")));
        Assert.Equal(Scenarios, report.Scenarios.Select(s => s.Scenario).Distinct());
        Assert.All(report.Scenarios, s =>
        {
            Assert.True(s.Rps > 0, $"{s.Scenario} ({s.Model}) measured no requests.");
            Assert.Equal(0, s.Status5xx);
            Assert.True(s.Problems.Count == 0, $"{s.Scenario} ({s.Model}): {string.Join("; ", s.Problems)}");
        });
        var writes = report.Scenarios.Where(s => Writes.Contains(s.Scenario)).ToList();
        Assert.Equal(8, writes.Count);
        Assert.All(writes, s =>
        {
            Assert.True(s.Correct, $"{s.Scenario} ({s.Model}) was not counted correctly.");
            Assert.True(s.Acknowledged > 0, $"{s.Scenario} ({s.Model}) acknowledged no ballot, so nothing was checked.");
            if (s.Threads == s.Connections)
            {
                Assert.Equal(s.Acknowledged, s.Counted);
            }
            else
            {
                // Shared shape: ballots in flight when wrk stopped may have landed unacknowledged, one per connection at most.
                Assert.InRange(s.Counted!.Value, s.Acknowledged!.Value, s.Acknowledged.Value + s.Connections);
            }
        });

        // The first ballot was measured between two windows of the ceiling, and all three a second time over fewer
        // load-engine threads.
        string[] alternated = ["ping-signed-in", "first-ballot", "ping-signed-in"];
        Assert.Equal(alternated, report.Scenarios.Where(s => s.Threads == s.Connections && !s.IsOpen).Select(s => s.Scenario).Skip(1).Take(3));
        Assert.Equal(alternated, report.Scenarios.Where(s => s.Threads < s.Connections).Select(s => s.Scenario));

        // The latency floor: the signed-in ping in the open model, beside the first ballot's open run.
        Assert.Equal(["first-ballot", "ping-signed-in"], report.Scenarios.Where(s => s.IsOpen).Select(s => s.Scenario).Take(2));
        Assert.Contains(report.Targets, t => t.Measured.Contains("the signed-in ping at", StringComparison.Ordinal));
        Assert.Contains(report.Targets, t => t.Target.Contains("load-engine threads", StringComparison.Ordinal));

        // The closing spike: every resident voted in a fresh round.
        Assert.Equal(run.Options.Residents, report.Scenarios.Single(s => s.Scenario == "closing-spike").Acknowledged);

        // Where the machine's CPU went in every measured window: the node and wrk each spent some on every request, and
        // the idle share is a share.
        Assert.All(report.Scenarios, s =>
        {
            Assert.True(s.NodeCpuUs > 0, $"{s.Scenario} ({s.Model}): the node's CPU per request was not read ({s.NodeCpuUs}).");
            Assert.True(s.EngineCpuUs > 0, $"{s.Scenario} ({s.Model}): wrk's CPU per request was not read ({s.EngineCpuUs}).");
            Assert.InRange(s.IdleShare!.Value, 0, 1);
        });
        Assert.Contains(report.Targets, t => t.Measured.Contains("the node's CPU per request, ceiling over ballot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_report_is_written_as_json_with_the_named_fields_and_as_markdown()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run.Options.ResultsDirectory, "load-test-smoke.json")));
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(18, scenarios.Count);
        foreach (var scenario in scenarios)
        {
            foreach (var field in new[] { "scenario", "rps", "p50_ms", "p99_ms", "errors", "ceiling_rps", "ratio", "acknowledged", "counted", "node_cpu_us", "engine_cpu_us", "idle_share" })
            {
                Assert.True(scenario.TryGetProperty(field, out _), $"The JSON report lacks '{field}'.");
            }
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(run.Options.ResultsDirectory, "load-test-smoke.md"));
        Assert.Contains("| first-ballot | open |", markdown, StringComparison.Ordinal);
        Assert.Contains("coordinated", markdown, StringComparison.Ordinal);
    }
}

/// <summary>One smoke run for all the tests of the class (it takes about a minute), in a results directory of its own.</summary>
public sealed class SmokeRun(IMessageSink messages) : IAsyncLifetime
{
    public LoadTestOptions Options { get; private set; } = null!;

    public Reporting.LoadReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = Directory.CreateTempSubdirectory("buurtbudget-load-smoke-").FullName;
        Options = LoadTestOptions.Smoke(Path.Combine(directory, "results")) with
        {
            Wrk = await WrkTool.FindOrInstallAsync(),
            WorkDirectory = Path.Combine(directory, "work"),
        };
        using var log = new StringWriter();
        try
        {
            Report = await LoadTestRun.RunAsync(Options, log, CancellationToken.None);
        }
        finally
        {
            messages.OnMessage(new Xunit.Sdk.DiagnosticMessage(log.ToString()));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(Options.ResultsDirectory)!, recursive: true);
        return Task.CompletedTask;
    }
}
