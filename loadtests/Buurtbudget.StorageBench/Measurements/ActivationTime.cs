using System.Diagnostics;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.StorageBench.Rounds;
using Buurtbudget.StorageBench.Stores;

namespace Buurtbudget.StorageBench.Measurements;

/// <summary>How long a fresh activation of a round with many ballots takes: replaying every event, against
/// decoding a snapshot. Each activation is in a new silo (a restarted node), timed until its first read answers.</summary>
internal static class ActivationTime
{
    // No snapshot while the round is filled, nor when a timed activation deactivates (a round replayed in full would
    // otherwise save one then): each replay must start from the first event.
    private const int NoSnapshots = int.MaxValue;

    public sealed record Result(long Ballots, long Events, int SnapshotBytes, TimeSpan FromEvents, TimeSpan FromSnapshot);

    public static async Task<Result> MeasureAsync(BenchStore store, int ballots, int voters, int repeats)
    {
        RoundId roundId;
        await using (var silo = await BenchSilo.StartAsync(store.Store, snapshotEvery: NoSnapshots))
        {
            var grain = await BenchRound.InVotingAsync(silo.Grains);
            roundId = grain.RoundId();
            var run = Guid.NewGuid().ToString("N")[..8];
            await Task.WhenAll(Enumerable.Range(0, voters).Select(voter => Task.Run(async () =>
            {
                for (long number = voter; number < ballots; number += voters)
                {
                    await BenchRound.CastAsync(grain, BenchRound.Ballot(run, number));
                }
            })));
        }

        var (fromEvents, replayed) = await TimeActivationsAsync(store, roundId, repeats);
        if (replayed.Tally.Turnout != ballots)
        {
            throw new InvalidOperationException($"The replayed round has turnout {replayed.Tally.Turnout}, not {ballots}.");
        }

        // The snapshot the grains would save, saved once; then every activation starts from it. The whole state never
        // leaves a grain, so the bench replays it here from the same events.
        var state = RoundState.Initial(roundId);
        foreach (var stored in await store.Store.ReadAsync(roundId))
        {
            state = state.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
        }

        var snapshot = RoundSnapshotCodec.Encode(state);
        await store.Store.SaveSnapshotAsync(new StoredSnapshot(roundId, state.Version, snapshot, TimeProvider.System.GetUtcNow()));
        var (fromSnapshot, restored) = await TimeActivationsAsync(store, roundId, repeats);
        if (restored.Version != state.Version || restored.Tally.Turnout != ballots)
        {
            throw new InvalidOperationException("The round activated from its snapshot differs from the replayed round.");
        }

        return new Result(ballots, state.Version, snapshot.Length, fromEvents, fromSnapshot);
    }

    /// <summary>The median of <paramref name="repeats"/> activations, after one untimed activation that warms the
    /// code paths and the OS file cache (so the figures compare decoding, not a cold disk).</summary>
    private static async Task<(TimeSpan Median, RoundOverview Round)> TimeActivationsAsync(BenchStore store, RoundId roundId, int repeats)
    {
        var times = new List<TimeSpan>(repeats);
        RoundOverview? state = null;
        for (var i = 0; i <= repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await using var silo = await BenchSilo.StartAsync(store.Store, snapshotEvery: NoSnapshots);
            var clock = Stopwatch.StartNew();
            state = (await silo.Grains.GetRoundGrain(roundId).GetViewAsync()).Round;
            if (i > 0)
            {
                times.Add(clock.Elapsed);
            }
        }

        times.Sort();
        return (times[times.Count / 2], state!);
    }
}
