using Buurtbudget.Domain.Rounds;
using System.Diagnostics;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Telemetry;

namespace Buurtbudget.Storage.Events;

/// <summary>How many transactions a store's committer ran, and how many appends they carried: for metrics, and to
/// see that appends of different rounds share commits.</summary>
/// <param name="Commits">Transactions committed.</param>
/// <param name="Appends">Calls whose events those transactions stored.</param>
/// <param name="FailedCommits">Transactions that failed, each failing every call merged into it.</param>
public readonly record struct GroupCommitCounts(long Commits, long Appends, long FailedCommits);

/// <summary>
/// Group commit across rounds: one committer per store takes every append waiting at that moment, from every round,
/// and hands them to the store to write in one transaction with one commit (one sync to disk), then answers each caller.
/// </summary>
/// <remarks>
/// <para>Why: a round grain already merges the ballots that arrive together into one append, but on a city-wide voting
/// day the voters are spread over many rounds, each round gets only its share, and every round's append paid its own
/// sync to disk. The disk's sync rate, not the work, then capped the votes per second. Sharing one commit among the
/// rounds' appends restores what the one hot round had.</para>
/// <para>No timer gathers appends: when nothing is being written, an append starts a commit at once, alone. While a
/// commit is in flight the next appends wait; the commit after it takes all of them. So the group grows with the load
/// and with the disk's latency, and a lone append never waits for company.</para>
/// <para>The commit runs on the thread pool, not on the caller's thread: a grain's turn never carries other rounds'
/// writes, and callers are answered with continuations that run asynchronously, never inside the committer.</para>
/// <para>Each call keeps the contract of <see cref="IEventStore.AppendAsync(RoundId, long, IReadOnlyList{NewEvent}, StoredRoundSummary?, CancellationToken)"/>:
/// the store decides each append on its own (its round's head checked inside the transaction, a conflicting round's rows
/// left out), but answers only once the transaction has committed. When the commit fails, every call merged into it
/// fails with <see cref="StorageUnavailableException"/> and nothing of any of them is stored.</para>
/// </remarks>
internal sealed class AppendCommitter
{
    private readonly Func<IReadOnlyList<PendingAppend>, Task> _commit;
    private readonly BuurtbudgetMetrics? _metrics;
    private readonly Lock _gate = new();
    private List<PendingAppend> _waiting = [];
    private bool _committing;
    private long _commits;
    private long _appends;
    private long _failedCommits;

    /// <param name="commit">Writes a group in one transaction and commits it. It calls <see cref="PendingAppend.Store"/>
    /// or <see cref="PendingAppend.Refuse"/> for every append it decided; it throws when the transaction did not commit.</param>
    /// <param name="metrics">Records each committed group's size and latency, once per commit; null records nothing.</param>
    public AppendCommitter(Func<IReadOnlyList<PendingAppend>, Task> commit, BuurtbudgetMetrics? metrics = null)
    {
        _commit = commit;
        _metrics = metrics;
    }

    public GroupCommitCounts Counts => new(Interlocked.Read(ref _commits), Interlocked.Read(ref _appends), Interlocked.Read(ref _failedCommits));

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(PendingAppend append)
    {
        bool start;
        lock (_gate)
        {
            _waiting.Add(append);
            start = !_committing;
            _committing = true;
        }

        if (start)
        {
            // The loop serves every caller that comes while it runs, so it carries none of this caller's context
            // (its trace, the grain's request context).
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(CommitWaitingAsync);
            }
        }

        return append.Answer;
    }

    /// <summary>Commits group after group until nothing waits. Never throws: every failure goes to the callers it concerns.</summary>
    private async Task CommitWaitingAsync()
    {
        while (true)
        {
            List<PendingAppend> taken;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }

                taken = _waiting;
                _waiting = [];
            }

            // A caller that gave up before its group was taken is left out; once taken, an append is part of a shared
            // transaction and one caller's cancellation does not abort the others'.
            var group = taken.Where(append => !append.CancelIfRequested()).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await _commit(group);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _failedCommits);
                foreach (var append in group)
                {
                    append.Fail(exception);
                }

                continue;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _appends, group.Count(append => append.IsStored));
            _metrics?.Commit(group.Count, Stopwatch.GetElapsedTime(started));
            foreach (var append in group)
            {
                append.Deliver();
            }
        }
    }
}

