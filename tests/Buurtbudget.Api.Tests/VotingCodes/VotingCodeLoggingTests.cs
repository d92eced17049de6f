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
}
