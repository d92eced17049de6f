using System.Diagnostics;
using Buurtbudget.StorageBench.Rounds;
using Buurtbudget.StorageBench.Stores;

namespace Buurtbudget.StorageBench.Measurements;

/// <summary>Votes per second through the round grains (one Orleans silo) over a real store: many residents vote concurrently in one
/// round (or spread over several), each answer awaited (so each counted vote is durable), for a fixed time after a warm-up.
/// Every vote is a resident's first ballot.</summary>
internal static class VotingThroughput
{
    /// <param name="maxBatchSize">The grains' MaxBatchSize: the default lets a turn commit every waiting ballot in
    /// one write (group commit); 1 makes every vote its own transaction.</param>
    /// <param name="rounds">Rounds in voting at once; resident <c>v</c> votes in round <c>v % rounds</c>, so the voters
    /// are spread evenly, as on a city-wide voting day when many wijken vote at the same time.</param>
    public static async Task<VotingRate> MeasureAsync(BenchStore store, int maxBatchSize, int snapshotEvery, int voters, TimeSpan warmUp, TimeSpan measured, int rounds = 1)
    {
        await using var silo = await BenchSilo.StartAsync(store.Store, maxBatchSize, snapshotEvery);
        var grains = await Task.WhenAll(Enumerable.Range(0, rounds).Select(_ => BenchRound.InVotingAsync(silo.Grains)));
        var run = Guid.NewGuid().ToString("N")[..8];

        long committed = 0;
        var stop = 0;
        async Task VoteAsync(int voter)
        {
            var grain = grains[voter % grains.Length];
            for (long number = voter; Volatile.Read(ref stop) == 0; number += voters)
            {
                await BenchRound.CastAsync(grain, BenchRound.Ballot(run, number));
                Interlocked.Increment(ref committed);
            }
        }

        var running = Enumerable.Range(0, voters).Select(v => Task.Run(() => VoteAsync(v))).ToArray();
        await Task.Delay(warmUp);
        var before = Interlocked.Read(ref committed);
        var commitsBefore = store.Commits;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(measured);
        var after = Interlocked.Read(ref committed);
        var commitsAfter = store.Commits;
        var allocatedAfter = GC.GetTotalAllocatedBytes();
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var elapsed = clock.Elapsed;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(running);
        var commits = commitsAfter.Commits - commitsBefore.Commits;
        return new VotingRate(
            (after - before) / elapsed.TotalSeconds,
            commits / elapsed.TotalSeconds,
            commits == 0 ? 0 : (double)(commitsAfter.Appends - commitsBefore.Appends) / commits,
            after == before ? 0 : (double)(allocatedAfter - allocatedBefore) / (after - before),
            after == before ? 0 : (cpuAfter - cpuBefore).TotalMicroseconds / (after - before));
    }
}

/// <param name="VotesPerSecond">Durable votes answered per second.</param>
/// <param name="CommitsPerSecond">Transactions the store committed per second.</param>
/// <param name="AppendsPerCommit">Appends (one per round batch) the store merged into one transaction, on average.</param>
/// <param name="BytesPerVote">Bytes the process allocated per durable vote (the grain, the domain, the store and the
/// in-process caller): what each ballot asks of the garbage collector, whatever the machine's load.</param>
/// <param name="CpuPerVote">Microseconds of the process's CPU time per durable vote.</param>
internal readonly record struct VotingRate(double VotesPerSecond, double CommitsPerSecond, double AppendsPerCommit, double BytesPerVote, double CpuPerVote);
