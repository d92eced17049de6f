using System.Runtime.InteropServices;
using System.Threading.Channels;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Rounds;

/// <summary>One round in memory: its mailbox, its committed state and the loop that runs its turns one at a time.
/// A turn decides every waiting command against a working state, appends all their events in one write (group
/// commit) and only then answers. Memory never runs ahead of disk: the published state is always one the store
/// acknowledged, and any failed write is followed by a reload.</summary>
internal sealed class RoundActivation
{
    private readonly RoundId _id;
    private readonly IEventStore _store;
    private readonly TimeProvider _time;
    private readonly RoundActorOptions _options;
    private readonly ILogger _logger;
    private readonly RoundActorMetrics _metrics;
    private readonly Channel<PendingCommand> _mailbox;
    private readonly Task _predecessor;
    private readonly Task<Task> _loop;

    // Loads (first activation, a reader finding the round unloaded, the reload after a failed write) take turns here.
    private readonly SemaphoreSlim _loadGate = new(1, 1);

    // Readers catching up with other nodes' writes take turns here, so that one query serves them all.
    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private long _checkedAt;

    // Null while unloaded. Only ever a state the store has acknowledged; immutable, so readers use it directly.
    private volatile RoundState? _committed;

    // What callers are shown when the round cannot be loaded: the last state known to be durable.
    private volatile RoundState _lastKnown;

    // Written by whoever loads (under the load gate, while no turn commits) and by the turn loop.
    private long _snapshotVersion;

    // The snapshot being encoded and saved beside the turns; only the turn loop reads or replaces it.
    private Task _snapshotting = Task.CompletedTask;
    private long _lastUsed;

    // When the last command was queued: a due snapshot waits for the round to go quiet.
    private long _lastCommandAt;

    // Commands written to the mailbox and not yet taken by a turn (the single-reader channel cannot count).
    private int _queued;

    public RoundActivation(
        RoundId id,
        Task predecessor,
        IEventStore store,
        TimeProvider time,
        RoundActorOptions options,
        ILogger logger,
        RoundActorMetrics metrics)
    {
        _id = id;
        _predecessor = predecessor;
        _store = store;
        _time = time;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _lastKnown = RoundState.Initial(id);
        _lastUsed = time.GetTimestamp();
        _lastCommandAt = _lastUsed;
        _mailbox = Channel.CreateUnbounded<PendingCommand>(new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _loop = new Task<Task>(RunAsync);
        Completion = _loop.Unwrap();
    }

    public RoundId Id => _id;

    /// <summary>Completes when the mailbox is closed and every command in it has been answered.</summary>
    public Task Completion { get; }

    public void Start() => _loop.Start(TaskScheduler.Default);

    /// <summary>Queues a command for a coming turn; false once the mailbox is closed (the activation was deactivated),
    /// in which case the caller goes to a fresh activation.</summary>
    public bool TryEnqueue(PendingCommand pending)
    {
        Touch();
        Volatile.Write(ref _lastCommandAt, Volatile.Read(ref _lastUsed));
        Interlocked.Increment(ref _queued);
        if (_mailbox.Writer.TryWrite(pending))
        {
            return true;
        }

        Interlocked.Decrement(ref _queued);
        return false;
    }

    /// <summary>No more commands: the loop answers what is queued and ends.</summary>
    public void Close() => _mailbox.Writer.TryComplete();

    /// <summary>Unused for the idle timeout with nothing queued. A turn may still be finishing (a snapshot, say):
    /// closing the mailbox then is safe, the loop ends after it and a fresh activation waits for that.</summary>
    public bool IsIdle(long nowTimestamp) =>
        Volatile.Read(ref _queued) == 0 &&
        _time.GetElapsedTime(Volatile.Read(ref _lastUsed), nowTimestamp) >= _options.IdleTimeout;

    public async Task<RoundState> GetStateAsync(CancellationToken cancellationToken)
    {
        Touch();
        if (_committed is { } committed)
        {
            return _options.ReadFreshness > TimeSpan.Zero ? await CatchUpAsync(committed, cancellationToken) : committed;
        }

        try
        {
            return await EnsureLoadedAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or StorageUnavailableException))
        {
            throw new StorageUnavailableException($"Round {_id} could not be loaded.", exception);
        }
    }

