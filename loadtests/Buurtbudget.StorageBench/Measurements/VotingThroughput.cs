using System.Diagnostics;
using Buurtbudget.StorageBench.Rounds;
using Buurtbudget.StorageBench.Stores;

namespace Buurtbudget.StorageBench.Measurements;

/// <summary>Votes per second through the round grains (one Orleans silo) over a real store: many residents vote concurrently in one
/// round, each answer awaited (so each counted vote is durable), for a fixed time after a warm-up.</summary>
internal static class VotingThroughput
{
    /// <param name="maxBatchSize">The grains' MaxBatchSize: the default lets a turn commit every waiting ballot in
    /// one write (group commit); 1 makes every vote its own transaction.</param>
    public static async Task<double> MeasureAsync(BenchStore store, int maxBatchSize, int snapshotEvery, int voters, TimeSpan warmUp, TimeSpan measured)
    {
        await using var silo = await BenchSilo.StartAsync(store.Store, maxBatchSize, snapshotEvery);
        var grain = await BenchRound.InVotingAsync(silo.Grains);
        var run = Guid.NewGuid().ToString("N")[..8];

        long committed = 0;
        var stop = 0;
        async Task VoteAsync(int voter)
        {
            for (long number = voter; Volatile.Read(ref stop) == 0; number += voters)
            {
                await BenchRound.CommitAsync(grain, BenchRound.Ballot(run, number));
                Interlocked.Increment(ref committed);
            }
        }

        var running = Enumerable.Range(0, voters).Select(v => Task.Run(() => VoteAsync(v))).ToArray();
        await Task.Delay(warmUp);
        var before = Interlocked.Read(ref committed);
        var clock = Stopwatch.StartNew();
        await Task.Delay(measured);
        var after = Interlocked.Read(ref committed);
        var elapsed = clock.Elapsed;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(running);
        return (after - before) / elapsed.TotalSeconds;
    }
}