/// <summary>One call to AppendAsync on its way through a group commit: what it asks, and what the store decided for it.
/// The decision is only delivered to the caller after the transaction committed.</summary>
internal sealed class PendingAppend
{
    private readonly TaskCompletionSource<IReadOnlyList<StoredEvent>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;
    private StoredEvent[]? _stored;
    private Exception? _refusal;

    public PendingAppend(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, StoredRoundSummary? summary, CancellationToken cancellationToken)
    {
        RoundId = roundId;
        ExpectedSequence = expectedSequence;
        Summary = summary;
        _cancellationToken = cancellationToken;

        // Copied now, before the caller's await: the caller's list may be reused once it has been handed over.
        Events = new (string, byte[], DateTimeOffset)[events.Count];
        for (var index = 0; index < events.Count; index++)
        {
            var newEvent = events[index];
            Events[index] = (newEvent.Type, AsArray(newEvent.Payload), new DateTimeOffset(newEvent.At.UtcTicks, TimeSpan.Zero));
        }
    }

    public RoundId RoundId { get; }

    public long ExpectedSequence { get; }

    /// <summary>Each event's type, payload and time fixed to UTC (the hash covers UTC ticks).</summary>
    public (string Type, byte[] Payload, DateTimeOffset At)[] Events { get; }

    public StoredRoundSummary? Summary { get; }

    public bool IsStored => _stored is not null;

    public Task<IReadOnlyList<StoredEvent>> Answer => _answer.Task;

    /// <summary>The events as they would be stored after the round's head (<paramref name="lastSequence"/>,
    /// <paramref name="lastHash"/>): sequences and hash chain. The one place both stores chain new events.</summary>
    public StoredEvent[] Chain(long lastSequence, ReadOnlyMemory<byte> lastHash)
    {
        var stored = new StoredEvent[Events.Length];
        var previousHash = lastHash;
        for (var index = 0; index < Events.Length; index++)
        {
            var (type, payload, at) = Events[index];
            var sequence = checked(lastSequence + index + 1);
            var hash = new byte[EventChain.HashLength];
            EventChain.Compute(previousHash.Span, RoundId, sequence, type, at, payload, hash);
            stored[index] = new StoredEvent(RoundId, sequence, type, payload, at, previousHash, hash);
            previousHash = hash;
        }

        return stored;
    }

    /// <summary>The conflict this append meets when its round is at <paramref name="actualSequence"/>, or null when it
    /// may be written there.</summary>
    public ConcurrencyConflictException? ConflictAt(long actualSequence) =>
        actualSequence == ExpectedSequence ? null : new ConcurrencyConflictException(RoundId, ExpectedSequence, actualSequence);

    /// <summary>The store wrote these events in the group's transaction; the caller gets them once it commits.</summary>
    public void Store(StoredEvent[] stored)
    {
        _stored = stored;
        _refusal = null;
    }

    /// <summary>The store left this append out of the group's transaction (a conflict); the caller gets the refusal
    /// once the transaction commits, so that a decision that depended on the transaction never outlives it.</summary>
    public void Refuse(Exception refusal)
    {
        _refusal = refusal;
        _stored = null;
    }

    /// <summary>Forgets a decision: the store decides the group again in a new transaction.</summary>
    public void Undecide()
    {
        _stored = null;
        _refusal = null;
    }

    public bool CancelIfRequested() => _cancellationToken.IsCancellationRequested && _answer.TrySetCanceled(_cancellationToken);

    public void Deliver()
    {
        if (_stored is not null)
        {
            _answer.TrySetResult(_stored);
        }
        else
        {
            _answer.TrySetException(_refusal ?? new InvalidOperationException($"The store committed a group without deciding the append to round {RoundId}."));
        }
    }

    /// <summary>The group's transaction failed: nothing of it was stored. Each caller gets an exception of its own, so
    /// that callers rethrowing it concurrently never share one stack trace.</summary>
    public void Fail(Exception failure) =>
        _answer.TrySetException(failure switch
        {
            StorageUnavailableException unavailable => new StorageUnavailableException(unavailable.Message, unavailable.InnerException ?? unavailable),
            _ => failure,
        });

    /// <summary>The array behind <paramref name="memory"/> when it is a whole array (no copy), else a copy.</summary>
    public static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
