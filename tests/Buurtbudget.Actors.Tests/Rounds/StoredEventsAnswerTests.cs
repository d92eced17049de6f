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
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var appendsBefore = context.Store.AppendsStored;

        // The first ballot's write is held, so the others queue up behind it and go into later turns together.
        var gate = context.Store.HoldNextAppend();
        var first = Cast(grain, VotingRound.Resident(0), proposals[0]);
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var rest = Enumerable.Range(1, Voters - 1)
            .Select(n => Cast(grain, VotingRound.Resident(n), proposals[n % proposals.Length]))
            .ToList();
        await context.WaitUntilQueuedAsync(grain, Voters - 1);
        gate.Open();
        var answers = await Task.WhenAll([first, .. rest]).WaitAsync(ActorTestContext.HangGuard);

        Assert.True(context.Store.AppendsStored - appendsBefore < Voters, "The ballots were not group-committed.");
        for (var n = 0; n < Voters; n++)
        {
            var answer = answers[n];
            Assert.Equal(CommandStatus.Committed, answer.Status);
            var stored = answer.Cast!;
            var cast = Assert.IsType<BallotCast>(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
            Assert.Equal(VotingRound.Resident(n), cast.Voter);
            Assert.Equal(cast.Voter, answer.Ballot!.Ballot.Voter);
            Assert.Equal(stored.Sequence, answer.Ballot.Ballot.Sequence);
            var onDisk = await context.Store.ReadEventAsync(grain.RoundId(), stored.Sequence);
            Assert.Equal(onDisk!.Hash.ToArray(), stored.Hash.ToArray());
        }

        Assert.Equal(Voters, answers.Select(a => a.Cast!.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task An_unchanged_ballot_stores_nothing_and_its_ballot_points_at_the_event_that_did()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var voter = VotingRound.Resident(1);
        var cast = await Cast(grain, voter, proposals[1]);

        var again = await Cast(grain, voter, proposals[1]);

        Assert.Equal(CommandStatus.Committed, again.Status);
        Assert.Null(again.Cast);
        Assert.Equal(cast.Cast!.Sequence, again.Ballot!.Ballot.Sequence);
    }

    [Fact]
    public async Task Different_ballots_of_one_resident_in_one_batch_are_each_answered_with_their_own_choices()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());
        var voter = VotingRound.Resident(1);

        // Every ballot of one, two or three of the five proposals: 25 different ballots from one resident, queued in
        // this order behind a held write. The batch stores them all and the last one counts; each answer must still
        // describe its own request, never the batch's final state.
        var ballots = (
            from mask in Enumerable.Range(1, 31)
            let chosen = proposals.Where((_, i) => (mask & (1 << i)) != 0).ToArray()
            where chosen.Length <= 3
            select VotingRound.Ballot(voter, chosen)).ToList();
        var gate = context.Store.HoldNextAppend();
        var holder = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(2), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var answers = new List<Task<BallotResult>>();
        foreach (var ballot in ballots)
        {
            answers.Add(await context.SendQueuedAsync(grain, g => g.CastBallotAsync(ballot, VotingRound.FactsOf(voter))));
        }

        gate.Open();
        await holder;

        for (var n = 0; n < ballots.Count; n++)
        {
            var answer = await answers[n].WaitAsync(ActorTestContext.HangGuard);
            Assert.Equal(CommandStatus.Committed, answer.Status);
            var stored = answer.Cast!;
            var onDisk = await context.Store.ReadEventAsync(grain.RoundId(), stored.Sequence);
            Assert.Equal(onDisk!.Hash.ToArray(), stored.Hash.ToArray());
            var choices = RoundEventCodec.Decode(onDisk.Type, onDisk.Payload.Span) switch
            {
                BallotCast c => c.Choices,
                BallotReplaced r => r.Choices,
                var other => throw new InvalidOperationException($"{other.GetType().Name} is no ballot."),
            };
            Assert.Equal(ballots[n].Choices.AsEnumerable(), choices.AsEnumerable());
            Assert.Equal(ballots[n].Choices.AsEnumerable(), answer.Ballot!.Ballot.Choices.AsEnumerable());
            Assert.Equal(stored.Sequence, answer.Ballot.Ballot.Sequence);
        }

        Assert.Equal(ballots[^1].Choices.AsEnumerable(), (await grain.BallotAsync(voter))!.Choices.AsEnumerable());
    }

    private static Task<BallotResult> Cast(IRoundGrain grain, Domain.Common.ParticipantKey voter, params Domain.Proposals.ProposalId[] choices) =>
        grain.CastBallotAsync(VotingRound.Ballot(voter, choices), VotingRound.FactsOf(voter));
}
