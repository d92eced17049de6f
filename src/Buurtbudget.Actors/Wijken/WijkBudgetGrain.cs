using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Wijken;

/// <summary>One wijk's budget in memory, as an Orleans grain.
/// <para>A plain, non-reentrant grain, unlike the round's: one call runs to its end before the next starts, so a
/// command is decided, appended with the expected-sequence check and only then applied, and no two reservations can
/// ever be decided against the same state. A wijk's budget sees a few writes a day (an allocation, a round created,
/// its budget changed, a round closed), so the round's group commit would buy nothing here and cost clarity. Two
/// activations that briefly overlap during a membership change are caught by the store's expected-sequence check: the
/// loser reloads and decides again against what the winner wrote, so the wijk never reserves more than it has.</para></summary>
internal sealed partial class WijkBudgetGrain : Grain, IWijkBudgetGrain
{
    /// <summary>How long a reservation may wait for its round to appear in the round summaries before reconciliation
    /// gives it back. The API reserves and then creates the round within one request; a reservation whose round still
    /// does not exist this long after is one whose creation failed with the process in between.</summary>
    public static readonly TimeSpan UncreatedRoundGrace = TimeSpan.FromMinutes(15);

    private const int ConflictRetries = 5;

    private readonly IEventStore _store;
    private readonly IRoundSummaries _summaries;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private DistrictCode _district;
    private RoundId _stream;

    // Null while unloaded (at first, and after a failed write: memory never runs ahead of disk).
    private WijkBudgetState? _state;
    private long? _brokenAt;

    public WijkBudgetGrain(
        IEventStore store,
        IRoundSummaries summaries,
        [FromKeyedServices(RoundGrainOptions.ClockKey)] TimeProvider time,
        ILogger<WijkBudgetGrain> logger)
    {
        _store = store;
        _summaries = summaries;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _district = DistrictCode.Parse(this.GetPrimaryKeyString());
        _stream = WijkBudgetStreams.StreamOf(_district);
        return Task.CompletedTask;
    }

    public async Task<WijkBudgetResult> ExecuteAsync(WijkBudgetCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            await EnsureLoadedAsync();
        }
        catch (StorageUnavailableException)
        {
            return new WijkBudgetResult(WijkBudgetStatus.StorageUnavailable, [], WijkBudgetState.Initial(_district), null);
        }