    private void Touch() => Volatile.Write(ref _lastUsed, _time.GetTimestamp());

    /// <summary>Brings a reader's view up to what other nodes have appended, when it was last checked longer ago than
    /// <see cref="RoundActorOptions.ReadFreshness"/>. Does not queue behind this node's turns: it reads the store's
    /// tail and publishes the result only if no turn published meanwhile (a turn's own state is then as new, or its
    /// append conflicted and it reloads).</summary>
    private async Task<RoundState> CatchUpAsync(RoundState seen, CancellationToken cancellationToken)
    {
        if (!IsStale())
        {
            return seen;
        }

        await _catchUpGate.WaitAsync(cancellationToken);
        try
        {
            var current = _committed ?? seen;
            if (!IsStale())
            {
                return current;
            }

            var checkedAt = _time.GetTimestamp();
            IReadOnlyList<StoredEvent> tail;
            try
            {
                tail = await _store.ReadAsync(_id, current.Version, cancellationToken);
            }
            catch (StorageUnavailableException exception)
            {
                // A read that cannot reach the store still answers with the last durable state it knows.
                RoundActorLog.CatchUpFailed(_logger, _id, exception);
                return current;
            }

            var next = current;
            foreach (var stored in tail)
            {
                next = next.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
            }

            Volatile.Write(ref _checkedAt, checkedAt);
            if (next.Version == current.Version)
            {
                return current;
            }

            RoundActorLog.CaughtUp(_logger, _id, current.Version, next.Version);
            var published = Interlocked.CompareExchange(ref _committed, next, current);
            if (ReferenceEquals(published, current))
            {
                _lastKnown = next;
                return next;
            }

            return published ?? next;
        }
        finally
        {
            _catchUpGate.Release();
        }
    }

    private bool IsStale() =>
        _time.GetElapsedTime(Volatile.Read(ref _checkedAt), _time.GetTimestamp()) >= _options.ReadFreshness;

    private async Task RunAsync()
    {
        // A fresh activation of a round whose previous activation is still answering its last commands waits for
        // it, so that the two do not race each other's appends (which would be correct, but a needless conflict).
        await _predecessor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var reader = _mailbox.Reader;
        var batch = new List<PendingCommand>();
        while (await WaitForCommandsAsync(reader))
        {
            batch.Clear();
            try
            {
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
                {
                    Interlocked.Decrement(ref _queued);
                    if (pending.TryClaim())
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count > 0)
                {
                    await RunTurnAsync(batch);
                }
            }
            catch (Exception exception)
            {
                // The loop must outlive any bug: a dead loop would leave every later caller waiting forever.
                RoundActorLog.TurnFailed(_logger, _id, exception);
                foreach (var pending in batch)
                {
                    pending.Fail(exception);
                }

                await ReloadAsync();
            }
        }

        // Deactivating or stopping: a due snapshot is taken now, so that the next activation starts from it. Completion
        // includes it, so a successor activation or a stopping host never races its write. A snapshot still being
        // written is of an older state: it finishes first, then the last state is snapshotted if that is due.
        await _snapshotting;
        if (_committed is { } last && IsSnapshotDue(last))
        {
            StartSnapshot(last);
            await _snapshotting;
        }
    }

    /// <summary>Waits until commands are queued; false once the mailbox is closed and empty. While a snapshot is due, the
    /// round's first quiet moment (no command for <see cref="RoundActorOptions.SnapshotWhenQuietFor"/>) takes it; one
    /// that became due while an older snapshot was still being written is taken once that one is done.</summary>
    private async ValueTask<bool> WaitForCommandsAsync(ChannelReader<PendingCommand> reader)
    {
        var waiting = reader.WaitToReadAsync();
        if (waiting.IsCompleted || _committed is not { } state || !HasEventsForSnapshot(state))
        {
            return await waiting;
        }

        var commands = waiting.AsTask();
        while (true)
        {
            if (!_snapshotting.IsCompleted)
            {
                if (await Task.WhenAny(commands, _snapshotting) == commands)
                {
                    return await commands;
                }

                continue;
            }

            var remaining = _options.SnapshotWhenQuietFor - _time.GetElapsedTime(Volatile.Read(ref _lastCommandAt));
            if (remaining <= TimeSpan.Zero)
            {
                StartSnapshot(state);
                return await commands;
            }

            using var stop = new CancellationTokenSource();
            var quiet = Task.Delay(remaining, _time, stop.Token);
            if (await Task.WhenAny(commands, quiet) == commands)
            {
                await stop.CancelAsync();
                return await commands;
            }
        }
    }

