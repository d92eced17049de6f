using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Buurtbudget.Actors.Rounds;

/// <summary>One budget round in memory, as an Orleans grain. Orleans gives the round its one activation in the cluster,
/// its messaging and its life (activation, idle collection, deactivation); the grain decides with the domain, appends to
/// the event store and answers.
/// <para>Group commit, and why the grain is <see cref="ReentrantAttribute"/> with a turn loop of its own: a
/// non-reentrant grain runs one call to its end before the next starts, so every ballot would be one append and one
/// fsync. Here a call only queues its command and waits. One loop takes everything queued, decides it command by command
/// in a single synchronous stretch (so the state cannot change under a decision), appends all the events in one write,
/// and only then publishes the new state and answers each caller from its own decision. The loop runs beside the grain's
/// scheduler, not on it: on it, its continuation after each append queued behind Orleans' message loop, which under a
/// steady stream of calls did not yield, and group commit ran at 0.04 of this design (storage bench, SQLite, one run:
/// 1,766 against 48,998 votes/s). State is owned by the loop alone: calls touch only the thread-safe queue, and readers
/// get the last published state, an immutable value.</para>
/// <para>Memory never runs ahead of disk: the published state is always one the store acknowledged. If an append
/// fails, every caller in the batch is answered that storage is unavailable, nothing of theirs is stored, and the round
/// reloads from the store. Orleans may briefly hold two activations of one round while membership changes; every append
/// states the sequence it expects, so the store refuses the second writer, which reloads and decides again.</para></summary>
[Reentrant]
internal sealed partial class RoundGrain : Grain, IRoundGrain
{
    private readonly IEventStore _store;
    private readonly IRoundSummaries _summaries;
    private readonly TimeProvider _time;
    private readonly RoundGrainOptions _options;
    private readonly ILogger _logger;
    private readonly BuurtbudgetMetrics _metrics;

    // Commands that arrived and are not yet taken by a turn: calls write, the turn loop alone reads.
    private readonly Channel<Pending> _mailbox = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    // Loads (the first call, a reader finding the round unloaded, the reload after a failed write) take turns here.
    private readonly SemaphoreSlim _loadGate = new(1, 1);

    private RoundId _id;

    // Null while unloaded. Only ever a state the store has acknowledged; immutable, so readers use it directly.
    private volatile RoundState? _committed;

    // The overview of the last state a view was asked for, with that state: built once per version, not per read.
    private volatile PublishedView? _view;

    // What loading found of the stored hash chain; written before the state it belongs to is published.
    private volatile RoundIntegrity _integrity = RoundIntegrity.Intact;

    private Task _loop = Task.CompletedTask;

    // Commands in the mailbox (the single-reader channel cannot count them).
    private int _queued;

    // The summary document this activation last stored (null: none yet, or unknown after a failure): a turn stores the
    // summary only when what the lists show changed, so most ballots that replace a ballot add nothing to the append.
    private volatile string? _summaryStored;

    // The version of the last snapshot started (the turn loop and loads write it), and the snapshot being encoded and
    // saved beside the turns (only the turn loop touches it).
    private long _snapshotVersion;
    private Task _snapshotting = Task.CompletedTask;

    // When the last command arrived: a due snapshot waits for the round to go quiet.
    private long _lastCommandAt;

