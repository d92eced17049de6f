using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class ConcurrentBallotTests
{
    private const int Residents = 1_000;

    [Fact]
    public async Task Ballots_of_a_thousand_residents_at_once_are_each_counted_exactly_once()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host, proposals: 6);
        var appendsBefore = context.Store.AppendsStored;

        // Every resident casts one ballot; every third replaces it right after. Choices vary per resident, so a
        // ballot counted twice, lost, or credited to the wrong resident changes the tally.
        var lastChoices = new ImmutableArray<ProposalId>[Residents];
        var commands = 0;
        var voting = Enumerable.Range(0, Residents).Select(async n =>
        {
            var voter = VotingRound.Resident(n);
            var first = ChoicesFor(n, proposals, salt: 0);
            var result = await grain.ExecuteAsync(VotingRound.Ballot(voter, [.. first]));
            Assert.Equal(CommandStatus.Committed, result.Status);
            Interlocked.Increment(ref commands);
            lastChoices[n] = first;
            if (n % 3 == 0)
            {
                var second = ChoicesFor(n, proposals, salt: 1);
                result = await grain.ExecuteAsync(VotingRound.Ballot(voter, [.. second]));
                Assert.Equal(CommandStatus.Committed, result.Status);
                Interlocked.Increment(ref commands);
                lastChoices[n] = second;
            }
        });
        await Task.WhenAll(voting).WaitAsync(ActorTestContext.HangGuard);

        var expectedTally = ExpectedVoters(lastChoices, proposals);
        await AssertCountedOnceAsync(grain, lastChoices, expectedTally);

        var appends = context.Store.AppendsStored - appendsBefore;
        Assert.True(appends < commands, $"{commands} commands took {appends} appends: the turns did not batch.");

        // The same holds for the round as storage has it.
        await context.Cluster.StopAllSilosAsync();
        var reloaded = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());
        await AssertCountedOnceAsync(reloaded, lastChoices, expectedTally);
        await StateAssert.EquivalentAsync(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), reloaded);
        Assert.Empty(context.Log.Problems);
    }

    private static ImmutableArray<ProposalId> ChoicesFor(int resident, ImmutableArray<ProposalId> proposals, int salt)
    {
        // One to three distinct proposals (the round allows at most three), spread over all of them.
        var count = 1 + ((resident + salt) % 3);
        var start = ((resident * 7) + (salt * 3)) % proposals.Length;
        return [.. Enumerable.Range(0, count).Select(i => proposals[(start + i) % proposals.Length])];
    }

    private static Dictionary<ProposalId, long> ExpectedVoters(ImmutableArray<ProposalId>[] lastChoices, ImmutableArray<ProposalId> proposals)
    {
        var voters = proposals.ToDictionary(p => p, _ => 0L);
        foreach (var choice in lastChoices.SelectMany(c => c))
        {
            voters[choice]++;
        }

        return voters;
    }

    private static async Task AssertCountedOnceAsync(IRoundGrain grain, ImmutableArray<ProposalId>[] lastChoices, Dictionary<ProposalId, long> expectedVoters)
    {
        var state = await grain.RoundAsync();
        Assert.Equal(Residents, state.Tally.Turnout);
        Assert.Equal(Residents, state.BallotCount);
        var ballots = new List<Domain.Ballots.Ballot>();
        for (var n = 0; n < Residents; n++)
        {
            var ballot = await grain.BallotAsync(VotingRound.Resident(n));
            Assert.NotNull(ballot);
            Assert.Equal(lastChoices[n].Order(), ballot.Choices.Select(c => c.Proposal).Order());
            Assert.Equal(n % 3 == 0 ? 2 : 1, ballot.Revision);
            ballots.Add(ballot);
        }

        // The running tally must equal a recount from each resident's last ballot.
        var recount = ballots
            .SelectMany(b => b.Choices)
            .GroupBy(c => c.Proposal)
            .ToDictionary(g => g.Key, g => (Voters: (long)g.Count(), Points: (long)g.Sum(c => c.Points)));
        foreach (var (proposal, voters) in expectedVoters)
        {
            var support = state.Tally.For(proposal);
            Assert.Equal(voters, support.Voters);
            Assert.Equal(recount.GetValueOrDefault(proposal).Voters, support.Voters);
            Assert.Equal(recount.GetValueOrDefault(proposal).Points, support.Points);
        }

        Assert.Equal(expectedVoters.Values.Sum(), state.Tally.Support.Values.Sum(s => s.Voters));
    }
}
