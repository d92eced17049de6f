using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Rounds;

/// <summary>A round whose stored log was changed behind the platform's back: every view of it says so, and it takes no
/// changes, so no one is shown changed tallies without a word and nothing is built on a changed log.</summary>
public sealed class BrokenRoundTests : IDisposable
{
    private const string BrokenAtHeader = "Buurtbudget-Round-Broken-At";

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_view_of_a_tampered_round_carries_the_warning_and_every_change_is_refused()
    {
        string round;
        long tampered;
        long eventsBefore;
        await using (var before = new BuurtbudgetApp(_directory))
        {
            round = await RoundScenario.InVotingAsync(before, 1_000_000, [600_000, 500_000], liveTally: true);
            await before.Resident("bewoner-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
            await before.Resident("bewoner-2", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();
            tampered = (long)(await RoundScenario.BallotEventsAsync(before, round))[0]["sequence"]!;
            eventsBefore = await RoundScenario.EventCountAsync(before, round);
        }

        await DatabaseTampering.ChangeFirstBallotForProposalOneAsync(_directory);

        // A new start loads the round from the changed store, as after any restart or idle collection.
        await using var app = new BuurtbudgetApp(_directory);
        var resident = app.Resident("bewoner-3", Http.Delfshaven);
        var coordinator = app.Coordinator(Http.Delfshaven);

        var detail = await resident.GetAsync($"/api/rounds/{round}");
        AssertWarned(detail, tampered);
        var shown = await detail.Json(HttpStatusCode.OK);
        Assert.Equal("broken", (string?)shown["integrity"]);
        Assert.Equal(tampered, (long?)shown["brokenAtSequence"]);

        var listed = (await resident.GetAsync("/api/rounds").Ok()).AsArray().Single(r => (string?)r!["id"] == round)!;
        Assert.Equal("broken", (string?)listed["integrity"]);
        Assert.Equal(tampered, (long?)listed["brokenAtSequence"]);

        foreach (var view in new[] { "proposals", "proposals/1", "tally", "results", "ballot" })
        {
            AssertWarned(await resident.GetAsync($"/api/rounds/{round}/{view}"), tampered);
        }

        AssertWarned(await coordinator.GetAsync($"/api/rounds/{round}/tally"), tampered);

        // Voting is open in what the log still vouches for, yet neither a ballot nor a phase move is stored.
        var ballot = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2));
        AssertWarned(ballot, tampered);
        await ballot.Problem(HttpStatusCode.Conflict, "round-broken");
        await (await coordinator.Post($"/api/rounds/{round}/phase", new { to = "tallied" })).Problem(HttpStatusCode.Conflict, "round-broken");
        Assert.Equal(eventsBefore, await RoundScenario.EventCountAsync(app, round));

        // Auditors still read the log as stored, with the break named.
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok();
        Assert.False((bool)log["chainValid"]!);
    }

    [Fact]
    public async Task An_untouched_round_is_shown_intact_without_the_warning()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000]);

        var detail = await app.Resident("bewoner-1", Http.Delfshaven).GetAsync($"/api/rounds/{round}");

        Assert.False(detail.Headers.Contains(BrokenAtHeader));
        var shown = await detail.Json(HttpStatusCode.OK);
        Assert.Equal("intact", (string?)shown["integrity"]);
        Assert.Null(shown["brokenAtSequence"]);
    }

    private static void AssertWarned(HttpResponseMessage response, long sequence)
    {
        Assert.True(response.Headers.TryGetValues(BrokenAtHeader, out var values), $"{response.RequestMessage?.RequestUri} ({(int)response.StatusCode}) carries no warning.");
        Assert.Equal(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(values));
    }
}
