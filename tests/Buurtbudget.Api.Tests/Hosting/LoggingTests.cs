using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
            .Where(e => (string?)e["Properties"]?["Route"] == "/api/rounds/{roundId}/ballot" && (string?)e["Properties"]?["RequestMethod"] == "PUT")
            .ToList();
        var vote = Assert.Single(votes);
        Assert.Equal(200, (int?)vote["Properties"]!["StatusCode"]);
        Assert.Equal(round, (string?)vote["Properties"]!["RoundId"]);
        Assert.NotNull(vote["Properties"]!["Elapsed"]);
        Assert.Null(vote["Properties"]!["ProblemType"]);

        var everything = string.Join('\n', lines);
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("stemmer-met-een-naam", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_refused_and_unauthenticated_leave_no_full_address_and_no_token_in_any_log()
    {
        var logFile = Path.Combine(_directory.Root, "everything.json");
        const string v4 = "203.0.113.77";
        const string v6 = "2001:db8:1234:5678::abcd";
        string token;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Everything, the framework's own request and authentication lines included.
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
            ["RateLimits:Ballot:PerResidentPerMinute"] = "1",
        }))
        {
            var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            token = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(_directory.Keys))
                .CreateToken("stemmer-met-een-naam", [Role.Resident], [DistrictCode.Parse(Http.Delfshaven)], TimeSpan.FromMinutes(5));
            var resident = BuurtbudgetApp.From(app.CreateClient(), v4);
            resident.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await resident.Put($"/api/rounds/{round}/ballot?code=QUERY-SECRET", Http.Ballot(1)).Ok();
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, (await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).StatusCode);

            // A token that does not verify (signed, then altered) is refused with 401, and is not logged either.
            var stranger = BuurtbudgetApp.From(app.CreateClient(), v6);
            stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/rounds/{round}/ballot")).StatusCode);

            // Whatever logs an address or a token (a framework category, a future mistake) has it cut before writing.
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Buurtbudget.Tests.Careless")
                .LogWarning("Client {Client} via {Proxy} sent {Header}", v4, v6, "Bearer " + token);
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        var statuses = lines.Select(l => JsonNode.Parse(l)!)
            .Where(e => (string?)e["Properties"]?["Route"] == "/api/rounds/{roundId}/ballot")
            .Select(e => (int?)e["Properties"]!["StatusCode"]).ToList();
        Assert.Contains(429, statuses);
        Assert.Contains(401, statuses);

        var everything = string.Join('\n', lines);
        Assert.DoesNotContain(v4, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:1234:5678", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token.Split('.')[1], everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2][..20], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("QUERY-SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("stemmer-met-een-naam", everything, StringComparison.Ordinal);

        // Cut to the network, not dropped: the careless line still says where from, as far as a /24 and a /48.
        Assert.Contains("203.0.113.0", everything, StringComparison.Ordinal);
        Assert.Contains("2001:db8:1234::", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_a_voting_code_and_a_query_string_reach_no_log_event_while_each_request_line_tells_its_outcome()
    {
        var logFile = Path.Combine(_directory.Root, "privacy.json");
        string round;
        string token;
        string code;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Every level of every category, the framework's request, routing and authentication lines included.
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
            ["RateLimits:Ballot:PerResidentPerMinute"] = "1",
        }))
        {
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            var codes = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = 1 })).Json(System.Net.HttpStatusCode.OK);
            code = (string)codes["codes"]![0]!;
            token = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(_directory.Keys))
                .CreateToken("bewoner-met-geheime-naam", [Role.Resident], [DistrictCode.Parse(Http.Delfshaven)], TimeSpan.FromMinutes(5));

            // The token in its header and, wrongly, in the query string; the code in its body and, wrongly, in the
            // query string too; a query string of its own.
            var resident = app.CreateClient();
            resident.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await resident.Put($"/api/rounds/{round}/ballot?access_token={token}&note=QUERY-GEHEIM", Http.Ballot(1)).Ok();
            var refused = await resident.Put($"/api/rounds/{round}/ballot?note=QUERY-GEHEIM", Http.Ballot(1));
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
            var anonymous = app.Anonymous();
            await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code?code={code}", new { code, choices = new[] { new { proposalId = 1 } } })).Json(System.Net.HttpStatusCode.OK);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/rounds/{round}/ballot?access_token={token}")).StatusCode);
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        var requests = lines.Select(l => JsonNode.Parse(l)!)
            .Where(e => (string?)e["@mt"] == "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms"
                && ((string?)e["Route"])?.StartsWith("/api/rounds/{roundId}/ballot", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, e => Assert.Equal(round, (string?)e["RoundId"]));
        Assert.Equal(
            [(200, null), (429, "https://buurtbudget.nl/problems/too-many-requests"), (200, null), (401, "https://buurtbudget.nl/problems/unauthenticated")],
            requests.Select(e => ((int)e["StatusCode"]!, (string?)e["ProblemType"])));

        var everything = string.Join('\n', lines);
        Assert.Contains("Request starting", everything, StringComparison.Ordinal);
        foreach (var secret in new[] { token, token.Split('.')[1], token.Split('.')[2], code, code.Replace("-", "", StringComparison.Ordinal), "QUERY-GEHEIM", "bewoner-met-geheime-naam" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_platforms_own_addresses_stay_whole_and_only_clients_are_cut()
    {
        var logFile = Path.Combine(_directory.Root, "addresses.json");
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
            ["urls"] = "http://10.20.30.41:5091;http://[2001:db8:feed::41]:5091",
            ["ForwardedHeaders:KnownProxies:0"] = "10.20.30.40",
            ["WebClient:Authority"] = "https://192.0.2.10:8443/realms/buurtbudget",
        }))
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Buurtbudget.Tests.Careless").LogWarning(
                "Node {Listening} and {ListeningV6} behind {Proxy}, provider {Authority}, local {Loopback}; client {Client} and {ClientV6}",
                "http://10.20.30.41:5091", "http://[2001:db8:feed::41]:5091", "10.20.30.40", "https://192.0.2.10:8443/realms/buurtbudget", "127.0.0.1",
                "203.0.113.77", "2001:db8:1234:5678::abcd");
        }

        var everything = await File.ReadAllTextAsync(logFile);
        Assert.Contains("http://10.20.30.41:5091", everything, StringComparison.Ordinal);
        Assert.Contains("2001:db8:feed::41", everything, StringComparison.Ordinal);
        Assert.Contains("\"10.20.30.40\"", everything, StringComparison.Ordinal);
        Assert.Contains("https://192.0.2.10:8443", everything, StringComparison.Ordinal);
        Assert.Contains("\"127.0.0.1\"", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.77", everything, StringComparison.Ordinal);
        Assert.Contains("203.0.113.0", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:1234:5678", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_makes_one_logger_per_category_and_it_still_writes_to_the_configured_sinks()
    {
        // Serilog's own factory makes a new logger on every call; the authentication handlers, made per request, call
        // it twice a request.
        var logFile = Path.Combine(_directory.Root, "categories.json");
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            var factory = app.Services.GetRequiredService<ILoggerFactory>();
            var first = factory.CreateLogger("Buurtbudget.Tests.Category");

            Assert.Same(first, factory.CreateLogger("Buurtbudget.Tests.Category"));
            Assert.NotSame(first, factory.CreateLogger("Buurtbudget.Tests.Other"));
            first.LogWarning("Kept logger {Marker}", "categorie-1");
        }

        var line = Assert.Single(await File.ReadAllLinesAsync(logFile), l => l.Contains("categorie-1", StringComparison.Ordinal));
        Assert.Contains("\"SourceContext\":\"Buurtbudget.Tests.Category\"", line, StringComparison.Ordinal);
    }
}
