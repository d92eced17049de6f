using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class SnapshotTests
{
    private const int SnapshotEvery = 20;

    [Fact]
    public async Task A_snapshot_is_saved_every_N_events_when_due_at_once_and_activating_from_it_equals_a_full_replay()
    {
        await using var context = new ActorTestContext();
        var options = AsSoonAsDue();
        var host = await context.StartClusterAsync(options);
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        // One command per turn, so every committed version is one the grain could snapshot at.
        var versions = new List<long> { (await grain.RoundAsync()).Version };
        Assert.True(versions[0] < SnapshotEvery, "The set-up alone would have reached a snapshot.");
        for (var n = 0; n < 50; n++)
        {
            var cast = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n % 30), proposals[n % proposals.Length]));
            versions.Add(cast.Round.Version);
        }

        // Stopping the silo waits for a snapshot still being written.
        await context.StopClusterAsync();
        var snapshot = await context.Store.ReadLatestSnapshotAsync(grain.RoundId());
        Assert.NotNull(snapshot);

        // Snapshots are written beside the turns, so one due while the previous is still being written waits for a
        // later turn: each is of a committed version, at least SnapshotEvery events after the one before.
        var saved = context.Store.SnapshotsSaved;
        Assert.InRange(saved.Count, 1, (versions[^1] / SnapshotEvery) + 1);
        Assert.All(saved, sequence => Assert.Contains(sequence, versions));
        Assert.All(saved.Prepend(0).Zip(saved), pair => Assert.True(pair.Second - pair.First >= Configured(options).SnapshotInterval(pair.Second), $"Snapshot {pair.Second} came too soon after {pair.First}."));
        Assert.Equal(saved[^1], snapshot.Sequence);

        var readsBefore = context.Store.ReadsAfter.Count;
        var fromSnapshot = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());
        var round = await fromSnapshot.RoundAsync();
        Assert.Equal(snapshot.Sequence, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        await StateAssert.EquivalentAsync(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), fromSnapshot);
        Assert.Equal(versions[^1], round.Version);
        Assert.Equal(30, round.Tally.Turnout);
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(3_999, 1_000)]
    [InlineData(50_000, 12_500)]
    [InlineData(1_000_000, 250_000)]
    public void The_snapshot_interval_grows_with_the_round_so_encoding_per_event_stays_constant(long version, long interval)
    {
        Assert.Equal(interval, new RoundGrainOptions { SnapshotEvery = 1_000 }.SnapshotInterval(version));
    }

    [Fact]
    public async Task A_slow_snapshot_delays_no_command_and_the_silo_stops_only_after_it_and_one_of_the_last_state_are_written()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(AsSoonAsDue());
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var held = context.Store.HoldSnapshots();

        // Three times SnapshotEvery commands, every one answered while the first snapshot is still held.
        long last = 0;
        for (var n = 0; n < 3 * SnapshotEvery; n++)
        {
            last = (await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0])).WaitAsync(TimeSpan.FromSeconds(10))).Round.Version;
        }

        Assert.Empty(context.Store.SnapshotsSaved);
        var stopping = context.StopClusterAsync();
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted, "The silo stopped while a snapshot was still being written.");

        held.SetResult();
        await stopping;

        // The held snapshot of an early state, then one of the state the round stopped in, so that the next activation
        // replays nothing.
        var saved = context.Store.SnapshotsSaved.ToList();
        Assert.Equal(2, saved.Count);
        Assert.InRange(saved[0], SnapshotEvery, 2 * SnapshotEvery);
        Assert.Equal(last, saved[1]);
    }

    [Fact]
    public async Task A_failing_snapshot_fails_no_command_and_is_tried_again_later()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(AsSoonAsDue());
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        context.Store.FailSnapshots = true;
        for (var n = 0; n < SnapshotEvery; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]));
        }

        Assert.Null(await context.Store.ReadLatestSnapshotAsync(grain.RoundId()));

        context.Store.FailSnapshots = false;
        for (var n = 0; n < SnapshotEvery; n++)
        {
            await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[1]));
        }

        await context.StopClusterAsync();
        Assert.NotNull(await context.Store.ReadLatestSnapshotAsync(grain.RoundId()));
    }

    [Fact]
    public async Task A_due_snapshot_waits_until_no_command_has_come_for_the_quiet_period()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(WhenQuietFor(TimeSpan.FromSeconds(1)));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        // A rush: three intervals' worth of commands while the clock stands still, so the round is never quiet.
        long last = 0;
        for (var n = 0; n < 3 * SnapshotEvery; n++)
        {
            last = (await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]))).Round.Version;
        }

        context.Clock.Advance(TimeSpan.FromMilliseconds(500));
        await Task.Delay(50);
        Assert.Empty(context.Store.SnapshotsSaved);

        context.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(last, await FirstSnapshotAsync(context));
        await context.StopClusterAsync();
        Assert.Single(context.Store.SnapshotsSaved);
    }

    [Fact]
    public async Task A_round_that_never_goes_quiet_takes_its_snapshot_after_the_most_events_allowed_without_one()
    {
        await using var context = new ActorTestContext();
        const int atLatestAfter = 2 * SnapshotEvery;
        var host = await context.StartClusterAsync(WhenQuietFor(TimeSpan.FromMinutes(5), atLatestAfter));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);

        var versions = new List<long>();
        for (var n = 0; n < atLatestAfter + 5; n++)
        {
            versions.Add((await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]))).Round.Version);
        }

        // One command per turn: the turn that reached the limit took it, with the clock never moved.
        Assert.Equal(versions.First(v => v >= atLatestAfter), await FirstSnapshotAsync(context));
    }

    [Fact]
    public async Task A_deactivating_round_takes_its_due_snapshot_before_it_goes()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(WhenQuietFor(TimeSpan.FromMinutes(5)));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        long last = 0;
        for (var n = 0; n < SnapshotEvery; n++)
        {
            last = (await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]))).Round.Version;
        }

        Assert.Empty(context.Store.SnapshotsSaved);
        await context.StopClusterAsync();
        Assert.Equal(last, Assert.Single(context.Store.SnapshotsSaved));
    }

    [Fact]
    public async Task A_snapshot_larger_than_its_encoding_segments_is_stored_and_restored_whole()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(o => o.SnapshotWhenQuietFor = TimeSpan.FromMinutes(5));
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        await Task.WhenAll(Enumerable.Range(0, 1_500).Select(n =>
            VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[n % proposals.Length]))));

        await context.StopClusterAsync();
        var snapshot = await context.Store.ReadLatestSnapshotAsync(grain.RoundId());

        // Encoded a segment at a time (64 KiB each), written into the store piece by piece, read back as one.
        Assert.NotNull(snapshot);
        Assert.True(snapshot.State.Length > 2 * 64 * 1024, $"The snapshot is only {snapshot.State.Length} bytes: too small to span segments.");
        var fromSnapshot = (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId());
        await StateAssert.EquivalentAsync(await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId()), fromSnapshot);
        Assert.Equal(1_500, (await fromSnapshot.RoundAsync()).Tally.Turnout);
    }

    [Fact]
    public async Task An_unreadable_snapshot_costs_a_full_replay_not_the_round()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var last = await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(1), proposals[0]));
        await context.Store.SaveSnapshotAsync(new StoredSnapshot(grain.RoundId(), last.Round.Version, "{not a round"u8.ToArray(), context.Clock.GetUtcNow()));

        var readsBefore = context.Store.ReadsAfter.Count;
        var state = await (await context.StartClusterAsync()).GetRoundGrain(grain.RoundId()).RoundAsync();

        Assert.Equal(0, Assert.Single(context.Store.ReadsAfter.Skip(readsBefore)));
        StateAssert.Equivalent(last.Round, state);
    }

    [Fact]
    public async Task A_snapshot_that_became_due_while_an_older_one_was_written_is_taken_once_the_round_is_quiet()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync(AsSoonAsDue());
        var (grain, proposals) = await VotingRound.InVotingAsync(host);
        var held = context.Store.HoldSnapshots();

        // The first quiet moment starts a snapshot, held; the commands after it make another one due, and then the
        // round goes quiet for good while the first is still being written.
        long last = 0;
        for (var n = 0; n < 3 * SnapshotEvery; n++)
        {
            last = (await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(n), proposals[0]))).Round.Version;
        }

        held.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!context.Store.SnapshotsSaved.Contains(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No snapshot of the last state ({last}) while the round stayed quiet; saved: {string.Join(", ", context.Store.SnapshotsSaved)}.");
            await Task.Delay(10);
        }

        await context.StopClusterAsync();
    }

    /// <summary>Snapshots taken as soon as they are due, at the first moment nothing is queued.</summary>
    private static Action<RoundGrainOptions> AsSoonAsDue() => WhenQuietFor(TimeSpan.Zero);

    private static Action<RoundGrainOptions> WhenQuietFor(TimeSpan quiet, int atLatestAfter = 250_000) => o =>
    {
        o.SnapshotEvery = SnapshotEvery;
        o.SnapshotWhenQuietFor = quiet;
        o.SnapshotAtLatestAfter = atLatestAfter;
    };

    private static RoundGrainOptions Configured(Action<RoundGrainOptions> configure)
    {
        var options = new RoundGrainOptions();
        configure(options);
        return options;
    }

    /// <summary>The first snapshot saved; snapshots are written beside the turns, so it may come a moment later.</summary>
    private static async Task<long> FirstSnapshotAsync(ActorTestContext context)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (context.Store.SnapshotsSaved.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No snapshot was saved within 10 seconds.");
            await Task.Delay(10);
        }

        return context.Store.SnapshotsSaved[0];
    }
}
