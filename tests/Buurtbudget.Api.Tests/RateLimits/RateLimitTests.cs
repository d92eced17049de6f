using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.RateLimits;

/// <summary>Voting is limited per resident and per address; a refused request gets 429 problem details that say
/// when to try again, and a Retry-After header.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_resident_over_the_limit_gets_429_with_when_to_try_again_and_others_still_vote()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerResidentPerMinute", "3")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var eager = app.Resident("haastige-bewoner", Http.Delfshaven);

        await eager.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await eager.GetAsync($"/api/rounds/{round}/ballot").Ok();
        await eager.Put($"/api/rounds/{round}/ballot", Http.Ballot()).Ok();
        var refused = await eager.Put($"/api/rounds/{round}/ballot", Http.Ballot(1));

        var problem = await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("Te veel verzoeken", (string?)problem["title"]);
        Assert.Contains($"over {retryAfter} seconden", (string?)problem["detail"], StringComparison.Ordinal);

        // The refused ballot was not processed: the blank one stands.
        var mine = await app.Resident("haastige-bewoner", Http.Delfshaven).GetAsync($"/api/rounds/{round}/ballot");
        Assert.Equal(HttpStatusCode.TooManyRequests, mine.StatusCode);
        await app.Resident("rustige-bewoner", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var tally = await app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(2, (long)tally["turnout"]!);
        Assert.Equal(1, (long)tally["blankBallots"]!);
    }

    [Fact]
    public async Task The_answer_is_in_English_when_asked()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerResidentPerMinute", "1")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var client = app.Resident("bewoner", Http.Delfshaven);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var refused = await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(1));

        var problem = await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal("Too many requests", (string?)problem["title"]);
        Assert.Contains("try again in", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_address_is_limited_across_residents_and_another_address_is_not()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerAddressPerMinute", "2")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);

        await BuurtbudgetApp.From(app.Resident("huisgenoot-1", Http.Delfshaven), "198.51.100.7").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await BuurtbudgetApp.From(app.Resident("huisgenoot-2", Http.Delfshaven), "198.51.100.7").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var third = await BuurtbudgetApp.From(app.Resident("huisgenoot-3", Http.Delfshaven), "198.51.100.7").Put($"/api/rounds/{round}/ballot", Http.Ballot(1));
        await third.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");

        await BuurtbudgetApp.From(app.Resident("huisgenoot-3", Http.Delfshaven), "198.51.100.8").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();

        // An IPv6 household is one /64: stepping to another address in it does not escape the limit.
        await BuurtbudgetApp.From(app.Resident("v6-1", Http.Delfshaven), "2001:db8:1:2::10").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await BuurtbudgetApp.From(app.Resident("v6-2", Http.Delfshaven), "2001:db8:1:2::11").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var stepped = await BuurtbudgetApp.From(app.Resident("v6-3", Http.Delfshaven), "2001:db8:1:2:ffff::1").Put($"/api/rounds/{round}/ballot", Http.Ballot(1));
        await stepped.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
    }

    [Fact]
    public async Task At_a_shared_address_an_eager_resident_anonymous_requests_and_readers_do_not_shut_out_a_neighbours_vote()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerResidentPerMinute", "2"), ("RateLimits:Ballot:PerAddressPerMinute", "3")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        const string library = "198.51.100.40";

        // One resident behind the library's address hammers: the resident limit refuses all but two.
        var eager = BuurtbudgetApp.From(app.Resident("haastig", Http.Delfshaven), library);
        var eagerAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            eagerAnswers.Add((await eager.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).StatusCode);
        }

        Assert.Equal(2, eagerAnswers.Count(status => status == HttpStatusCode.OK));

        // Anonymous requests from the same address are refused (401, then 429 in their own bucket) and spend nothing
        // of what the residents behind it share.
        var anonymous = BuurtbudgetApp.From(app.Anonymous(), library);
        for (var i = 0; i < 10; i++)
        {
            var status = (await anonymous.PutAsync($"/api/rounds/{round}/ballot", JsonContent.Create(Http.Ballot(1)))).StatusCode;
            Assert.Contains(status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
        }

        // Three neighbours read their ballots (they have none yet): reads have a bucket of their own.
        for (var reader = 1; reader <= 3; reader++)
        {
            var read = await BuurtbudgetApp.From(app.Resident($"lezer-{reader}", Http.Delfshaven), library).GetAsync($"/api/rounds/{round}/ballot");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, read.StatusCode);
        }

        await BuurtbudgetApp.From(app.Resident("buurvrouw", Http.Delfshaven), library).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit_and_a_spoofed_header_is_ignored()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerAddressPerMinute", "1"), ("ForwardedHeaders:KnownProxies:0", "10.0.0.5")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);

        // Through the proxies (loopback, and the configured one), clients are told apart by X-Forwarded-For.
        await Via(app, "loopback-1", "127.0.0.1", "198.51.100.21").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await Via(app, "loopback-2", "127.0.0.1", "198.51.100.22").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await Via(app, "proxied-1", "10.0.0.5", "198.51.100.23").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var again = await Via(app, "proxied-2", "10.0.0.5", "198.51.100.23").Put($"/api/rounds/{round}/ballot", Http.Ballot(1));
        await again.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");

        // A client that is no trusted proxy cannot choose its partition by sending the header itself.
        await Via(app, "spoofer-1", "192.0.2.50", "198.51.100.31").Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var spoofed = await Via(app, "spoofer-2", "192.0.2.50", "198.51.100.32").Put($"/api/rounds/{round}/ballot", Http.Ballot(1));
        await spoofed.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
    }

    [Fact]
    public async Task Other_endpoints_are_not_limited_by_the_ballot_limits()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Ballot:PerResidentPerMinute", "1"), ("RateLimits:Ballot:PerAddressPerMinute", "1")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var client = app.Resident("lezer", Http.Delfshaven);

        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync($"/api/rounds/{round}").Ok();
        }
    }

    [Fact]
    public async Task The_switch_turns_every_limit_off_for_load_tests()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings(("RateLimits:Enabled", "false"), ("RateLimits:Ballot:PerResidentPerMinute", "1")));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var client = app.Resident("lasttester", Http.Delfshaven);

        for (var i = 0; i < 5; i++)
        {
            await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        }
    }

    [Theory]
    [InlineData("RateLimits:Ballot:PerResidentPerMinute", "0")]
    [InlineData("RateLimits:Ballot:PerAddressPerMinute", "-5")]
    [InlineData("RateLimits:VotingCode:PerAddressPerMinute", "0")]
    [InlineData("RateLimits:VotingCode:PerSitePerMinute", "0")]
    [InlineData("RateLimits:VotingCode:AlarmPerRoundPerMinute", "2000000")]
    public async Task A_bad_limit_fails_the_start_and_names_the_setting(string key, string value)
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Settings((key, value)));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, app.StartupErrors, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);

    private static HttpClient Via(BuurtbudgetApp app, string resident, string connection, string forwardedFor)
    {
        var client = BuurtbudgetApp.From(app.Resident(resident, Http.Delfshaven), connection);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
