using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Wijken;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Wijken;

/// <summary>
/// The reservation protocol between a round and its wijk's budget, run by the API (the round grain knows nothing of it):
/// <list type="number">
/// <item>reserve the round's budget from the wijk, keyed by the round's id; refuse the request if the wijk lacks it;</item>
/// <item>run the round's command;</item>
/// <item>creating a round: if the round refused it or storage failed (so the command certainly stored nothing), undo the
/// reservation; changing a round's budget: whatever the outcome, set the reservation to the budget the round now holds
/// (concurrent changes may reach the wijk and the round in different orders).</item>
/// </list>
/// Each step is idempotent, and no step's failure loses money: when the process dies after step 1, or the round's answer
/// is unknown (a timeout), the reservation stays, and the wijk's reconciliation gives it back once it is clear the round
/// was never created (see IWijkBudgetGrain.ReconcileAsync). When a round closes, the wijk settles it; a crash in between
/// is repaired the same way, from the round summaries.
/// </summary>
internal static partial class RoundReservations
{
    /// <summary>Reserves <paramref name="budget"/> for <paramref name="round"/>; the problem to answer when the wijk
    /// refuses (or storage failed), else the reservation's outcome, for <see cref="UndoAsync"/>.</summary>
    public static async Task<(WijkBudgetResult? Reserved, ProblemHttpResult? Problem)> ReserveAsync(
        HttpContext context, IGrainFactory grains, DistrictCode district, RoundId round, int year, Money budget, ParticipantKey by)
    {
        var reserved = await grains.GetWijkBudgetGrain(district).ExecuteAsync(new ReserveForRound(round, year, budget, by));
        return WijkBudgetAnswers.Failure(context, district, reserved) is { } problem ? (null, problem) : (reserved, null);
    }

    /// <summary>Undoes what <paramref name="reserved"/> changed, after the round command it was made for certainly stored
    /// nothing: a new reservation is released, an adjusted one set back to what it was. A failure here is logged and
    /// left to the reconciliation: a reservation too large only holds money back, it never spends it.</summary>
    public static async Task UndoAsync(IGrainFactory grains, DistrictCode district, WijkBudgetResult reserved, ParticipantKey by, ILogger logger)
    {
        if (reserved.Events.IsEmpty || reserved.Events[0] is not RoundBudgetReserved made)
        {
            return;
        }

        WijkBudgetCommand undo = made.Previous == Money.Zero
            ? new ReleaseReservation(made.Round, by)
            : new ReserveForRound(made.Round, made.Year, made.Previous, by);
        try
        {
            var result = await grains.GetWijkBudgetGrain(district).ExecuteAsync(undo);
            if (!result.Succeeded)
            {
                LogUndoFailed(logger, district.Value, made.Round, result.Error?.Code ?? result.Status.ToString(), null);
            }
        }
        catch (StorageUnavailableException exception)
        {
            LogUndoFailed(logger, district.Value, made.Round, "storage-unavailable", exception);
        }
    }

    /// <summary>After a change to a round's budget, whatever its outcome: sets the round's reservation to the budget the
    /// round holds now (see IWijkBudgetGrain.FollowRoundBudgetAsync). Concurrent changes each reserve before their
    /// command and may reach the round in another order; this puts the wijk back in step with the round. A failure is
    /// logged and left: the reservation then stays as reserved, which holds money back but never spends it.</summary>
    public static async Task FollowRoundAsync(IGrainFactory grains, DistrictCode district, RoundId round, ParticipantKey by, ILogger logger)
    {
        try
        {
            var result = await grains.GetWijkBudgetGrain(district).FollowRoundBudgetAsync(round, by);
            if (!result.Succeeded)
            {
                LogFollowFailed(logger, district.Value, round, result.Error?.Code ?? result.Status.ToString(), null);
            }
        }
        catch (StorageUnavailableException exception)
        {
            LogFollowFailed(logger, district.Value, round, "storage-unavailable", exception);
        }
    }

    /// <summary>Settles the wijk's closed rounds right after one closed. If this fails, the wijk settles it the next
    /// time its budget is loaded.</summary>
    public static async Task SettleClosedAsync(IGrainFactory grains, DistrictCode district, RoundId round, ILogger logger)
    {
        try
        {
            await grains.GetWijkBudgetGrain(district).ReconcileAsync();
        }
        catch (StorageUnavailableException exception)
        {
            LogSettleFailed(logger, district.Value, round, exception);
        }
    }

    /// <summary>Whether a round command certainly stored nothing, so that its reservation may be undone. A thrown
    /// exception never counts: the round may have stored it, and the reconciliation decides later.</summary>
    public static bool StoredNothing(CommandResult result) => result.Status != CommandStatus.Committed;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Wijk budget {District}: the reservation of round {RoundId} could not be undone ({Reason}); reconciliation will give it back")]
    private static partial void LogUndoFailed(ILogger logger, string district, RoundId roundId, string reason, Exception? exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Wijk budget {District}: the reservation of round {RoundId} could not follow the round's budget ({Reason}); it stays as reserved")]
    private static partial void LogFollowFailed(ILogger logger, string district, RoundId roundId, string reason, Exception? exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Wijk budget {District}: round {RoundId} closed but was not settled yet; the wijk settles it when its budget is next loaded")]
    private static partial void LogSettleFailed(ILogger logger, string district, RoundId roundId, Exception exception);
}
