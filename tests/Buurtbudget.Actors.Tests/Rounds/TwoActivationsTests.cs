using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>While cluster membership changes, Orleans may briefly hold two activations of one round, on two silos. Each
/// test here makes that happen with two clusters over one database: correctness rests on the store refusing the second
/// writer, never on there being only one activation.</summary>
public sealed class TwoActivationsTests
{
    [Fact]
    public async Task A_second_activation_that_wrote_first_causes_a_conflict_that_is_resolved_by_reloading()
    {
        await using var context = new ActorTestContext();
        var nodeA = await context.StartClusterAsync();
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);

        // Another silo has its own connection to the same database, and activates the round too.
        var storeB = new ObservedEventStore(context.OpenStore());
        var grainB = (await context.StartClusterAsync(store: storeB)).GetRoundGrain(grainA.RoundId());
        var version = (await grainB.RoundAsync()).Version;
        Assert.Equal(version, (await grainA.RoundAsync()).Version);

        var fromB = await grainB.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        Assert.Equal(CommandStatus.Committed, fromB.Status);

        // A still believes the round is at the old version: its append conflicts, it reloads and decides again.
        var appendCallsBefore = context.Store.AppendCalls;
        var fromA = await grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        Assert.Equal(CommandStatus.Committed, fromA.Status);
        Assert.Equal(2, context.Store.AppendCalls - appendCallsBefore);
        Assert.Equal(version + 2, fromA.Round.Version);
        Assert.NotNull(await grainA.BallotAsync(VotingRound.Resident(1)));
        Assert.NotNull(await grainA.BallotAsync(VotingRound.Resident(2)));

        var onDisk = await StateAssert.ReplayFromDiskAsync(context.Store, grainA.RoundId());
        StateAssert.Equivalent(onDisk, fromA.Round);
        Assert.Equal(2, onDisk.Tally.Turnout);
    }

    [Fact]
    public async Task An_activation_that_keeps_losing_the_race_gives_up_with_storage_unavailable_and_stays_equal_to_disk()
    {
        await using var context = new ActorTestContext();
        var nodeA = await context.StartClusterAsync(o => o.ConflictRetries = 2);
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);
        var storeB = context.OpenStore();

        // Every time A is about to write, another writer appends first: hold each of A's appends at a gate and let a
        // plain writer on the second connection win before opening it.
        var attempts = 0;
        var gates = Enumerable.Range(0, 3).Select(_ => context.Store.HoldNextAppend()).ToList();
        var answer = grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        foreach (var gate in gates)
        {
            await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
            var onDisk = await StateAssert.ReplayFromDiskAsync(storeB, grainA.RoundId());
            var voter = VotingRound.Resident(100 + attempts);
            var decision = BudgetRound.Decide(onDisk, VotingRound.Ballot(voter, proposals[1]), context.Clock.GetUtcNow());
            var encoded = decision.Events.Select(e => RoundEventCodec.Encode(e)).Select(e => new NewEvent(e.Type, e.Payload, context.Clock.GetUtcNow())).ToList();
            await storeB.AppendAsync(grainA.RoundId(), onDisk.Version, encoded);
            attempts++;
            gate.Open();
        }

        var result = await answer.WaitAsync(ActorTestContext.HangGuard);
        Assert.Equal(CommandStatus.StorageUnavailable, result.Status);
        Assert.Equal(3, attempts);
        await StateAssert.EquivalentAsync(await StateAssert.ReplayFromDiskAsync(context.Store, grainA.RoundId()), grainA);

        // Once the other writer is quiet, the same command goes through.
        Assert.Equal(CommandStatus.Committed, (await grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]))).Status);
        Assert.Equal(4, (await grainA.RoundAsync()).Tally.Turnout);
    }
}