    public RoundGrain(
        IEventStore store,
        IRoundSummaries summaries,
        [FromKeyedServices(RoundGrainOptions.ClockKey)] TimeProvider time,
        IOptions<RoundGrainOptions> options,
        ILogger<RoundGrain> logger,
        BuurtbudgetMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _summaries = summaries;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Commands that arrived and wait for a turn: calls cross the wire in no guaranteed order, so tests read
    /// this (through the activation) to know that a command is queued before they send the next.</summary>
    internal int Queued => Volatile.Read(ref _queued);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = new RoundId(this.GetPrimaryKey());
        _lastCommandAt = _time.GetTimestamp();
        _loop = Task.Run(RunLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Every queued command is answered before the activation goes, and a due snapshot is taken (see the loop).
        _mailbox.Writer.TryComplete();
        await _loop;
        RoundGrainLog.Deactivated(_logger, _id, _committed?.Version ?? 0);
    }

    public async Task<CommandResult> ExecuteAsync(RoundCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var pending = new PendingCommand(command);
        Enqueue(pending);
        var result = await pending.Answer;
        if (MovesCalendar(result))
        {
            await KeepCalendarAsync(stepRefused: false);
        }

        return result;
    }

    public Task<BallotResult> CastBallotAsync(CastBallot ballot, VoterFacts? voter)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        if (voter is null != ballot.ByVotingCode)
        {
            throw new ArgumentException("A signed-in voter's ballot comes with their facts; a ballot cast with a voting code without.", nameof(voter));
        }

        if (voter is not null && ballot.By != voter.Voter)
        {
            throw new ArgumentException("A ballot is cast by the voter whose facts come with it.", nameof(voter));
        }

        var pending = new PendingBallot(ballot, voter);
        Enqueue(pending);
        return pending.Answer;
    }

    public async Task<RoundView> GetViewAsync()
    {
        // The integrity is written before the state it belongs to is published, so it is read after the state.
        var state = await GetCommittedAsync();
        return new RoundView(OverviewOf(state), _integrity);
    }

    public async Task<VoterView> GetVoterAsync(ParticipantKey voter)
    {
        var state = await GetCommittedAsync();
        // A letter code bound to a register person reads that person's ballot, whichever channel it came by.
        var person = ParticipantResolution.PersonOf(state, voter);
        return new VoterView(BallotViewOf(state, person), ParticipantResolution.IsCode(state, voter), state.VoterRegister.Contains(person));
    }

    public async Task<ProposalArguments> GetArgumentsAsync(ProposalId proposal, ParticipantKey? reader) =>
        (await GetCommittedAsync()).Arguments.For(proposal, reader);

    public async Task<ArgumentView?> GetArgumentAsync(ArgumentId argument, ParticipantKey? reader) =>
        (await GetCommittedAsync()).Arguments.View(argument, reader);

    public async Task<VotingCodeUse> GetVotingCodeUseAsync() => VotingCodeUse.Of(await GetCommittedAsync());

    public async Task<ImmutableArray<PaperBatch>> GetPaperBatchesAsync() => (await GetCommittedAsync()).PaperBatches;

    public async Task<PabulibFile?> ExportAsync()
    {
        var state = await GetCommittedAsync();
        return state.Outcome is null ? null : PabulibRoundExport.From(state);
    }

    public async Task StoreSummaryAsync()
    {
        var wasLoaded = _committed is not null;
        await GetCommittedAsync();
        if (!wasLoaded && Queued == 0)
        {
            // Loading stored the summary; nobody else needs this activation now.
            DeactivateOnIdle();
        }
    }

    /// <summary>The round's latest durable state, loading it first if it is not loaded. Stays inside the grain: every
    /// answer is built from it here, so no answer carries the per-voter sets (see <see cref="RoundOverview"/>).</summary>
    private async Task<RoundState> GetCommittedAsync() =>
        _committed ?? await EnsureLoadedAsync() ?? throw new StorageUnavailableException($"Round {_id} could not be loaded.");

    /// <summary>The overview of <paramref name="state"/>, built once for each published state however often it is read.</summary>
    private RoundOverview OverviewOf(RoundState state)
    {
        if (_view is { } view && ReferenceEquals(view.State, state))
        {
            return view.Overview;
        }

        var overview = RoundOverview.Of(state);
        _view = new PublishedView(state, overview);
        return overview;
    }

    private static BallotView? BallotViewOf(RoundState state, ParticipantKey voter) =>
        state.Ballots.TryGetValue(voter, out var ballot) ? new BallotView(ballot, BallotCosts.Of(ballot, state.BallotOptions)) : null;

