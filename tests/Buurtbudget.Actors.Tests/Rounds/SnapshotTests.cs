using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class SnapshotTests
{
    private const int SnapshotEvery = 20;

    [Fact]
    public async Task A_snapshot_is_saved_every_N_events_and_activating_from_it_equals_a_full_replay()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost(ActorTestContext.Options(o => o.SnapshotEvery = SnapshotEvery));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        // One command per turn, so every committed version is one the actor could snapshot at.
        var versions = new List<long> { (await grain.GetStateAsync()).Version };
        Assert.True(versions[0] < SnapshotEvery, "The set-up alone would have reached a snapshot.");
        for (var n = 0; n < 50; n++)
        {
            var cast = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n % 30), proposals[n % proposals.Length]));
            versions.Add(cast.State.Version);
        }

        await host.DisposeAsync();
        var snapshot = await context.Store.ReadLatestSnapshotAsync(grain.Id);
        Assert.NotNull(snapshot);
        var expected = ExpectedSnapshots(versions);
        Assert.Equal(expected[^1], snapshot.Sequence);
        Assert.Equal(expected.Count, context.Store.SnapshotsSaved);

        var readsBefore = context.Store.ReadsAfter.Count;
        var fromSnapshot = await context.StartHost().GetGrain(grain.Id).GetStateAsync();
        Assert.Equal(snapshot.Sequence, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        StateAssert.Equivalent(await StateAssert.ReplayFromDiskAsync(context.Store, grain.Id), fromSnapshot);
        Assert.Equal(versions[^1], fromSnapshot.Version);
        Assert.Equal(30, fromSnapshot.Tally.Turnout);
    }

    [Fact]
    public async Task A_failing_snapshot_fails_no_command_and_is_tried_again_later()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost(ActorTestContext.Options(o => o.SnapshotEvery = SnapshotEvery));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        context.Store.FailSnapshots = true;
        for (var n = 0; n < SnapshotEvery; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]));
        }

        Assert.Null(await context.Store.ReadLatestSnapshotAsync(grain.Id));

        context.Store.FailSnapshots = false;
        for (var n = 0; n < SnapshotEvery; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[1]));
        }

        await host.DisposeAsync();
        Assert.NotNull(await context.Store.ReadLatestSnapshotAsync(grain.Id));
    }

    [Fact]
    public async Task An_unreadable_snapshot_costs_a_full_replay_not_the_round()
    {
        await using var context = new ActorTestContext();
        var host = context.StartHost();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var last = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        await context.Store.SaveSnapshotAsync(new StoredSnapshot(grain.Id, last.State.Version, "{not a round"u8.ToArray(), context.Clock.GetUtcNow()));

        var readsBefore = context.Store.ReadsAfter.Count;
        var state = await context.StartHost().GetGrain(grain.Id).GetStateAsync();

        Assert.Equal(0, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        StateAssert.Equivalent(last.State, state);
    }

    /// <summary>The versions at which the actor must have saved a snapshot: each committed version at least
    /// <see cref="SnapshotEvery"/> past the previous snapshot (or past zero).</summary>
    private static List<long> ExpectedSnapshots(List<long> versions)
    {
        var snapshots = new List<long>();
        long last = 0;
        foreach (var version in versions)
        {
            if (version - last >= SnapshotEvery)
            {
                snapshots.Add(version);
                last = version;
            }
        }

        return snapshots;
    }
}
