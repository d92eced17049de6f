using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Audit;

public sealed class RecountApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_auditor_recounts_a_tallied_round_from_its_events_and_the_recount_joins_the_log()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 500_000, 300_000]);
        int[][] ballots = [[1], [2, 3], [2], [3], [1, 3]];
        for (var i = 0; i < ballots.Length; i++)
        {
            await app.Resident($"bewoner-{i}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(ballots[i])).Ok();
        }

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        var eventsBefore = await RoundScenario.EventCountAsync(app, round);

        var recount = await app.Auditor().Post($"/api/rounds/{round}/recount", new { }).Ok();

        var results = await app.Auditor().GetAsync($"/api/rounds/{round}/results").Ok();
        var published = results["proposals"]!.AsArray().Where(p => (bool)p!["won"]!).Select(p => (int)p!["proposalId"]!).Order().ToArray();
        Assert.True((bool)recount["matches"]!);
        Assert.Equal(published, recount["publishedWinners"]!.AsArray().Select(w => (int)w!).Order().ToArray());
        Assert.Equal(published, recount["recomputedWinners"]!.AsArray().Select(w => (int)w!).Order().ToArray());
        Assert.Equal(eventsBefore - 1, (long)recount["throughSequence"]!);

        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?after={eventsBefore}").Ok();
        Assert.True((bool)log["chainValid"]!);
        var recorded = Assert.Single(log["events"]!.AsArray());
        Assert.Equal("recount-recorded", (string?)recorded!["type"]);
        Assert.True((bool)recorded["payload"]!["matches"]!);
    }

    [Fact]
    public async Task A_round_still_in_voting_cannot_be_recounted()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000]);

        var problem = await (await app.Auditor().Post($"/api/rounds/{round}/recount", new { })).Problem(HttpStatusCode.Conflict, "wrong-phase");

        Assert.Contains("recount", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_whose_chain_is_broken_is_reported_and_not_recounted()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 500_000]);
        await app.Resident("bewoner-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        var eventsBefore = await RoundScenario.EventCountAsync(app, round);

        await DatabaseTampering.ChangeFirstBallotForProposalOneAsync(_directory);

        await (await app.Auditor().Post($"/api/rounds/{round}/recount", new { })).Problem(HttpStatusCode.Conflict, "event-log-broken");
        Assert.Equal(eventsBefore, await RoundScenario.EventCountAsync(app, round));
    }
}
