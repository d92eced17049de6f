using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Rounds;

/// <summary>The "done when": a whole round over HTTP, with 1,000 residents voting at once, and a restart
/// that finds exactly the same round.</summary>
public sealed class WholeRoundTests : IDisposable
{
    private const long Budget = 6_000_000;
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_whole_round_runs_over_http_and_survives_a_restart()
    {
        string round;
        Dictionary<int, int[]> finalBallots;
        int replaced;
        string[] before;
        await using (var app = new BuurtbudgetApp(_directory))
        {
            round = await RoundScenario.CreateAsync(app, Budget);
            var coordinator = app.Coordinator(Http.Delfshaven);

            // Submission: eight residents propose; one edits, one withdraws, one submits a duplicate.
            await RoundScenario.MoveAsync(coordinator, round, "submission");
            long[] estimates = [1_200_000, 1_800_000, 650_000, 300_000, 1_500_000, 750_000, 900_000, 1_000_000];
            for (var i = 0; i < estimates.Length; i++)
            {
                var created = await (await app.Resident($"indiener-{i + 1}", Http.Delfshaven)
                    .Post($"/api/rounds/{round}/proposals", Http.Proposal($"Voorstel {i + 1}", estimates[i]))).Json(HttpStatusCode.Created);
                Assert.Equal(i + 1, (int)created["id"]!);
                Assert.True((bool)created["isMine"]!);
            }

            var edited = await app.Resident("indiener-3", Http.Delfshaven)
                .Put($"/api/rounds/{round}/proposals/3", Http.Proposal("Geveltuinen Middellandstraat", 700_000, "greenery")).Ok();
            Assert.Equal("Geveltuinen Middellandstraat", (string?)edited["title"]);
            await (await app.Resident("indiener-8", Http.Delfshaven).PostAsync($"/api/rounds/{round}/proposals/8/withdrawal", null)).Json(HttpStatusCode.OK);
            await (await app.Resident("indiener-9", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("Voorstel 1 nog een keer", 1_100_000)))
                .Json(HttpStatusCode.Created);

            // Review: six feasible (one at a different cost), one infeasible, the duplicate merged.
            await RoundScenario.MoveAsync(coordinator, round, "review");
            long[] approved = [1_200_000, 1_800_000, 700_000, 300_000, 1_650_000, 750_000];
            for (var i = 0; i < approved.Length; i++)
            {
                await (await coordinator.Post($"/api/rounds/{round}/proposals/{i + 1}/review", new { decision = "feasible", approvedCostCents = approved[i] }))
                    .Json(HttpStatusCode.OK);
            }

            var infeasible = await (await coordinator.Post($"/api/rounds/{round}/proposals/7/review", new { decision = "infeasible", reason = "Dit valt onder het onderhoudsbudget." })).Json(HttpStatusCode.OK);
            Assert.Equal("infeasible", (string?)infeasible["status"]);
            var merged = await (await coordinator.Post($"/api/rounds/{round}/proposals/9/merge", new { into = 1 })).Json(HttpStatusCode.OK);
            Assert.Equal(1, (int?)merged["mergedInto"]);

            // Voting: 1,000 residents at once, 300 of whom change their mind.
            await RoundScenario.MoveAsync(coordinator, round, "voting");
            (finalBallots, replaced) = await VoteAsync(app, round, approved);

            var tally = await coordinator.GetAsync($"/api/rounds/{round}/tally").Ok();
            Assert.Equal(1_000, (long)tally["turnout"]!);
            Assert.Equal(finalBallots.Values.Count(b => b.Length == 0), (long)tally["blankBallots"]!);
            foreach (var proposal in tally["proposals"]!.AsArray())
            {
                var id = (int)proposal!["proposalId"]!;
                Assert.Equal(finalBallots.Values.Count(b => b.Contains(id)), (long)proposal["voters"]!);
            }

            // A resident reads back exactly their last ballot.
            var mine = await app.Resident("bewoner-7", Http.Delfshaven).GetAsync($"/api/rounds/{round}/ballot").Ok();
            Assert.Equal(finalBallots[7], mine["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!).ToArray());
            Assert.True((bool)mine["saved"]!);

            // Close: the results follow the greedy rule, with an explanation for every proposal.
            await RoundScenario.MoveAsync(coordinator, round, "tallied");
            var results = await app.Resident("bewoner-1", Http.Delfshaven).GetAsync($"/api/rounds/{round}/results").Ok();
            var expectedWinners = ExpectedGreedyWinners(approved, finalBallots);
            var winners = results["proposals"]!.AsArray().Where(p => (bool)p!["won"]!).Select(p => (int)p!["proposalId"]!).Order().ToArray();
            Assert.Equal(expectedWinners, winners);
            Assert.True((long)results["spentCents"]! <= Budget);
            Assert.Equal(expectedWinners.Sum(id => approved[id - 1]), (long)results["spentCents"]!);
            Assert.All(results["proposals"]!.AsArray(), p => Assert.False(string.IsNullOrWhiteSpace((string?)p!["explanation"])));

            // The auditor's log: every event, chain intact.
            var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok();
            Assert.True((bool)log["chainValid"]!);
            var expectedEvents = 2 + 9 + 2 + 1 + 6 + 1 + 1 + 1 + 1_000 + replaced + 2;
            Assert.Equal(expectedEvents, (long)log["lastSequence"]!);
            Assert.Equal(expectedEvents, log["events"]!.AsArray().Count);
            Assert.Equal(1_000, log["events"]!.AsArray().Count(e => (string?)e!["type"] == "ballot-cast"));
            Assert.Equal(replaced, log["events"]!.AsArray().Count(e => (string?)e!["type"] == "ballot-replaced"));

            before = await ReadEverythingAsync(app, round);
        }

        // Restart on the same data directory: the same round, tallies, results and log.
        await using (var restarted = new BuurtbudgetApp(_directory))
        {
            var after = await ReadEverythingAsync(restarted, round);
            Assert.Equal(before, after);
        }
    }

    /// <summary>Every resident votes; three in ten vote again. A second ballot that happens to equal the first is
    /// no change (no event, same revision), so the number of real replacements is returned with the final ballots.</summary>
    private static async Task<(Dictionary<int, int[]> Final, int Replaced)> VoteAsync(BuurtbudgetApp app, string round, long[] costs)
    {
        var random = new Random(20261122);
        var plans = Enumerable.Range(1, 1_000).Select(voter => (Voter: voter, First: RandomBallot(random, costs), Second: RandomBallot(random, costs))).ToList();

        var votes = plans.Select(async plan =>
        {
            var client = app.Resident($"bewoner-{plan.Voter}", Http.Delfshaven);
            var first = await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(plan.First)).Ok();
            Assert.Equal(1, (int)first["revision"]!);
            Assert.True((bool)first["saved"]!);
            if (plan.Voter % 10 < 3)
            {
                var second = await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(plan.Second)).Ok();
                var changed = !plan.Second.SequenceEqual(plan.First);
                Assert.Equal(changed ? 2 : 1, (int)second["revision"]!);
                return (plan.Voter, Final: plan.Second, Replaced: changed);
            }

            return (plan.Voter, Final: plan.First, Replaced: false);
        });
        var voted = await Task.WhenAll(votes);
        return (voted.ToDictionary(v => v.Voter, v => v.Final), voted.Count(v => v.Replaced));
    }