    private async Task RunTurnAsync(List<PendingCommand> batch)
    {
        var committed = _committed ?? await TryLoadForTurnAsync();
        if (committed is null)
        {
            AnswerStorageUnavailable(batch, _lastKnown);
            return;
        }

        var decisions = new Decision?[batch.Count];
        var events = new List<NewEvent>(batch.Count);
        var caughtUp = false;
        for (var attempt = 1; ; attempt++)
        {
            var working = DecideBatch(committed, batch, decisions, events);
            if (events.Count == 0)
            {
                // Nothing to write. An unchanged command (a replayed ballot) is answered with what it matched, so that
                // must be the store's head: with other writers, catch up once and decide again; alone, it already is.
                if (!caughtUp && _options.ReadFreshness > TimeSpan.Zero && Array.Exists(decisions, d => d is { IsUnchanged: true }))
                {
                    caughtUp = true;
                    var head = await TryCatchUpForTurnAsync(committed);
                    if (head is null)
                    {
                        AnswerStorageUnavailable(batch, committed);
                        return;
                    }

                    if (head.Version != committed.Version)
                    {
                        committed = head;
                        continue;
                    }
                }

                Answer(batch, decisions, committed, []);
                return;
            }

            IReadOnlyList<StoredEvent> stored;
            try
            {
                stored = await _store.AppendAsync(_id, committed.Version, events, CancellationToken.None);
            }
            catch (ConcurrencyConflictException)
            {
                _metrics.Conflict();
                var reloaded = await ReloadAsync();
                if (reloaded is null)
                {
                    AnswerStorageUnavailable(batch, _lastKnown);
                    return;
                }

                if (attempt > _options.ConflictRetries)
                {
                    RoundActorLog.ConflictsExhausted(_logger, _id, attempt, batch.Count);
                    AnswerStorageUnavailable(batch, reloaded);
                    return;
                }

                RoundActorLog.Conflict(_logger, _id, committed.Version, attempt);
                committed = reloaded;
                continue;
            }
            catch (Exception exception)
            {
                // Reloaded before answering: an ambiguous failure may have written after all, and a caller who
                // reads right after its answer must see what the store holds, not what this activation assumed.
                RoundActorLog.AppendFailed(_logger, _id, events.Count, committed.Version, batch.Count, exception);
                var reloaded = await ReloadAsync();
                AnswerStorageUnavailable(batch, reloaded ?? _lastKnown);
                return;
            }

            Publish(working);
            Answer(batch, decisions, working, stored);
            if (IsSnapshotDue(working) && working.Version - Volatile.Read(ref _snapshotVersion) >= _options.SnapshotAtLatestAfter)
            {
                // This round has not gone quiet for a long time: the snapshot is taken in the rush after all.
                StartSnapshot(working);
            }

            return;
        }
    }

    /// <summary>The store's head for a turn whose commands changed nothing: <paramref name="committed"/> with what other
    /// writers appended since, published; null when the store cannot be read (nothing can be promised then).</summary>
    private async Task<RoundState?> TryCatchUpForTurnAsync(RoundState committed)
    {
        IReadOnlyList<StoredEvent> tail;
        try
        {
            tail = await _store.ReadAsync(_id, committed.Version, CancellationToken.None);
        }
        catch (Exception exception)
        {
            RoundActorLog.HeadUnconfirmed(_logger, _id, exception);
            return null;
        }

        if (tail.Count == 0)
        {
            return committed;
        }

        var head = committed;
        foreach (var stored in tail)
        {
            head = head.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
        }

        RoundActorLog.CaughtUp(_logger, _id, committed.Version, head.Version);

        // A reader may have caught up meanwhile; its state is then at least as new, so it is left in place.
        if (ReferenceEquals(Interlocked.CompareExchange(ref _committed, head, committed), committed))
        {
            _lastKnown = head;
        }

        return head;
    }

