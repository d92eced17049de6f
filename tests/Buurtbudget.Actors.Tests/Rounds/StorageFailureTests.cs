using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class StorageFailureTests
{
    [Fact]
    public async Task A_failed_write_answers_its_whole_batch_storage_unavailable_and_leaves_memory_equal_to_disk()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        // Turn 1 (one ballot) is held at the store while batch 2 queues behind it; batch 2's write then fails
        // while batch 3 queues behind that. Only batch 2 may be lost, and all of it.
        var first = context.Store.HoldNextAppend();
        var second = context.Store.HoldNextAppend();
        var turn1 = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(0), proposals[0]));
        await first.Entered.WaitAsync(ActorTestContext.HangGuard);

        var batch2 = Enumerable.Range(1, 200)
            .Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length])))
            .ToList();
        await context.WaitUntilQueuedAsync(grain, 200);
        first.Open();
        await second.Entered.WaitAsync(ActorTestContext.HangGuard);

        var batch3 = Enumerable.Range(201, 100)
            .Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length])))
            .ToList();
        await context.WaitUntilQueuedAsync(grain, 100);
        second.Open(AppendOutcome.FailBeforeWriting);

        Assert.Equal(CommandStatus.Committed, (await turn1).Status);
        var failed = await Task.WhenAll(batch2).WaitAsync(ActorTestContext.HangGuard);
        Assert.All(failed, r => Assert.Equal(CommandStatus.StorageUnavailable, r.Status));
        Assert.All(failed, r => Assert.Empty(r.Events));
        var committed = await Task.WhenAll(batch3).WaitAsync(ActorTestContext.HangGuard);
        Assert.All(committed, r => Assert.Equal(CommandStatus.Committed, r.Status));

        var inMemory = await grain.RoundAsync();
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), inMemory);
        StateAssert.Equivalent(await (await context.StartClusterAsync(store: context.OpenStore())).GetRoundGrain(grain.RoundId()).RoundAsync(), inMemory);
        Assert.Equal(101, inMemory.Tally.Turnout);
        Assert.Null(await grain.BallotAsync(VotingRound.Resident(1)));

        // The storage is back: the refused callers retry and are counted.
        var retried = await Task.WhenAll(Enumerable.Range(1, 200)
            .Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length]))));
        Assert.All(retried, r => Assert.Equal(CommandStatus.Committed, r.Status));
        Assert.Equal(301, (await grain.RoundAsync()).Tally.Turnout);
    }

    [Fact]
    public async Task A_write_that_failed_after_committing_is_reloaded_rather_than_forgotten()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        // The store committed, then the acknowledgement was lost: the caller cannot be told Committed, but the
        // activation must not go on as if the ballot did not exist (its next append would expect the old version).
        var gate = context.Store.HoldNextAppend();
        var ambiguous = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        gate.Open(AppendOutcome.FailAfterWriting);
        var answer = await ambiguous;
        Assert.Equal(CommandStatus.StorageUnavailable, answer.Status);

        // By the time of the answer the activation has reloaded: it shows the ballot that did reach the disk,
        // and its next append expects the right version (no conflict, so one append call).
        var onDisk = await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId());
        StateAssert.Equivalent(onDisk, answer.Round);
        StateAssert.Equivalent(onDisk, await grain.RoundAsync());
        var appendCallsBefore = context.Store.AppendCalls;
        var next = await grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        Assert.Equal(CommandStatus.Committed, next.Status);
        Assert.Equal(appendCallsBefore + 1, context.Store.AppendCalls);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), next.Round);
        Assert.NotNull(await grain.BallotAsync(VotingRound.Resident(1)));
    }

    [Fact]
    public async Task When_the_reload_after_a_failed_write_fails_too_the_next_turn_loads_first()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());
        var before = await grain.RoundAsync();

        var gate = context.Store.HoldNextAppend();
        var failing = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        context.Store.FailNextReads(1);
        gate.Open(AppendOutcome.FailBeforeWriting);

        var refused = await failing;
        Assert.Equal(CommandStatus.StorageUnavailable, refused.Status);
        Assert.Empty(refused.Events);

        var readsBefore = context.Store.ReadsAfter.Count;
        var next = await grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        Assert.Equal(CommandStatus.Committed, next.Status);
        Assert.Equal(readsBefore + 1, context.Store.ReadsAfter.Count);
        Assert.Equal(before.Version + 1, next.Round.Version);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), next.Round);
    }

    [Fact]
    public async Task A_failed_load_answers_storage_unavailable_and_the_next_call_loads_again()
    {
        await using var context = new ActorTestContext();
        var roundId = RoundId.New();
        await VotingRound.CommitAsync((await context.StartClusterAsync()).GetRoundGrain(roundId), VotingRound.Create(roundId));

        var grain = (await context.StartClusterAsync()).GetRoundGrain(roundId);
        context.Store.FailNextReads(1);
        var refused = await grain.ExecuteAsync(new OpenSubmission(VotingRound.Coordinator));
        Assert.Equal(CommandStatus.StorageUnavailable, refused.Status);

        var accepted = await grain.ExecuteAsync(new OpenSubmission(VotingRound.Coordinator));
        Assert.Equal(CommandStatus.Committed, accepted.Status);
        Assert.Equal(RoundPhase.Submission, accepted.Round.Phase);
        Assert.Equal(2, accepted.Round.Version);
    }

    [Fact]
    public async Task A_reader_of_a_round_that_cannot_be_loaded_gets_storage_unavailable()
    {
        await using var context = new ActorTestContext();
        var roundId = RoundId.New();
        await VotingRound.CommitAsync((await context.StartClusterAsync()).GetRoundGrain(roundId), VotingRound.Create(roundId));

        var grain = (await context.StartClusterAsync()).GetRoundGrain(roundId);
        context.Store.FailNextReads(1);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => grain.RoundAsync());
        Assert.Equal(1, (await grain.RoundAsync()).Version);
    }
}
