using System.Collections.Concurrent;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>What a test sees of the reads of whole logs through an <see cref="ObservedEventStore"/>, and how it makes
/// the next ones wait or fail.</summary>
public sealed class ObservedReads
{
    private readonly ConcurrentDictionary<RoundId, int> _wholeLogReads = new();
    private TaskCompletionSource? _hold;
    private int _failing;

    /// <summary>How many times the whole log of <paramref name="round"/> was read (from its first event on).</summary>
    public int WholeLogReadsOf(string round) => _wholeLogReads.GetValueOrDefault(RoundId.Parse(round));

    /// <summary>Every read waits until the returned source is completed (and then reads).</summary>
    public TaskCompletionSource HoldReads()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    /// <summary>The next read throws StorageUnavailableException, as a store that cannot be reached does.</summary>
    public void FailNextRead() => Volatile.Write(ref _failing, 1);

    internal async Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence, Func<Task<IReadOnlyList<StoredEvent>>> read)
    {
        if (afterSequence == 0)
        {
            _wholeLogReads.AddOrUpdate(roundId, 1, (_, reads) => reads + 1);
        }

        if (Volatile.Read(ref _hold) is { } hold)
        {
            await hold.Task;
        }

        if (Interlocked.Exchange(ref _failing, 0) == 1)
        {
            throw new StorageUnavailableException("The test failed this read.");
        }

        return await read();
    }
}

/// <summary>A forwarding decorator around the real store for one service under test (the API's store stays as it is,
/// with the read model and indexes it also is): it observes reads of events, and changes nothing else.</summary>
public sealed class ObservedEventStore(IEventStore inner, ObservedReads reads) : IEventStore
{
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(roundId, afterSequence, () => inner.ReadAsync(roundId, afterSequence, cancellationToken));

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(roundId, expectedSequence, events, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(
        RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, Buurtbudget.Storage.Summaries.StoredRoundSummary? summary, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(roundId, expectedSequence, events, summary, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadPageAsync(RoundId roundId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadPageAsync(roundId, afterSequence, limit, cancellationToken);

    public Task<EventsOfTypes> ReadOfTypesAsync(RoundId roundId, long afterSequence, IReadOnlyCollection<string> types, CancellationToken cancellationToken = default) =>
        inner.ReadOfTypesAsync(roundId, afterSequence, types, cancellationToken);

    public Task<StoredEvent?> ReadEventAsync(RoundId roundId, long sequence, CancellationToken cancellationToken = default) =>
        inner.ReadEventAsync(roundId, sequence, cancellationToken);

    public Task<StoredSnapshot?> ReadLatestSnapshotAsync(RoundId roundId, CancellationToken cancellationToken = default) =>
        inner.ReadLatestSnapshotAsync(roundId, cancellationToken);

    public Task SaveSnapshotAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(snapshot, cancellationToken);

    public Task<IReadOnlyList<RoundId>> ListRoundsAsync(CancellationToken cancellationToken = default) =>
        inner.ListRoundsAsync(cancellationToken);

    public Task<IReadOnlyList<RoundId>> ListWijkBudgetStreamsAsync(CancellationToken cancellationToken = default) =>
        inner.ListWijkBudgetStreamsAsync(cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);
}