        return await DecideAndAppendAsync(command);
    }

    public async Task<WijkBudgetView> GetViewAsync()
    {
        await EnsureLoadedAsync();
        return new WijkBudgetView(_state!, _brokenAt);
    }

    public async Task<WijkBudgetResult> FollowRoundBudgetAsync(RoundId round, ParticipantKey by)
    {
        try
        {
            await EnsureLoadedAsync();
        }
        catch (StorageUnavailableException)
        {
            return new WijkBudgetResult(WijkBudgetStatus.StorageUnavailable, [], WijkBudgetState.Initial(_district), null);
        }

        if (_state!.ReservationOf(round) is not { } reservation)
        {
            return new WijkBudgetResult(WijkBudgetStatus.Committed, [], _state, null);
        }

        // This grain is not reentrant: no other call here runs while the round is read, so no older reading can land
        // after this one. The round never calls a wijk, so waiting on it cannot deadlock.
        var view = await GrainFactory.GetRoundGrain(round).GetViewAsync();
        if (view.Round is not { Exists: true, Rules: { } rules, RulesFrozen: false })
        {
            return new WijkBudgetResult(WijkBudgetStatus.Committed, [], _state, null);
        }

        return await DecideAndAppendAsync(new ReserveForRound(round, reservation.Year, rules.Budget, by));
    }

    public async Task<int> ReconcileAsync()
    {
        await EnsureLoadedAsync(reconcile: false);
        return await ReconcileLoadedAsync();
    }

    private async Task EnsureLoadedAsync(bool reconcile = true)
    {
        if (_state is not null)
        {
            return;
        }

        var events = await _store.ReadAsync(_stream);
        var chain = EventChain.Verify(events);
        var intact = chain.IsIntact ? events.Count : chain.VerifiedCount;
        var state = WijkBudgetState.Initial(_district);
        for (var i = 0; i < intact; i++)
        {
            state = state.Apply(WijkBudgetEventCodec.Decode(events[i].Type, events[i].Payload.Span));
        }

        _brokenAt = chain.Break?.ExpectedSequence;
        if (_brokenAt is { } at)
        {
            LogChainBroken(_logger, _district.Value, at);
        }

        _state = state;
        if (reconcile && state.Reservations.Length > 0)
        {
            try
            {
                await ReconcileLoadedAsync();
            }
            catch (StorageUnavailableException exception)
            {
                // The budget itself is loaded; the repair runs again on the next load or close.
                LogReconcileFailed(_logger, _district.Value, exception);
            }
        }
    }

    private async Task<int> ReconcileLoadedAsync()
    {
        if (_brokenAt is not null || _state!.Reservations.IsEmpty)
        {
            return 0;
        }

        var rounds = (await _summaries.ListSummariesAsync(_district))
            .ToDictionary(stored => stored.RoundId);
        var now = _time.GetUtcNow();
        var resolved = 0;
        foreach (var reservation in _state.Reservations)
        {
            WijkBudgetCommand? repair = rounds.TryGetValue(reservation.Round, out var stored)
                ? stored.Phase == RoundPhase.Closed
                    ? new SettleRound(reservation.Round, RoundSummary.FromStored(stored).Figures?.Spent ?? Money.Zero, ParticipantKey.System)
                    : null
                : now - reservation.At >= UncreatedRoundGrace
                    ? new ReleaseReservation(reservation.Round, ParticipantKey.System)
                    : null;
            if (repair is null)
            {
                continue;
            }

            var result = await DecideAndAppendAsync(repair);
            if (result.Succeeded)
            {
                resolved++;
                LogReconciled(_logger, _district.Value, reservation.Round, repair.GetType().Name);
            }
            else
            {
                LogReconcileRefused(_logger, _district.Value, reservation.Round, result.Error?.Code ?? result.Status.ToString());
            }
        }

        return resolved;
    }

    private async Task<WijkBudgetResult> DecideAndAppendAsync(WijkBudgetCommand command)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = _state!;
            if (_brokenAt is not null)
            {
                return new WijkBudgetResult(WijkBudgetStatus.LogBroken, [], state, null);
            }

            var now = _time.GetUtcNow();
            var decision = WijkBudget.Decide(state, command, now);
            if (!decision.IsAccepted)
            {
                return new WijkBudgetResult(WijkBudgetStatus.Rejected, [], state, decision.Error);
            }

            if (decision.IsUnchanged)
            {
                return new WijkBudgetResult(WijkBudgetStatus.Committed, [], state, null);
            }

            var encoded = decision.Events.Select(e =>
            {
                var (type, payload) = WijkBudgetEventCodec.Encode(e);
                return new NewEvent(type, payload, now);
            }).ToList();
            try
            {
                await _store.AppendAsync(_stream, state.Version, encoded);
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Another activation wrote first: decide again against what it wrote.
                LogConflict(_logger, _district.Value, state.Version, attempt);
                _state = null;
                await EnsureLoadedAsync(reconcile: false);
                continue;
            }
            catch (Exception exception) when (exception is StorageUnavailableException or ConcurrencyConflictException)
            {
                LogAppendFailed(_logger, _district.Value, state.Version, exception);
                _state = null;
                return new WijkBudgetResult(WijkBudgetStatus.StorageUnavailable, [], state, null);
            }

            _state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
            return new WijkBudgetResult(WijkBudgetStatus.Committed, decision.Events, _state, null);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Wijk budget {District}: the stored event log fails its hash chain at sequence {Sequence}; it refuses changes until the log is restored")]
    private static partial void LogChainBroken(ILogger logger, string district, long sequence);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Wijk budget {District}: another writer appended first (expected version {Version}); reloading, attempt {Attempt}")]
    private static partial void LogConflict(ILogger logger, string district, long version, int attempt);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Wijk budget {District}: appending after version {Version} failed; nothing was stored")]
    private static partial void LogAppendFailed(ILogger logger, string district, long version, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Wijk budget {District}: the reservation of round {RoundId} was repaired ({Repair})")]
    private static partial void LogReconciled(ILogger logger, string district, RoundId roundId, string repair);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Wijk budget {District}: the reservation of round {RoundId} could not be repaired ({Reason}); it stays reserved")]
    private static partial void LogReconcileRefused(ILogger logger, string district, RoundId roundId, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Wijk budget {District}: reconciling with the round summaries failed; it runs again on the next load or close")]
    private static partial void LogReconcileFailed(ILogger logger, string district, Exception exception);
}