    private void Enqueue(Pending pending)
    {
        Volatile.Write(ref _lastCommandAt, _time.GetTimestamp());
        Interlocked.Increment(ref _queued);
        if (!_mailbox.Writer.TryWrite(pending))
        {
            // Deactivating: Orleans sends no new call to an activation that is going, so this is a bug, not a race.
            Interlocked.Decrement(ref _queued);
            throw new InvalidOperationException($"Round {_id} is deactivating and takes no more commands.");
        }
    }

    /// <summary>Runs turns while the activation lives: the one loop that changes the round's state. When the mailbox is
    /// closed (deactivation), it answers what is queued, takes a due snapshot and ends.</summary>
    private async Task RunLoopAsync()
    {
        var reader = _mailbox.Reader;
        var batch = new List<Pending>();
        while (await WaitForCommandsAsync(reader))
        {
            batch.Clear();
            try
            {
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
                {
                    Interlocked.Decrement(ref _queued);
                    batch.Add(pending);
                }

                if (batch.Count > 0)
                {
                    await RunTurnAsync(batch);
                }
            }
            catch (Exception exception)
            {
                // The loop must outlive any bug: a dead loop would leave every later caller waiting forever.
                RoundGrainLog.TurnFailed(_logger, _id, exception);
                foreach (var pending in batch)
                {
                    pending.Fail(exception);
                }

                await LoadAndPublishAsync();
            }
        }

        // A snapshot still being written is of an older state: it finishes first, then the last state is snapshotted
        // if that is due, so that the next activation starts from it.
        await _snapshotting;
        if (_committed is { } last && IsSnapshotDue(last))
        {
            StartSnapshot(last);
            await _snapshotting;
        }
    }

    /// <summary>Waits until commands are queued; false once the mailbox is closed and empty. While a snapshot is due, the
    /// round's first quiet moment (no command for <see cref="RoundGrainOptions.SnapshotWhenQuietFor"/>) takes it; one
    /// that became due while an older snapshot was still being written is taken once that one is done.</summary>
    private async ValueTask<bool> WaitForCommandsAsync(ChannelReader<Pending> reader)
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

    private async Task RunTurnAsync(List<Pending> batch)
    {
        var committed = _committed ?? await EnsureLoadedAsync();
        if (committed is null)
        {
            AnswerStorageUnavailable(batch);
            return;
        }

        var outcomes = new Outcome[batch.Count];
        var events = new List<NewEvent>(batch.Count);
        for (var attempt = 1; ; attempt++)
        {
            if (!_integrity.IsIntact)
            {
                // Checked on every attempt: a reload after a conflict may be the one that finds the chain broken.
                AnswerRoundBroken(batch);
                return;
            }

            var working = DecideBatch(committed, batch, outcomes, events);
            if (events.Count == 0)
            {
                Answer(batch, outcomes, []);
                return;
            }

            // The lists across rounds read a summary kept in the append's own transaction rather than written after it:
            // it can then never lag behind the log nor show what the log lost, whatever fails when, at the cost of one
            // small row in a transaction that is written anyway (no extra sync to disk, no extra write), and only
            // when the summary changed. A write after the append would add a second durable write per turn to the hot
            // path, and a crash between the two would leave a list wrong until the round happens to load again.
            var summary = RoundSummary.ToStored(working, _integrity);
            if (summary is not null && string.Equals(summary.Document, _summaryStored, StringComparison.Ordinal))
            {
                summary = null;
            }

            IReadOnlyList<StoredEvent> stored;
            try
            {
                stored = await _store.AppendAsync(_id, committed.Version, events, summary, CancellationToken.None);
            }
            catch (ConcurrencyConflictException)
            {
                // Another activation of this round (membership was changing) appended first: decide again on what
                // the store now holds.
                _metrics.Conflict();
                var reloaded = await LoadAndPublishAsync();
                if (reloaded is null || attempt > _options.ConflictRetries)
                {
                    if (reloaded is not null)
                    {
                        RoundGrainLog.ConflictsExhausted(_logger, _id, attempt, batch.Count);
                    }

                    AnswerStorageUnavailable(batch);
                    return;
                }

                RoundGrainLog.Conflict(_logger, _id, committed.Version, attempt);
                committed = reloaded;
                continue;
            }
            catch (Exception exception)
            {
                // Reloaded before answering: an ambiguous failure may have written after all, and a caller who reads
                // right after its answer must see what the store holds, not what this activation assumed.
                RoundGrainLog.AppendFailed(_logger, _id, events.Count, committed.Version, batch.Count, exception);
                await LoadAndPublishAsync();
                AnswerStorageUnavailable(batch);
                return;
            }

            _committed = working;
            if (summary is not null)
            {
                _summaryStored = summary.Document;
            }

            Answer(batch, outcomes, stored);
            if (IsSnapshotDue(working) && working.Version - Volatile.Read(ref _snapshotVersion) >= _options.SnapshotAtLatestAfter)
            {
                // This round has not gone quiet for a long time: the snapshot is taken in the rush after all.
                StartSnapshot(working);
            }

            return;
        }
    }