    /// <summary>A random approval ballot within the budget; one in ten is blank.</summary>
    private static int[] RandomBallot(Random random, long[] costs)
    {
        if (random.Next(10) == 0)
        {
            return [];
        }

        var chosen = new List<int>();
        long total = 0;
        foreach (var id in Enumerable.Range(1, costs.Length).OrderBy(_ => random.Next()))
        {
            if (random.Next(2) == 0 && total + costs[id - 1] <= Budget)
            {
                chosen.Add(id);
                total += costs[id - 1];
            }
        }

        chosen.Sort();
        return [.. chosen];
    }

    /// <summary>Greedy, written out independently: most voters first; ties by lower cost, then smaller id as text.</summary>
    private static int[] ExpectedGreedyWinners(long[] costs, Dictionary<int, int[]> ballots)
    {
        var order = Enumerable.Range(1, costs.Length)
            .Select(id => (Id: id, Votes: ballots.Values.Count(b => b.Contains(id)), Cost: costs[id - 1]))
            .Where(p => p.Votes >= 1)
            .OrderByDescending(p => p.Votes).ThenBy(p => p.Cost).ThenBy(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var left = Budget;
        var winners = new List<int>();
        foreach (var (id, _, cost) in order)
        {
            if (cost <= left)
            {
                winners.Add(id);
                left -= cost;
            }
        }

        winners.Sort();
        return [.. winners];
    }

    private static async Task<string[]> ReadEverythingAsync(BuurtbudgetApp app, string round)
    {
        var auditor = app.Auditor();
        string[] paths = [$"/api/rounds/{round}", $"/api/rounds/{round}/proposals", $"/api/rounds/{round}/tally", $"/api/rounds/{round}/results", $"/api/rounds/{round}/events?limit=10000"];
        var bodies = new List<string>();
        foreach (var path in paths)
        {
            var body = await auditor.GetAsync(path).Ok();
            bodies.Add(body.ToJsonString());
        }

        return [.. bodies];
    }
}
