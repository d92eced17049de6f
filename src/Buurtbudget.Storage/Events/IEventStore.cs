using System.Buffers;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Events;

/// <summary>An event to append: its type name, its exact payload bytes, and when it happened.</summary>
public sealed record NewEvent(string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset At);

/// <summary>An event as stored. <see cref="Hash"/> chains it to the round's previous event
/// (see EventChain), so any change to a stored event is detectable.</summary>
public sealed record StoredEvent(
    RoundId RoundId,
    long Sequence,
    string Type,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset At,
    ReadOnlyMemory<byte> PreviousHash,
    ReadOnlyMemory<byte> Hash);

/// <summary>The events of some types out of a stretch of a round's log, and how far that stretch went.</summary>
/// <param name="Events">The events of the types asked for, in order.</param>
/// <param name="Through">The last sequence the read covered: the round's head when it was read, or the sequence the
/// read started after when nothing followed it. A reader that keeps a cursor moves it here, past the events of other
/// types it never loaded.</param>
public sealed record EventsOfTypes(IReadOnlyList<StoredEvent> Events, long Through);

/// <summary>A round's whole state at <see cref="Sequence"/>, to start an activation without replaying every event.</summary>
/// <param name="State">The encoded state; in segments when it was written so, because a round of a hundred thousand
/// ballots is tens of megabytes, and one array that large would land on the large-object heap and cost the whole node
/// a full garbage collection.</param>
public sealed record StoredSnapshot(RoundId RoundId, long Sequence, ReadOnlySequence<byte> State, DateTimeOffset At)
{
    public StoredSnapshot(RoundId roundId, long sequence, ReadOnlyMemory<byte> state, DateTimeOffset at)
        : this(roundId, sequence, new ReadOnlySequence<byte>(state), at)
    {
    }
}

/// <summary>The append-only, per-round event log. Implementations: SQLite (embedded default) and PostgreSQL.</summary>
public interface IEventStore
{
    /// <summary>Appends <paramref name="events"/> after <paramref name="expectedSequence"/> (the last sequence the
    /// writer has seen; 0 for a new round) in one durable transaction: all or none. Returns them as stored,
    /// with sequences and hashes. Throws <see cref="ConcurrencyConflictException"/> if the round has moved on,
    /// and <see cref="StorageUnavailableException"/> if the storage cannot be written.</summary>
    /// <remarks>Appends of different rounds that wait at the same moment may share one transaction (group commit
    /// across rounds): each call is still decided on its own (a conflict fails only that call) and answered only once
    /// the shared transaction committed; when that commit fails, every call in it fails and none of them is stored.
    /// A cancellation is honoured until the call's append is taken into a transaction.</remarks>
    Task<IReadOnlyList<StoredEvent>> AppendAsync(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Appends like the other overload and, in the same transaction, writes the round's
    /// <paramref name="summary"/> (when not null) to the read model: the lists across rounds never lag behind or run
    /// ahead of the log, whatever fails when.</summary>
    Task<IReadOnlyList<StoredEvent>> AppendAsync(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, StoredRoundSummary? summary, CancellationToken cancellationToken = default);

    /// <summary>The round's events with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> (1 or more) of the round's events with a sequence above
    /// <paramref name="afterSequence"/>, in order: a long log read piece by piece, so that only one piece is in memory
    /// (see <see cref="LogReading"/>).</summary>
    Task<IReadOnlyList<StoredEvent>> ReadPageAsync(RoundId roundId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The round's events of the given <paramref name="types"/> (one or more) with a sequence above
    /// <paramref name="afterSequence"/>, in order, and how far the read went. The store passes over the other events
    /// without loading them, so a reader after a round's few proposal or phase events never loads its ballots (a
    /// voting round has hundreds of thousands).</summary>
    Task<EventsOfTypes> ReadOfTypesAsync(RoundId roundId, long afterSequence, IReadOnlyCollection<string> types, CancellationToken cancellationToken = default);

    /// <summary>The round's event with sequence <paramref name="sequence"/> (1 or more), or null when it has none: one
    /// row, for a ballot's receipt without reading the whole log. Only as stored: the link to the rest of the chain is
    /// not checked here (that takes the whole log, as <see cref="EventChain"/> verifies it).</summary>
    Task<StoredEvent?> ReadEventAsync(RoundId roundId, long sequence, CancellationToken cancellationToken = default);

    Task<StoredSnapshot?> ReadLatestSnapshotAsync(RoundId roundId, CancellationToken cancellationToken = default);

    /// <summary>Saves a snapshot. A snapshot is only an optimisation: losing one loses nothing.</summary>
    Task SaveSnapshotAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>Every round that has at least one event, oldest first. Wijk budgets' logs (see
    /// <see cref="WijkBudgetStreams"/>) share the store but are not rounds, and are left out.</summary>
    Task<IReadOnlyList<RoundId>> ListRoundsAsync(CancellationToken cancellationToken = default);

    /// <summary>The stream ids of every wijk budget's log (see <see cref="WijkBudgetStreams"/>), oldest first: with
    /// <see cref="ListRoundsAsync"/>, every log in the store, for verifying and backing up all of it.</summary>
    Task<IReadOnlyList<RoundId>> ListWijkBudgetStreamsAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the store can be read and written now (for /health/ready).</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);
}

/// <summary>Another writer appended to the round first: reload and decide again.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(RoundId roundId, long expectedSequence, long actualSequence)
        : base($"Round {roundId} is at sequence {actualSequence}, not {expectedSequence}.")
    {
        RoundId = roundId;
        ExpectedSequence = expectedSequence;
        ActualSequence = actualSequence;
    }

    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RoundId RoundId { get; }

    public long ExpectedSequence { get; }

    public long ActualSequence { get; }
}

/// <summary>The storage cannot be reached or written (disk full, file locked, connection refused).
/// Nothing of the failed append was stored.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
