using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>A log changed behind the platform's back is found when the round loads, shown as broken, and never built
/// on; the round stays readable for the auditors who must look into it.</summary>
public sealed class TamperedLogTests
{
    private const int ChainBrokenEventId = 1004;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_log_changed_after_the_snapshot_head_loads_as_broken_at_the_first_event_at_fault_and_is_logged(bool dropped)
    {
        await using var context = new ActorTestContext();
        var (grain, atSnapshot, afterSnapshot) = await RoundWithSnapshotAndTwoLaterBallotsAsync(context);
        var atFault = atSnapshot.Version + 1;

        if (dropped)
        {
            await StoredLogTampering.DropEventAsync(context.DataDirectory, grain.RoundId(), atFault);
        }
        else
        {
            await StoredLogTampering.ChangeEventAsync(context.DataDirectory, grain.RoundId(), atFault);
        }

        var reloaded = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());

        // Still readable, but only as far as the chain vouches for it, and marked broken.
        var state = await reloaded.RoundAsync();
        StateAssert.Equivalent(atSnapshot, state);
        Assert.True(state.Version < afterSnapshot.Version);
        Assert.Equal(new RoundIntegrity(atFault), (await reloaded.GetViewAsync()).Integrity);
        var logged = Assert.Single(context.Log.Entries, e => e.EventId.Id == ChainBrokenEventId);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(grain.RoundId().ToString(), logged.Message, StringComparison.Ordinal);
        Assert.Contains($"sequence {atFault} ", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_snapshot_head_event_makes_the_snapshot_unusable_and_the_round_broken_there()
    {
        await using var context = new ActorTestContext();
        var (grain, atSnapshot, _) = await RoundWithSnapshotAndTwoLaterBallotsAsync(context);
        var head = atSnapshot.Version;

        await StoredLogTampering.ChangeEventAsync(context.DataDirectory, grain.RoundId(), head);

        var readsBefore = context.Store.ReadsAfter.Count;
        var reloaded = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());
        var state = await reloaded.RoundAsync();

        // The snapshot stands on a changed event, so the round is replayed from its first event, up to the change.
        Assert.Equal(0, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        Assert.Equal(head - 1, state.Version);
        Assert.Equal(new RoundIntegrity(head), (await reloaded.GetViewAsync()).Integrity);
        Assert.Contains(context.Log.Entries, e => e.EventId.Id == ChainBrokenEventId && e.Message.Contains($"sequence {head} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_round_stores_no_command_and_says_why()
    {
        await using var context = new ActorTestContext();
        var (grain, atSnapshot, afterSnapshot) = await RoundWithSnapshotAndTwoLaterBallotsAsync(context);
        await StoredLogTampering.ChangeEventAsync(context.DataDirectory, grain.RoundId(), afterSnapshot.Version);
        var reloaded = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());
        var proposal = atSnapshot.BallotOptions[0].Proposal;

        var ballot = await reloaded.CastBallotAsync(
            VotingRound.Ballot(VotingRound.Resident(7), proposal),
            new VoterFacts(VotingRound.Resident(7), [VotingRound.Middelland.Code], [], null)).WaitAsync(ActorTestContext.HangGuard);
        var close = await reloaded.ExecuteAsync(new CloseVoting(VotingRound.Coordinator)).WaitAsync(ActorTestContext.HangGuard);

        Assert.Equal(CommandStatus.RoundBroken, ballot.Status);
        Assert.Equal(CommandStatus.RoundBroken, close.Status);
        Assert.Null(ballot.Cast);
        Assert.Equal(afterSnapshot.Version, (await context.Store.ReadAsync(grain.RoundId())).Count);
        Assert.Equal(RoundPhase.Voting, (await reloaded.RoundAsync()).Phase);
    }

    [Fact]
    public async Task An_untouched_log_loads_from_its_snapshot_as_intact()
    {
        await using var context = new ActorTestContext();
        var (grain, atSnapshot, afterSnapshot) = await RoundWithSnapshotAndTwoLaterBallotsAsync(context);

        var readsBefore = context.Store.ReadsAfter.Count;
        var reloaded = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());

        await StateAssert.EquivalentAsync(afterSnapshot, reloaded);
        Assert.Equal(atSnapshot.Version, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        Assert.Equal(RoundIntegrity.Intact, (await reloaded.GetViewAsync()).Integrity);
        Assert.DoesNotContain(context.Log.Entries, e => e.EventId.Id == ChainBrokenEventId);
    }

    /// <summary>A round in voting with a snapshot of its state after one ballot, two more ballots after that, and its
    /// cluster stopped so that the next one loads it from the store.</summary>
    private static async Task<(IRoundGrain Grain, RoundState AtSnapshot, RoundState AfterSnapshot)> RoundWithSnapshotAndTwoLaterBallotsAsync(ActorTestContext context)
    {
        // The grain takes no snapshot of its own here: a round this small is far from its snapshot interval.
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        var atSnapshot = await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId());
        await context.Store.SaveSnapshotAsync(new StoredSnapshot(grain.RoundId(), atSnapshot.Version, RoundSnapshotCodec.Encode(atSnapshot), context.Clock.GetUtcNow()));
        await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(3), proposals[2]));
        var afterSnapshot = await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId());
        await context.StopClusterAsync();
        Assert.Equal(atSnapshot.Version, (await context.Store.ReadLatestSnapshotAsync(grain.RoundId()))?.Sequence);
        return (grain, atSnapshot, afterSnapshot);
    }
}
