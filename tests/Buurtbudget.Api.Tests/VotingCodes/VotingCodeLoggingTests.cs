using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.VotingCodes;

/// <summary>A voting code is as good as a ballot: it must never reach the log, neither when issued nor when used.</summary>
public sealed class VotingCodeLoggingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Issuing_and_voting_with_codes_logs_route_templates_but_no_code()
    {
        var logFile = Path.Combine(_directory.Root, "requests.json");
        List<string> codes;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:RequestFile:Name"] = "File",
            ["Serilog:WriteTo:RequestFile:Args:path"] = logFile,
            ["Serilog:WriteTo:RequestFile:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            var batch = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = 5 })).Json(HttpStatusCode.OK);
            codes = [.. batch["codes"]!.AsArray().Select(c => (string)c!)];
            var anonymous = app.Anonymous();
            await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code = codes[0], choices = new[] { new { proposalId = 1 } } })).Json(HttpStatusCode.OK);
            await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code = codes[0] })).Json(HttpStatusCode.OK);
            await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code = "ZZZZ-ZZZZ-ZZZZ-ZZZZ", choices = Array.Empty<object>() })).Json(HttpStatusCode.UnprocessableEntity);
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        // Route templates as RoutePattern gives them; a group's own path ends in a slash.
        var routes = lines.Select(l => ((string?)JsonNode.Parse(l)!["Properties"]?["Route"])?.TrimEnd('/')).ToList();
        Assert.Contains("/api/rounds/{roundId}/ballot/by-code", routes);
        Assert.Contains("/api/rounds/{roundId}/ballot/by-code/lookup", routes);
        Assert.Contains("/api/rounds/{roundId}/voting-codes", routes);

        var everything = string.Join('\n', lines);
        Assert.All(codes.Append("ZZZZ-ZZZZ-ZZZZ-ZZZZ"), code =>
        {
            Assert.DoesNotContain(code, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), everything, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Who_took_each_batch_of_codes_is_on_record_by_their_keyed_id_in_the_event_log_and_the_log()
    {
        var logFile = Path.Combine(_directory.Root, "batches.json");
        string round;
        JsonArray events;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes?format=csv", new { count = 3 })).Content.ReadAsStringAsync();
            await (await app.As(Identity.Callers.Role.Coordinator, "coordinator-tweede", Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = 2 })).Json(HttpStatusCode.OK);
            var log = await (await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000")).Json(HttpStatusCode.OK);
            events = log["events"]!.AsArray();
        }

        var issued = events.Where(e => (string?)e!["type"] == "voting-codes-issued").Select(e => e!["payload"]!).ToList();
        Assert.Equal(2, issued.Count);
        var issuers = issued.Select(e => (string)e["by"]!).ToList();
        Assert.NotEqual(issuers[0], issuers[1]);
        Assert.DoesNotContain("coordinator-", string.Join(' ', issuers), StringComparison.Ordinal);

        var lines = (await File.ReadAllLinesAsync(logFile)).Select(l => JsonNode.Parse(l)!["Properties"]!)
            .Where(p => p["CoordinatorKey"] is not null).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(issuers, lines.Select(p => (string)p["CoordinatorKey"]!));
        Assert.Equal([1, 2], lines.Select(p => (int)p["Batch"]!));
        Assert.All(lines, p => Assert.Equal(round, (string?)p["RoundId"]));
        Assert.Equal(["csv", "json"], lines.Select(p => (string)p["Format"]!));
    }
}
