using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Ballots;

/// <summary>A replayed or doubled ballot request never makes a second ballot, over HTTP and at once.</summary>
public sealed class IdempotentBallotTests : IDisposable
{
    // These tests are about the round, not the limiter: one resident sends 100 requests, more than the 30 a minute a
    // resident may, so the per-resident limit is raised here (RateLimitTests covers the limit itself).
    private static readonly Dictionary<string, string?> Unlimited = new(StringComparer.Ordinal)
    {
        ["RateLimits:Ballot:PerResidentPerMinute"] = "1000",
    };

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_hundred_identical_ballots_at_once_leave_one_ballot_and_one_ballot_event()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Unlimited);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000, 400_000], liveTally: true);
        var eventsBefore = await RoundScenario.EventCountAsync(app, round);
        var resident = app.Resident("dubbelklikker", Http.Delfshaven);

        // The same ballot, with the proposals in varying order: still the same ballot.
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(n =>
            resident.Put($"/api/rounds/{round}/ballot", n % 2 == 0 ? Http.Ballot(1, 3) : Http.Ballot(3, 1)).Ok()));

        Assert.All(answers, answer =>
        {
            Assert.True((bool)answer["saved"]!);
            Assert.Equal(1, (int)answer["revision"]!);
            Assert.Equal([1, 3], answer["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!));
        });
        Assert.Equal(eventsBefore + 1, await RoundScenario.EventCountAsync(app, round));
        Assert.Single(await RoundScenario.BallotEventsAsync(app, round));
        Assert.Equal(1, (long)(await resident.GetAsync($"/api/rounds/{round}/tally").Ok())["turnout"]!);
    }

    [Fact]
    public async Task A_hundred_alternating_ballots_at_once_leave_the_last_acknowledged_one()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Unlimited);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000, 400_000], liveTally: true);
        var resident = app.Resident("twijfelaar", Http.Delfshaven);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(n =>
            resident.Put($"/api/rounds/{round}/ballot", n % 2 == 0 ? Http.Ballot(1) : Http.Ballot(2, 3)).Ok()));

        // Answers are given once their turn is durable, so the highest revision answered is the ballot that stands.
        var last = answers.MaxBy(answer => (int)answer["revision"]!)!;
        var mine = await resident.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal((int)last["revision"]!, (int)mine["revision"]!);
        Assert.Equal(Choices(last), Choices(mine));
        var tally = await resident.GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(1, (long)tally["turnout"]!);
        var voters = tally["proposals"]!.AsArray().ToDictionary(p => (int)p!["proposalId"]!, p => (long)p!["voters"]!);
        long[] expected = Choices(mine).Contains(1) ? [1, 0, 0] : [0, 1, 1];
        long[] actual = [voters[1], voters[2], voters[3]];
        Assert.Equal(expected, actual);

        // One ballot-cast, and one ballot-replaced per real change: as many as the revision counts.
        var events = await RoundScenario.BallotEventsAsync(app, round);
        Assert.Single(events, e => (string?)e["type"] == "ballot-cast");
        Assert.Equal((int)mine["revision"]!, events.Count);
    }

    private static int[] Choices(JsonNode ballot) => [.. ballot["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!)];
}