    /// <summary>Decides each command against the state including the batch's earlier accepted commands. Fills
    /// <paramref name="decisions"/> (null where deciding threw: that caller already has the exception) and
    /// <paramref name="events"/> with what to append; returns the state after all accepted commands.</summary>
    private RoundState DecideBatch(RoundState committed, List<PendingCommand> batch, Decision?[] decisions, List<NewEvent> events)
    {
        Array.Clear(decisions);
        events.Clear();
        var working = committed;
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (pending.IsDone)
            {
                continue;
            }

            // One instant per command: the events it causes carry it, and the store records the same one.
            var now = _time.GetUtcNow();
            try
            {
                var decision = BudgetRound.Decide(working, pending.Command, now);
                if (decision.IsAccepted)
                {
                    var next = working;
                    var encoded = new NewEvent[decision.Events.Length];
                    for (var e = 0; e < encoded.Length; e++)
                    {
                        var roundEvent = decision.Events[e];
                        next = next.Apply(roundEvent);
                        var (type, payload) = RoundEventCodec.Encode(roundEvent);
                        encoded[e] = new NewEvent(type, payload, now);
                    }

                    working = next;
                    events.AddRange(encoded);
                }

                decisions[i] = decision;
            }
            catch (Exception exception)
            {
                // A throwing decision is a bug, not a refusal: its caller gets the exception, the others go on
                // against the state as it was before this command.
                RoundActorLog.DecideFailed(_logger, _id, exception);
                pending.Fail(exception);
            }
        }

