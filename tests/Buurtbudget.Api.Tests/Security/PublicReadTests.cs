using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>Public pages: anyone may read rounds, proposals, results, the bulletin board and spending without an
/// account; a round in draft, a ballot, the event log and codes stay private; anonymous reads are rate limited per
/// address. Who may call what is in <see cref="AuthorizationMatrixTests"/>; these check what an anonymous reader sees.</summary>
public sealed class PublicReadTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_anonymous_reader_sees_rounds_but_never_one_in_draft()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var draft = await RoundScenario.CreateAsync(app);
        var voting = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var anonymous = app.Anonymous();

        var listed = (await anonymous.GetAsync("/api/rounds").Ok()).AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.Contains(voting, listed);
        Assert.DoesNotContain(draft, listed);
        Assert.Empty((await anonymous.GetAsync("/api/rounds?phase=draft").Ok()).AsArray());
        await (await anonymous.GetAsync($"/api/rounds/{draft}")).Problem(HttpStatusCode.NotFound, "round-not-found");
        await (await anonymous.GetAsync($"/api/rounds/{draft}/proposals")).Problem(HttpStatusCode.NotFound, "round-not-found");

        // Signed in, the draft is listed as before.
        var signedIn = (await app.Resident("lezer", Http.Delfshaven).GetAsync("/api/rounds").Ok()).AsArray().Select(r => (string?)r!["id"]);
        Assert.Contains(draft, signedIn);
    }

    [Fact]
    public async Task An_anonymous_reader_sees_a_round_and_its_proposals_but_none_as_their_own()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000, 300_000]);
        var anonymous = app.Anonymous();

        var read = await anonymous.GetAsync($"/api/rounds/{round}").Ok();
        Assert.Equal("voting", (string?)read["phase"]);
        var proposals = (await anonymous.GetAsync($"/api/rounds/{round}/proposals").Ok()).AsArray();
        Assert.Equal(2, proposals.Count);
        Assert.All(proposals, p => Assert.False((bool)p!["isMine"]!));
        Assert.False((bool)(await anonymous.GetAsync($"/api/rounds/{round}/proposals/1").Ok())["isMine"]!);
    }

    [Fact]
    public async Task What_stays_private_asks_an_anonymous_caller_to_sign_in()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var anonymous = app.Anonymous();

        await (await anonymous.GetAsync($"/api/rounds/{round}/ballot")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.GetAsync($"/api/rounds/{round}/events")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.GetAsync($"/api/rounds/{round}/voting-codes")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.GetAsync($"/api/rounds/{round}/tally")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.GetAsync($"/api/wijken/{Http.Delfshaven}/budget")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Anonymous_reads_are_limited_per_address_and_signed_in_reads_from_it_are_not()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?> { ["RateLimits:PublicRead:AnonymousPerAddressPerMinute"] = "3" });
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        const string library = "198.51.100.60";
        var anonymous = BuurtbudgetApp.From(app.Anonymous(), library);

        for (var i = 0; i < 3; i++)
        {
            await anonymous.GetAsync($"/api/rounds/{round}").Ok();
        }

        await (await anonymous.GetAsync($"/api/rounds/{round}/proposals")).Problem(HttpStatusCode.TooManyRequests, "too-many-requests");

        // Another address has its own window; a resident signed in behind the library is not counted here.
        await BuurtbudgetApp.From(app.Anonymous(), "198.51.100.61").GetAsync($"/api/rounds/{round}").Ok();
        var resident = BuurtbudgetApp.From(app.Resident("lezer", Http.Delfshaven), library);
        for (var i = 0; i < 5; i++)
        {
            await resident.GetAsync($"/api/rounds/{round}").Ok();
        }
    }
}
