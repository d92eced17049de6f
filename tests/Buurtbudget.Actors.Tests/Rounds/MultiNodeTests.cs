using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class MultiNodeTests
{
    [Fact]
    public async Task A_second_node_that_wrote_first_causes_a_conflict_that_is_resolved_by_reloading()
    {
        await using var context = new ActorTestContext();
        var nodeA = context.StartHost();
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);

        // Node B has its own connection to the same database, and activates the round too.
        var storeB = new ObservedEventStore(context.OpenStore());
        var grainB = context.StartHost(store: storeB).GetGrain(grainA.Id);
        var version = (await grainB.GetStateAsync()).Version;
        Assert.Equal(version, (await grainA.GetStateAsync()).Version);

        var fromB = await grainB.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        Assert.Equal(CommandStatus.Committed, fromB.Status);

        // A still believes the round is at the old version: its append conflicts, it reloads and decides again.
        var appendCallsBefore = context.Store.AppendCalls;
        var fromA = await grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        Assert.Equal(CommandStatus.Committed, fromA.Status);
        Assert.Equal(2, context.Store.AppendCalls - appendCallsBefore);
        Assert.Equal(version + 2, fromA.State.Version);
        Assert.Contains(VotingRound.Resident(1), fromA.State.Ballots.Keys);
        Assert.Contains(VotingRound.Resident(2), fromA.State.Ballots.Keys);

        var onDisk = await StateAssert.ReplayFromDiskAsync(context.Store, grainA.Id);
        StateAssert.Equivalent(onDisk, fromA.State);
        Assert.Equal(2, onDisk.Tally.Turnout);
    }

    [Fact]
    public async Task A_node_that_keeps_losing_the_race_gives_up_with_storage_unavailable_and_stays_equal_to_disk()
    {
        await using var context = new ActorTestContext();
        var nodeA = context.StartHost(ActorTestContext.Options(o => o.ConflictRetries = 2));
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);
        var storeB = context.OpenStore();

        // Every time A is about to write, another node appends first: hold each of A's appends at a gate and let a
        // plain writer on the second connection win before opening it.
        var attempts = 0;
        var gates = Enumerable.Range(0, 3).Select(_ => context.Store.HoldNextAppend()).ToList();
        var answer = grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        foreach (var gate in gates)
        {
            await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
            var onDisk = await StateAssert.ReplayFromDiskAsync(storeB, grainA.Id);
            var voter = VotingRound.Resident(100 + attempts);
            var decision = BudgetRound.Decide(onDisk, VotingRound.Ballot(voter, proposals[1]), context.Clock.GetUtcNow());
            var encoded = decision.Events.Select(e => RoundEventCodec.Encode(e)).Select(e => new NewEvent(e.Type, e.Payload, context.Clock.GetUtcNow())).ToList();
            await storeB.AppendAsync(grainA.Id, onDisk.Version, encoded);
            attempts++;
            gate.Open();
        }

        var result = await answer.WaitAsync(ActorTestContext.HangGuard);
        Assert.Equal(CommandStatus.StorageUnavailable, result.Status);
        Assert.Equal(3, attempts);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grainA.Id), await grainA.GetStateAsync());

        // Once the other writer is quiet, the same command goes through.
        Assert.Equal(CommandStatus.Committed, (await grainA.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(1), proposals[0]))).Status);
        Assert.Equal(4, (await grainA.GetStateAsync()).Tally.Turnout);
    }

    [Fact]
    public async Task Reads_on_another_node_catch_up_once_their_state_is_older_than_the_read_freshness()
    {
        await using var context = new ActorTestContext();
        var freshness = TimeSpan.FromMilliseconds(250);
        var nodeA = context.StartHost(ActorTestContext.Options(o => o.ReadFreshness = freshness));
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);
        var grainB = context.StartHost(ActorTestContext.Options(o => o.ReadFreshness = freshness), context.OpenStore()).GetGrain(grainA.Id);
        var before = await grainB.GetStateAsync();

        var written = await VotingRound.CommitAsync(grainA, VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));

        // Within the freshness bound B may answer with what it last saw; past it, B has read A's write.
        Assert.Equal(before.Version, (await grainB.GetStateAsync()).Version);
        context.Clock.Advance(freshness);
        var after = await grainB.GetStateAsync();
        Assert.Equal(written.State.Version, after.Version);
        Assert.Equal(1, after.Tally.Turnout);

        // And B's own next write builds on it, without a conflict.
        var fromB = await VotingRound.CommitAsync(grainB, VotingRound.Ballot(VotingRound.Resident(2), proposals[1]));
        Assert.Equal(written.State.Version + 1, fromB.State.Version);
        Assert.Equal(2, fromB.State.Tally.Turnout);
    }

    [Fact]
    public async Task Without_read_freshness_a_node_trusts_its_own_state()
    {
        await using var context = new ActorTestContext();
        var nodeA = context.StartHost();
        var (grainA, proposals) = await VotingRound.InVotingAsync(nodeA);
        var grainB = context.StartHost(store: context.OpenStore()).GetGrain(grainA.Id);
        var before = await grainB.GetStateAsync();

        await VotingRound.CommitAsync(grainA, VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        context.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(before.Version, (await grainB.GetStateAsync()).Version);
    }
}
