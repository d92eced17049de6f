using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>A command's answer carries its own events as stored, hashes included, so that a ballot's receipt needs no
/// read of the store; in a group commit each command gets exactly its slice of the batch.</summary>
public sealed class StoredEventsAnswerTests
{
    private const int Voters = 40;

    [Fact]
    public async Task Each_ballot_of_a_group_commit_is_answered_with_its_own_stored_event()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var appendsBefore = context.Store.AppendsStored;

        // The first ballot's write is held, so the others queue up behind it and go into later turns together.
        var gate = context.Store.HoldNextAppend();
        var first = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(0), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var rest = Enumerable.Range(1, Voters - 1)
            .Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length])))
            .ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        gate.Open();
        var answers = await Task.WhenAll([first, .. rest]).WaitAsync(ActorTestContext.HangGuard);

        Assert.True(context.Store.AppendsStored - appendsBefore < Voters, "The ballots were not group-committed.");
        for (var n = 0; n < Voters; n++)
        {
            var answer = answers[n];
            Assert.Equal(CommandStatus.Committed, answer.Status);
            var stored = Assert.Single(answer.Stored);
            var cast = Assert.IsType<BallotCast>(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
            Assert.Equal(VotingRound.Resident(n), cast.Voter);
            Assert.Equal(stored.Sequence, answer.State.Ballots[cast.Voter].Sequence);
            var onDisk = await context.Store.ReadEventAsync(grain.Id, stored.Sequence);
            Assert.Equal(onDisk!.Hash.ToArray(), stored.Hash.ToArray());
        }

        Assert.Equal(Voters, answers.Select(a => a.Stored[0].Sequence).Distinct().Count());
    }

    [Fact]
    public async Task An_unchanged_ballot_stores_nothing_and_its_ballot_points_at_the_event_that_did()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var voter = VotingRound.Resident(1);
        var cast = await VotingRound.CommitAsync(grain, VotingRound.Ballot(voter, proposals[1]));

        var again = await VotingRound.CommitAsync(grain, VotingRound.Ballot(voter, proposals[1]));

        Assert.Empty(again.Stored);
        Assert.Equal(cast.Stored[0].Sequence, again.State.Ballots[voter].Sequence);
    }
}
