using System.Collections.Concurrent;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>A forwarding decorator around the real store: it counts and times nothing, it only observes
/// (how many appends, whether two ever overlap, which reads) and, when a test arms it, holds an append at a
/// gate or makes it fail the way a broken disk or network would. The round summaries pass straight through to the
/// real store, which keeps them.</summary>
public sealed class ObservedEventStore(IEventStore inner) : IEventStore, IRoundSummaries
{
    private readonly IRoundSummaries _summaries = (IRoundSummaries)inner;
    private readonly ConcurrentQueue<AppendGate> _gates = new();
    private readonly ConcurrentQueue<long> _readsAfter = new();
    private int _appendCalls;
    private int _appendsStored;
    private int _inFlight;
    private int _maxInFlight;
    private int _failingReads;
    private readonly ConcurrentQueue<long> _snapshotSequences = new();
    private TaskCompletionSource? _snapshotGate;

    public int AppendCalls => Volatile.Read(ref _appendCalls);

    public int AppendsStored => Volatile.Read(ref _appendsStored);

    public int AppendsInFlight => Volatile.Read(ref _inFlight);

    public int MaxConcurrentAppends => Volatile.Read(ref _maxInFlight);

    /// <summary>The sequence of every snapshot stored, in the order they were stored.</summary>
    public IReadOnlyList<long> SnapshotsSaved => [.. _snapshotSequences];

    /// <summary>While true, saving a snapshot throws StorageUnavailableException.</summary>
    public bool FailSnapshots { get; set; }

    /// <summary>The afterSequence of every ReadAsync, in order.</summary>
    public IReadOnlyList<long> ReadsAfter => [.. _readsAfter];

    /// <summary>The next append not yet claimed by an earlier gate waits here until the test opens it.</summary>
    public AppendGate HoldNextAppend()
    {
        var gate = new AppendGate();
        _gates.Enqueue(gate);
        return gate;
    }

    /// <summary>Every snapshot save waits until the returned source is completed (and is then stored).</summary>
    public TaskCompletionSource HoldSnapshots()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _snapshotGate, gate);
        return gate;
    }

    /// <summary>The next <paramref name="count"/> reads (events, one event or snapshots) throw StorageUnavailableException.</summary>
    public void FailNextReads(int count) => Volatile.Write(ref _failingReads, count);

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        AppendAsync(roundId, expectedSequence, events, summary: null, cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, StoredRoundSummary? summary, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        var inFlight = Interlocked.Increment(ref _inFlight);
        RaiseMax(inFlight);
        try
        {
            var outcome = AppendOutcome.Store;
            if (_gates.TryDequeue(out var gate))
            {
                outcome = await gate.PassAsync();
            }
            else
            {
                // Gives an overlapping turn, if there were one, every chance to show up in the in-flight count.
                await Task.Yield();
            }

            if (outcome == AppendOutcome.FailBeforeWriting)
            {
                throw new StorageUnavailableException("Injected: the disk refused the write.");
            }

            var stored = await inner.AppendAsync(roundId, expectedSequence, events, summary, cancellationToken);
            Interlocked.Increment(ref _appendsStored);
            if (outcome == AppendOutcome.FailAfterWriting)
            {
                throw new IOException("Injected: the connection dropped after the commit, before the acknowledgement.");
            }

            return stored;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadPageAsync(RoundId roundId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadPageAsync(roundId, afterSequence, limit, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfReadFails();
        _readsAfter.Enqueue(afterSequence);
        return inner.ReadAsync(roundId, afterSequence, cancellationToken);
    }

    public Task<EventsOfTypes> ReadOfTypesAsync(RoundId roundId, long afterSequence, IReadOnlyCollection<string> types, CancellationToken cancellationToken = default) =>
        inner.ReadOfTypesAsync(roundId, afterSequence, types, cancellationToken);

    public Task<StoredEvent?> ReadEventAsync(RoundId roundId, long sequence, CancellationToken cancellationToken = default)
    {
        ThrowIfReadFails();
        return inner.ReadEventAsync(roundId, sequence, cancellationToken);
    }

    public Task<StoredSnapshot?> ReadLatestSnapshotAsync(RoundId roundId, CancellationToken cancellationToken = default)
    {
        ThrowIfReadFails();
        return inner.ReadLatestSnapshotAsync(roundId, cancellationToken);
    }

    public async Task SaveSnapshotAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        if (FailSnapshots)
        {
            throw new StorageUnavailableException("Injected: the snapshot could not be written.");
        }

        if (Volatile.Read(ref _snapshotGate) is { } gate)
        {
            await gate.Task;
        }

        await inner.SaveSnapshotAsync(snapshot, cancellationToken);
        _snapshotSequences.Enqueue(snapshot.Sequence);
    }

    public Task<IReadOnlyList<RoundId>> ListRoundsAsync(CancellationToken cancellationToken = default) =>
        inner.ListRoundsAsync(cancellationToken);

    public Task<IReadOnlyList<RoundId>> ListWijkBudgetStreamsAsync(CancellationToken cancellationToken = default) =>
        inner.ListWijkBudgetStreamsAsync(cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

    public Task UpsertAsync(StoredRoundSummary summary, CancellationToken cancellationToken = default) => _summaries.UpsertAsync(summary, cancellationToken);

    public Task<IReadOnlyList<StoredRoundSummary>> ListSummariesAsync(DistrictCode? district = null, RoundPhase? phase = null, CancellationToken cancellationToken = default) =>
        _summaries.ListSummariesAsync(district, phase, cancellationToken);

    public Task<IReadOnlyList<RoundId>> ListRoundsWithoutSummaryAsync(CancellationToken cancellationToken = default) =>
        _summaries.ListRoundsWithoutSummaryAsync(cancellationToken);

    private void ThrowIfReadFails()
    {
        var remaining = Volatile.Read(ref _failingReads);
        while (remaining > 0)
        {
            var seen = Interlocked.CompareExchange(ref _failingReads, remaining - 1, remaining);
            if (seen == remaining)
            {
                throw new StorageUnavailableException("Injected: the database file cannot be read.");
            }

            remaining = seen;
        }
    }

    private void RaiseMax(int value)
    {
        var max = Volatile.Read(ref _maxInFlight);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, value, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }
}

public enum AppendOutcome
{
    Store = 0,
    FailBeforeWriting = 1,
    FailAfterWriting = 2,
}

/// <summary>Where a held append waits: the test learns when it arrived and decides how it goes on.</summary>
public sealed class AppendGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<AppendOutcome> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an append has arrived at the gate (its turn has decided its batch).</summary>
    public Task Entered => _entered.Task;

    public void Open(AppendOutcome outcome = AppendOutcome.Store) => _opened.TrySetResult(outcome);

    internal async Task<AppendOutcome> PassAsync()
    {
        _entered.TrySetResult();
        return await _opened.Task;
    }
}
