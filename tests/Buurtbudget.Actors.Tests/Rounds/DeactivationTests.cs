using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class DeactivationTests
{
    [Fact]
    public async Task An_idle_round_is_deactivated_and_comes_back_with_the_same_state()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost(ActorTestContext.Options(o => o.IdleTimeout = TimeSpan.FromMinutes(10)));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        for (var n = 0; n < 3; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[n]));
        }

        var before = await grain.GetStateAsync();
        context.Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(1, host.ActivationCount);

        context.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, host.ActivationCount);

        var readsBefore = context.Store.ReadsAfter.Count;
        var after = await grain.GetStateAsync();
        Assert.Equal(1, host.ActivationCount);
        Assert.NotSame(before, after);
        Assert.Equal(readsBefore + 1, context.Store.ReadsAfter.Count);
        StateAssert.Equivalent(before, after);

        // The fresh activation knows the version on disk: its first append goes through without a conflict.
        var appendCallsBefore = context.Store.AppendCalls;
        var next = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(3), proposals[3]));
        Assert.Equal(appendCallsBefore + 1, context.Store.AppendCalls);
        Assert.Equal(before.Version + 1, next.State.Version);
        Assert.Empty(context.Log.Problems);
    }

    [Fact]
    public async Task A_round_in_use_is_not_deactivated()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost(ActorTestContext.Options(o => o.IdleTimeout = TimeSpan.FromMinutes(10)));
        var grain = await VotingRound.InSubmissionAsync(host);

        for (var i = 0; i < 5; i++)
        {
            context.Clock.Advance(TimeSpan.FromMinutes(7));
            await grain.GetStateAsync();
        }

        Assert.Equal(1, host.ActivationCount);
        context.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, host.ActivationCount);
    }

    [Fact]
    public async Task Commands_racing_deactivations_are_never_lost()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost(ActorTestContext.Options(o => o.IdleTimeout = TimeSpan.FromSeconds(1)));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var readsBefore = context.Store.ReadsAfter.Count;

        // Each wave of ballots runs while the clock jumps past the idle timeout (so sweeps run in the middle of
        // it), and the next wave starts only once the round was deactivated after the last one.
        const int Waves = 20;
        const int PerWave = 15;
        for (var wave = 0; wave < Waves; wave++)
        {
            var ballots = Enumerable.Range(wave * PerWave, PerWave)
                .Select(n => Task.Run(() => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length]))))
                .ToList();
            context.Clock.Advance(TimeSpan.FromSeconds(2));
            var results = await Task.WhenAll(ballots).WaitAsync(ActorTestContext.HangGuard);
            Assert.All(results, r => Assert.Equal(CommandStatus.Committed, r.Status));

            using var guard = new CancellationTokenSource(ActorTestContext.HangGuard);
            while (host.ActivationCount > 0)
            {
                context.Clock.Advance(TimeSpan.FromSeconds(2));
                await Task.Delay(1, guard.Token);
            }
        }

        var state = await grain.GetStateAsync();
        Assert.Equal(Waves * PerWave, state.Tally.Turnout);
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.Id), state);
        Assert.True(context.Store.ReadsAfter.Count - readsBefore >= Waves, "The round was not reactivated after each wave.");
        Assert.Empty(context.Log.Problems);
    }

    [Fact]
    public async Task Disposing_the_host_answers_every_queued_command_before_it_returns()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        var gate = context.Store.HoldNextAppend();
        var first = grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(0), proposals[0]));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var queued = Enumerable.Range(1, 50).Select(n => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(n), proposals[1]))).ToList();

        var disposing = host.DisposeAsync().AsTask();
        gate.Open();
        await disposing.WaitAsync(ActorTestContext.HangGuard);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.All(queued, q => Assert.True(q.IsCompletedSuccessfully));
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(CommandStatus.Committed, r.Status));
        Assert.Equal(51, (await StateAssert.ReplayFromDiskAsync(context.Store, grain.Id)).Tally.Turnout);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(99), proposals[0])));
    }
}
