using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>A ballot cast again unchanged (a retried or doubled request) is accepted without an event. The answer
/// to it must still mean what every answer means: this ballot is durable, and it is the store's, not a guess.</summary>
public sealed class IdempotentBallotTests
{
    [Fact]
    public async Task A_hundred_identical_ballots_at_once_store_one_event_and_all_are_answered_with_it()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var before = (await grain.RoundAsync()).Version;
        var voter = VotingRound.Resident(1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => grain.CastBallotAsync(VotingRound.Ballot(voter, proposals[2], proposals[0]), VotingRound.FactsOf(voter))))
            .WaitAsync(ActorTestContext.HangGuard);

        Assert.All(answers, answer =>
        {
            Assert.Equal(CommandStatus.Committed, answer.Status);
            Assert.Equal(1, answer.Ballot!.Ballot.Revision);
        });
        var stored = Assert.Single(answers, answer => answer.Cast is not null).Cast!;
        Assert.All(answers, answer => Assert.Equal(stored.Sequence, answer.Ballot!.Ballot.Sequence));
        var onDisk = await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId());
        Assert.Equal(before + 1, onDisk.Version);
        Assert.Equal(1, onDisk.Tally.Turnout);
        Assert.Empty(context.Log.Problems);
    }

    [Fact]
    public async Task An_unchanged_ballot_is_answered_only_once_the_identical_one_before_it_is_durable()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var voter = VotingRound.Resident(1);

        var gate = context.Store.HoldNextAppend();
        var first = grain.ExecuteAsync(VotingRound.Ballot(voter, proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var repeat = grain.ExecuteAsync(VotingRound.Ballot(voter, proposals[0]));

        // The first write is still in flight: the repeat waits for it rather than trusting the undecided ballot.
        await context.WaitUntilQueuedAsync(grain, 1);
        Assert.False(repeat.IsCompleted);

        // The first write fails without storing anything: the repeat is then the one that stores the ballot.
        gate.Open(AppendOutcome.FailBeforeWriting);
        Assert.Equal(CommandStatus.StorageUnavailable, (await first.WaitAsync(ActorTestContext.HangGuard)).Status);
        var answer = await repeat.WaitAsync(ActorTestContext.HangGuard);
        Assert.Equal(CommandStatus.Committed, answer.Status);
        Assert.IsType<BallotCast>(Assert.Single(answer.Events));

        var onDisk = await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId());
        Assert.Equal(1, onDisk.Ballots[voter].Revision);
    }
}