    /// <summary>Decides each command against the state including the batch's earlier accepted commands, and records for
    /// each the state right after its own events: its answer describes its own request, never a later one of the
    /// batch. Fills <paramref name="events"/> with what to append; returns the state after all accepted commands.</summary>
    private RoundState DecideBatch(RoundState committed, List<Pending> batch, Outcome[] outcomes, List<NewEvent> events)
    {
        Array.Clear(outcomes);
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
                var decision = Decide(working, pending, now);
                if (decision.IsAccepted)
                {
                    var next = working;
                    foreach (var roundEvent in decision.Events)
                    {
                        next = next.Apply(roundEvent);
                        var (type, payload) = RoundEventCodec.Encode(roundEvent);
                        events.Add(new NewEvent(type, payload, now));
                    }

                    working = next;
                }

                outcomes[i] = new Outcome(decision, working);
            }
            catch (Exception exception)
            {
                // A throwing decision is a bug, not a refusal: its caller gets the exception, the others go on
                // against the state as it was before this command.
                RoundGrainLog.DecideFailed(_logger, _id, exception);
                pending.Fail(exception);
            }
        }

        return working;
    }

    private static Decision Decide(RoundState state, Pending pending, DateTimeOffset now)
    {
        if (pending.Voter is { } voter && state.Exists
            && EligibilityRules.Check(state, voter, DateOnly.FromDateTime(now.UtcDateTime)) is { } notEligible)
        {
            return Decision.Reject(notEligible);
        }

        return BudgetRound.Decide(state, pending.Command, now);
    }

    /// <summary>Answers every decided command; an accepted one with its own slice of <paramref name="stored"/>, which
    /// holds the accepted commands' events in batch order, as <see cref="DecideBatch"/> queued them.</summary>
    private void Answer(List<Pending> batch, Outcome[] outcomes, IReadOnlyList<StoredEvent> stored)
    {
        // Counted before answering, so that whoever reads the metrics after an answer finds it counted.
        int committed = 0, rejected = 0, ballots = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Decision is { IsAccepted: true })
            {
                committed++;
                if (batch[i].Command is CastBallot)
                {
                    ballots++;
                }
            }
            else if (outcomes[i].Decision is not null)
            {
                rejected++;
            }
        }

        _metrics.Batch(batch.Count, committed, rejected, 0, ballots);
        var next = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is not { Decision: { } decision, State: var state })
            {
                continue;
            }

            if (!decision.IsAccepted)
            {
                batch[i].Reject(decision.Error!, state);
                continue;
            }

            var own = new StoredEvent[decision.Events.Length];
            for (var e = 0; e < own.Length; e++)
            {
                own[e] = stored[next++];
            }

            batch[i].Accept(decision.Events, state, ImmutableCollectionsMarshal.AsImmutableArray(own));
        }
    }

    /// <summary>A round whose stored chain is broken takes no command. Its state is only what the chain still vouches
    /// for, so a decision against it (a ballot within a budget, a phase move) could rest on events the store no longer
    /// holds as they were; appending would also hash new events onto a changed log, which reads like a repair and
    /// buries the break under honest events. So nothing is stored until someone restores the log and the round is
    /// loaded again (a new activation), and every caller learns why instead of a retry hint.</summary>
    private void AnswerRoundBroken(List<Pending> batch)
    {
        _metrics.Batch(batch.Count, 0, batch.Count(pending => !pending.IsDone), 0);
        var round = _committed ?? RoundState.Initial(_id);
        foreach (var pending in batch)
        {
            pending.Refuse(CommandStatus.RoundBroken, round, _integrity.BrokenAt);
        }
    }

    private void AnswerStorageUnavailable(List<Pending> batch)
    {
        _metrics.Batch(batch.Count, 0, 0, batch.Count(pending => !pending.IsDone));
        var round = _committed ?? RoundState.Initial(_id);
        foreach (var pending in batch)
        {
            pending.Refuse(CommandStatus.StorageUnavailable, round, brokenAt: null);
        }
    }

    /// <summary>The round as the store holds it, loaded by whichever call needs it first (a reader or the turn loop);
    /// null (logged) when the store cannot be read, so that the next call tries again.</summary>
    private async Task<RoundState?> EnsureLoadedAsync()
    {
        await _loadGate.WaitAsync();
        try
        {
            return _committed ?? await LoadUnderGateAsync();
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Loads the round again after a failed or conflicting write. If the store cannot be read, the round is
    /// left unloaded (null), so that the next call loads it first.</summary>
    private async Task<RoundState?> LoadAndPublishAsync()
    {
        await _loadGate.WaitAsync();
        try
        {
            return await LoadUnderGateAsync();
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task<RoundState?> LoadUnderGateAsync()
    {
        RoundState state;
        RoundIntegrity integrity;
        try
        {
            (state, integrity, var snapshotVersion) = await LoadAsync();
            Volatile.Write(ref _snapshotVersion, Math.Max(snapshotVersion, Volatile.Read(ref _snapshotVersion)));
            _integrity = integrity;
            _committed = state;
        }
        catch (Exception exception)
        {
            RoundGrainLog.LoadFailed(_logger, _id, exception);
            _committed = null;
            return null;
        }

        await StoreLoadedSummaryAsync(state, integrity);
        return state;
    }

    /// <summary>Stores the summary of the round as just loaded, whatever is stored: this repairs a summary that is
    /// missing (a round stored before the read model existed, or imported straight into the store) or that shows the
    /// round intact when its log is now found broken (or broken when it was restored). One small write per load; a
    /// failure costs only the lists' view of this round, never the round.</summary>
    private async Task StoreLoadedSummaryAsync(RoundState state, RoundIntegrity integrity)
    {
        _summaryStored = null;
        if (RoundSummary.ToStored(state, integrity) is not { } summary)
        {
            return;
        }

        try
        {
            await _summaries.UpsertAsync(summary, CancellationToken.None);
            _summaryStored = summary.Document;
        }
        catch (Exception exception)
        {
            RoundGrainLog.SummaryFailed(_logger, _id, state.Version, exception);
        }
    }

    /// <summary>Loads the round from its latest usable snapshot and the events after it, verifying the hash chain from
    /// the snapshot's head on. A broken chain leaves the round readable, at the last event the chain vouches for, and
    /// marked broken; it is never repaired here.</summary>
    private async Task<(RoundState State, RoundIntegrity Integrity, long SnapshotVersion)> LoadAsync()
    {
        var snapshot = await ReadUsableSnapshotAsync();
        var (state, replayed, fault) = snapshot is { } start
            ? await ReplayAsync(start.State, start.Head)
            : await ReplayAsync(RoundState.Initial(_id), ChainHead.Genesis);
        if (fault is not null && snapshot is not null)
        {
            // A log changed after its snapshot may have been changed before it too, where the snapshot's chain cannot
            // see: the whole chain names the first event at fault, and the state then holds only what it vouches for.
            // Costs a full replay, but only for a round that is broken anyway.
            (state, replayed, fault) = await ReplayAsync(RoundState.Initial(_id), ChainHead.Genesis);
        }

        RoundGrainLog.Loaded(_logger, _id, state.Version, replayed);
        var integrity = fault is null ? RoundIntegrity.Intact : new RoundIntegrity(fault.ExpectedSequence);
        if (fault is not null && integrity != _integrity)
        {
            // Once per break in an activation: a reload (after a failed turn) finding the same break says nothing new.
            RoundGrainLog.ChainBroken(_logger, _id, fault.ExpectedSequence, fault.Reason);
        }

        return (state, integrity, snapshot?.Head.Sequence ?? 0);
    }

    /// <summary>The latest snapshot and the head of the chain it stands on; null when there is none or it cannot be used.
    /// The snapshot records no hash of its own, so its head is the stored event at its sequence, and only when that
    /// event still matches its hash: a snapshot standing on a changed event would hide the change.</summary>
    private async Task<(RoundState State, ChainHead Head)?> ReadUsableSnapshotAsync()
    {
        var snapshot = await _store.ReadLatestSnapshotAsync(_id, CancellationToken.None);
        if (snapshot is null)
        {
            return null;
        }

        // A snapshot only saves time: one that cannot be used costs a full replay, never the round.
        RoundState decoded;
        try
        {
            decoded = RoundSnapshotCodec.Decode(snapshot.State);
        }
        catch (Exception exception)
        {
            RoundGrainLog.SnapshotUnusable(_logger, _id, snapshot.Sequence, exception);
            return null;
        }

        var head = decoded.Id == _id && decoded.Version == snapshot.Sequence
            ? await _store.ReadEventAsync(_id, snapshot.Sequence, CancellationToken.None)
            : null;
        if (head is null || !head.Hash.Span.SequenceEqual(EventChain.Compute(head).Span))
        {
            RoundGrainLog.SnapshotUnusable(_logger, _id, snapshot.Sequence, null);
            return null;
        }

        return (decoded, new ChainHead(head.Sequence, head.Hash));
    }

    /// <summary>Applies the stored events after <paramref name="head"/> to <paramref name="state"/> as far as the chain
    /// verifies; returns the state, how many events it applied, and where the chain breaks (null when it holds).</summary>
    private async Task<(RoundState State, int Replayed, ChainBreak? Break)> ReplayAsync(RoundState state, ChainHead head)
    {
        var events = await _store.ReadAsync(_id, head.Sequence, CancellationToken.None);
        var chain = EventChain.Verify(events, head);
        for (var i = 0; i < chain.VerifiedCount; i++)
        {
            var stored = events[i];
            state = state.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
            if (state.Version != stored.Sequence)
            {
                throw new InvalidDataException($"Round {_id}: event {stored.Sequence} was read where event {state.Version} belongs; the log is not contiguous.");
            }
        }

        return (state, chain.VerifiedCount, chain.Break);
    }

    /// <summary>Enough events since the last snapshot (<see cref="RoundGrainOptions.SnapshotInterval"/>), and none being
    /// written.</summary>
    private bool IsSnapshotDue(RoundState state) => HasEventsForSnapshot(state) && _snapshotting.IsCompleted;

    /// <summary>Enough events since the last snapshot was started, whether or not it is still being written.</summary>
    private bool HasEventsForSnapshot(RoundState state) =>
        state.Version - Volatile.Read(ref _snapshotVersion) >= _options.SnapshotInterval(state.Version);

    /// <summary>Starts a snapshot beside the turns. Encoding a large round takes long (the whole state, every ballot): the
    /// state is immutable, so it is encoded on the thread pool while the next turns run. Neither a slow nor a failing
    /// snapshot ever delays an answer; the events, not the snapshot, are the truth.</summary>
    private void StartSnapshot(RoundState state)
    {
        // Counted as taken even if saving fails: a failing store is then tried again after another interval, not
        // after every turn.
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
            RoundGrainLog.SnapshotSaved(_logger, _id, state.Version);
        }
        catch (Exception exception)
        {
            RoundGrainLog.SnapshotFailed(_logger, _id, state.Version, exception);
        }
    }

    /// <summary>A decided command: its decision, and the state right after its own events.</summary>
    private readonly record struct Outcome(Decision? Decision, RoundState State);

    /// <summary>A state and its overview, published together so that a reader never pairs one with another's.</summary>
    private sealed record PublishedView(RoundState State, RoundOverview Overview);

    /// <summary>A queued command and its caller's answer to fill in. Each kind of call answers in its own small type,
    /// built here from the state right after the command's own events: that state never leaves the grain.</summary>
    private abstract class Pending(RoundCommand command, VoterFacts? voter)
    {
        public RoundCommand Command { get; } = command;

        /// <summary>For a signed-in voter's ballot: what the identity broker verified about them, checked in the turn
        /// that decides the ballot.</summary>
        public VoterFacts? Voter { get; } = voter;

        public abstract bool IsDone { get; }

        public abstract void Accept(ImmutableArray<RoundEvent> events, RoundState after, ImmutableArray<StoredEvent> stored);

        public abstract void Reject(DomainError error, RoundState state);

        /// <summary>Nothing was stored: <see cref="CommandStatus.StorageUnavailable"/> or <see cref="CommandStatus.RoundBroken"/>.</summary>
        public abstract void Refuse(CommandStatus status, RoundState round, long? brokenAt);

        public abstract void Fail(Exception exception);
    }

    /// <summary>Any command: answered with its own events and the round right after them, as an overview.</summary>
    private sealed class PendingCommand(RoundCommand command) : Pending(command, voter: null)
    {
        private readonly TaskCompletionSource<CommandResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CommandResult> Answer => _answer.Task;

        public override bool IsDone => _answer.Task.IsCompleted;

        public override void Accept(ImmutableArray<RoundEvent> events, RoundState after, ImmutableArray<StoredEvent> stored) =>
            _answer.TrySetResult(new CommandResult(CommandStatus.Committed, events, RoundOverview.Of(after), null, stored));

        public override void Reject(DomainError error, RoundState state) =>
            _answer.TrySetResult(new CommandResult(CommandStatus.Rejected, [], RoundOverview.Of(state), error, []));

        public override void Refuse(CommandStatus status, RoundState round, long? brokenAt) =>
            _answer.TrySetResult(new CommandResult(status, [], RoundOverview.Of(round), null, [], brokenAt));

        public override void Fail(Exception exception) => _answer.TrySetException(exception);
    }

    /// <summary>A ballot: answered with the voter's ballot only (the hot path's answer, small whatever the round's size).</summary>
    private sealed class PendingBallot(CastBallot ballot, VoterFacts? voter) : Pending(ballot, voter)
    {
        private readonly TaskCompletionSource<BallotResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<BallotResult> Answer => _answer.Task;

        public override bool IsDone => _answer.Task.IsCompleted;

        public override void Accept(ImmutableArray<RoundEvent> events, RoundState after, ImmutableArray<StoredEvent> stored)
        {
            // A ballot stores at most one event (cast or replaced); none when it repeats the durable one.
            var view = BallotViewOf(after, ParticipantResolution.PersonOf(after, Command.By));
            _answer.TrySetResult(new BallotResult(CommandStatus.Committed, view, stored.IsEmpty ? null : stored[^1], null));
        }

        public override void Reject(DomainError error, RoundState state) =>
            _answer.TrySetResult(new BallotResult(CommandStatus.Rejected, null, null, error));

        public override void Refuse(CommandStatus status, RoundState round, long? brokenAt) =>
            _answer.TrySetResult(new BallotResult(status, null, null, null, brokenAt));

        public override void Fail(Exception exception) => _answer.TrySetException(exception);
    }
}
