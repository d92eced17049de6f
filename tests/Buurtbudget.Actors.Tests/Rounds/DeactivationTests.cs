using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class DeactivationTests
{
    [Fact]
    public async Task A_deactivated_round_comes_back_with_the_same_state_and_writes_on_without_a_conflict()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());
        for (var n = 0; n < 3; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[n]));
        }

        var before = await grain.RoundAsync();
        await context.DeactivateAsync(grain);
        Assert.False(context.Cluster.TryGetGrainContext(grain.GetGrainId(), out _));

        var readsBefore = context.Store.ReadsAfter.Count;
        var after = await grain.RoundAsync();
        Assert.Equal(readsBefore + 1, context.Store.ReadsAfter.Count);
        StateAssert.Equivalent(before, after);

        // The fresh activation knows the version on disk: its first append goes through without a conflict.
        var appendCallsBefore = context.Store.AppendCalls;
        var next = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(3), proposals[3]));
        Assert.Equal(appendCallsBefore + 1, context.Store.AppendCalls);
        Assert.Equal(before.Version + 1, next.Round.Version);
        Assert.Empty(context.Log.Problems);
    }

    [Fact]
    public async Task An_idle_round_is_collected_by_Orleans_after_its_idle_timeout()
    {
        await using var context = new ActorTestContext();
        var grain = await VotingRound.InSubmissionAsync(await context.StartClusterAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(2)));
        Assert.True(context.Cluster.TryGetGrainContext(grain.GetGrainId(), out var activation));

        // Orleans' collector, not the test, deactivates it: the idle timeout became the grain's collection age.
        await activation.Deactivated.WaitAsync(ActorTestContext.HangGuard);

        Assert.False(context.Cluster.TryGetGrainContext(grain.GetGrainId(), out _));
        Assert.True((await grain.RoundAsync()).Exists);
    }

    [Fact]
    public async Task Commands_racing_deactivations_are_never_lost()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());
        var readsBefore = context.Store.ReadsAfter.Count;

        // Each wave of ballots runs while the round is being deactivated, and the next wave starts once it is gone.
        const int Waves = 20;
        const int PerWave = 15;
        for (var wave = 0; wave < Waves; wave++)
        {
            var ballots = Enumerable.Range(wave * PerWave, PerWave)
                .Select(n => Task.Run(() => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length]))))
                .ToList();
            var deactivating = context.DeactivateAsync(grain);
            var results = await Task.WhenAll(ballots).WaitAsync(ActorTestContext.HangGuard);
            Assert.All(results, r => Assert.Equal(CommandStatus.Committed, r.Status));
            await deactivating.WaitAsync(ActorTestContext.HangGuard);
            await context.DeactivateAsync(grain).WaitAsync(ActorTestContext.HangGuard);
        }

        var state = await grain.RoundAsync();
        Assert.Equal(Waves * PerWave, state.Tally.Turnout);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), state);
        Assert.True(context.Store.ReadsAfter.Count - readsBefore >= Waves, "The round was not reactivated after each wave.");
        Assert.Empty(context.Log.Problems);
    }

    [Fact]
    public async Task Deactivation_answers_every_queued_command_before_the_round_goes()
    {
        await using var context = new ActorTestContext();
        var (grain, proposals) = await VotingRound.InVotingAsync(await context.StartClusterAsync());

        var gate = context.Store.HoldNextAppend();
        var first = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(0), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var queued = Enumerable.Range(1, 50).Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[1]))).ToList();
        await context.WaitUntilQueuedAsync(grain, 50);

        var deactivating = context.DeactivateAsync(grain);
        gate.Open();
        await deactivating.WaitAsync(ActorTestContext.HangGuard);

        Assert.Equal(CommandStatus.Committed, (await first).Status);
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(CommandStatus.Committed, r.Status));
        Assert.Equal(51, (await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId())).Tally.Turnout);
    }
}