        return working;
    }

    /// <summary>Answers every decided command; an accepted one with its own slice of <paramref name="stored"/>, which
    /// holds the accepted commands' events in batch order, as <see cref="DecideBatch"/> queued them.</summary>
    private void Answer(List<PendingCommand> batch, Decision?[] decisions, RoundState state, IReadOnlyList<StoredEvent> stored)
    {
        // Counted before answering, so that whoever reads the metrics after an answer finds it counted.
        int committed = 0, rejected = 0;
        foreach (var decision in decisions)
        {
            if (decision is { IsAccepted: true })
            {
                committed++;
            }
            else if (decision is not null)
            {
                rejected++;
            }
        }

        _metrics.Batch(batch.Count, committed, rejected, 0);
        var next = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (decisions[i] is not { } decision)
            {
                continue;
            }

            if (!decision.IsAccepted)
            {
                batch[i].Complete(new CommandResult(CommandStatus.Rejected, [], state, decision.Error, []));
                continue;
            }

            var own = new StoredEvent[decision.Events.Length];
            for (var e = 0; e < own.Length; e++)
            {
                own[e] = stored[next++];
            }

            batch[i].Complete(new CommandResult(CommandStatus.Committed, decision.Events, state, null, ImmutableCollectionsMarshal.AsImmutableArray(own)));
        }
    }

    private void AnswerStorageUnavailable(List<PendingCommand> batch, RoundState state)
    {
        _metrics.Batch(batch.Count, 0, 0, batch.Count(pending => !pending.IsDone));
        var answer = new CommandResult(CommandStatus.StorageUnavailable, [], state, null, []);
        foreach (var pending in batch)
        {
            pending.Complete(answer);
        }
    }

    private async Task<RoundState?> TryLoadForTurnAsync()
    {
        try
        {
            return await EnsureLoadedAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            RoundActorLog.LoadFailed(_logger, _id, exception);
            return null;
        }
    }

    private async Task<RoundState> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (_committed is { } loaded)
            {
                return loaded;
            }

            await _predecessor.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            var (state, snapshotVersion) = await LoadAsync(cancellationToken);
            Volatile.Write(ref _snapshotVersion, snapshotVersion);
            Publish(state);
            return state;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Reloads after a failed or conflicting write. If that fails too, the round is left unloaded so
    /// that the next turn (or reader) loads it first; null then.</summary>
    private async Task<RoundState?> ReloadAsync()
    {
        await _loadGate.WaitAsync();
        try
        {
            var (state, snapshotVersion) = await LoadAsync(CancellationToken.None);
            Volatile.Write(ref _snapshotVersion, Math.Max(snapshotVersion, Volatile.Read(ref _snapshotVersion)));
            Publish(state);
            return state;
        }
        catch (Exception exception)
        {
            RoundActorLog.ReloadFailed(_logger, _id, exception);
            _committed = null;
            return null;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task<(RoundState State, long SnapshotVersion)> LoadAsync(CancellationToken cancellationToken)
    {
        var state = RoundState.Initial(_id);
        long snapshotVersion = 0;
        var snapshot = await _store.ReadLatestSnapshotAsync(_id, cancellationToken);
        if (snapshot is not null)
        {
            // A snapshot only saves time: one that cannot be used costs a full replay, never the round.
            try
            {
                var decoded = RoundSnapshotCodec.Decode(snapshot.State);
                if (decoded.Id == _id && decoded.Version == snapshot.Sequence)
                {
                    state = decoded;
                    snapshotVersion = snapshot.Sequence;
                }
                else
                {
                    RoundActorLog.SnapshotUnusable(_logger, _id, snapshot.Sequence, null);
                }
            }
            catch (Exception exception)
            {
                RoundActorLog.SnapshotUnusable(_logger, _id, snapshot.Sequence, exception);
            }
        }

        var events = await _store.ReadAsync(_id, state.Version, cancellationToken);
        foreach (var stored in events)
        {
            state = state.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
            if (state.Version != stored.Sequence)
            {
                throw new InvalidDataException($"Round {_id}: event {stored.Sequence} was read where event {state.Version} belongs; the log is not contiguous.");
            }
        }

        RoundActorLog.Loaded(_logger, _id, state.Version, events.Count);
        return (state, snapshotVersion);
    }

    private void Publish(RoundState state)
    {
        _committed = state;
        _lastKnown = state;

        // A committed turn or a load has just seen the store's head: that counts as checked for readers.
        Volatile.Write(ref _checkedAt, _time.GetTimestamp());
    }

    /// <summary>Enough events since the last snapshot (<see cref="RoundActorOptions.SnapshotInterval"/>), and none being
    /// written.</summary>
    private bool IsSnapshotDue(RoundState state) => HasEventsForSnapshot(state) && _snapshotting.IsCompleted;

    /// <summary>Enough events since the last snapshot was started, whether or not it is still being written.</summary>
    private bool HasEventsForSnapshot(RoundState state) =>
        state.Version - Volatile.Read(ref _snapshotVersion) >= _options.SnapshotInterval(state.Version);

    /// <summary>Starts a snapshot beside the turns. Encoding a large round takes long (the whole state, every ballot):
    /// the state is immutable, so it is encoded on another thread while the next turns run. Neither a slow nor a failing
    /// snapshot ever delays an answer; the events, not the snapshot, are the truth. Only the turn loop calls this.</summary>
    private void StartSnapshot(RoundState state)
    {
        // Counted as taken even if saving fails: a failing store is then tried again after another
        // interval, not after every turn.
        Volatile.Write(ref _snapshotVersion, state.Version);
        _snapshotting = Task.Run(() => SaveSnapshotAsync(state));
    }

    private async Task SaveSnapshotAsync(RoundState state)
    {
        try
        {
            await using var buffer = new PacedSnapshotBuffer();
            await RoundSnapshotCodec.EncodeAsync(state, buffer, () => buffer.RestIfDueAsync());
            await _store.SaveSnapshotAsync(new StoredSnapshot(_id, state.Version, buffer.Written, _time.GetUtcNow()), CancellationToken.None);
            RoundActorLog.SnapshotSaved(_logger, _id, state.Version);
        }
        catch (Exception exception)
        {
            RoundActorLog.SnapshotFailed(_logger, _id, state.Version, exception);
        }
    }
}
