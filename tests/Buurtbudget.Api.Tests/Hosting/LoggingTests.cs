using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>One structured line per request with status, duration and round id; never a token or a subject.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_vote_is_logged_as_one_line_with_round_and_status_but_no_identity()
    {
        var logFile = Path.Combine(_directory.Root, "requests.json");
        string round;
        string token;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:RequestFile:Name"] = "File",
            ["Serilog:WriteTo:RequestFile:Args:path"] = logFile,
            ["Serilog:WriteTo:RequestFile:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            token = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(_directory.Keys))
                .CreateToken("stemmer-met-een-naam", [Role.Resident], [DistrictCode.Parse(Http.Delfshaven)], TimeSpan.FromMinutes(5));
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        var votes = lines.Select(l => JsonNode.Parse(l)!)
            .Where(e => (string?)e["Properties"]?["Route"] == "/api/rounds/{roundId}/ballot" && (string?)e["Properties"]?["Method"] == "PUT")
            .ToList();
        var vote = Assert.Single(votes);
        Assert.Equal(200, (int?)vote["Properties"]!["StatusCode"]);
        Assert.Equal(round, (string?)vote["Properties"]!["RoundId"]);
        Assert.NotNull(vote["Properties"]!["ElapsedMs"]);

        var everything = string.Join('\n', lines);
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("stemmer-met-een-naam", everything, StringComparison.Ordinal);
    }
}
