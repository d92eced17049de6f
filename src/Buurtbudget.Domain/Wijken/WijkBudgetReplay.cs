using System.Text.Json;
using Buurtbudget.Domain.Audits;

namespace Buurtbudget.Domain.Wijken;

/// <summary>
/// Checks that a wijk budget's log obeys the budget's rules, as <see cref="LogReplay"/> does for a round: every event is
/// replayed by asking <see cref="WijkBudget.Decide"/> again for the command that produced it, at the time it records,
/// and the budget must decide exactly the stored event, byte for byte. So a log that reserves more than a year was
/// allocated, settles a round twice or releases money it never held does not verify, whatever its hash chain says.
/// The first event is an allocation (nothing else can come first: a reservation needs money), and it names the wijk.
/// </summary>
public static class WijkBudgetReplay
{
    public static WijkBudgetReplayResult Replay(IReadOnlyList<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        WijkBudgetState? state = null;
        foreach (var logged in events)
        {
            WijkBudgetEvent budgetEvent;
            try
            {
                budgetEvent = WijkBudgetEventCodec.Decode(logged.Type, logged.Payload.Span);
            }
            catch (Exception exception) when (exception is JsonException or FormatException)
            {
                return WijkBudgetReplayResult.Invalid(state, logged, $"it cannot be read as a wijk budget event: {exception.Message}");
            }

            if (state is null)
            {
                if (budgetEvent is not WijkBudgetAllocated first)
                {
                    return WijkBudgetReplayResult.Invalid(state, logged, "a wijk budget's log starts with an allocation; nothing can be reserved, released or settled before money is allocated.");
                }

                state = WijkBudgetState.Initial(first.District);
            }

            var (command, at) = CommandFor(budgetEvent);
            if (budgetEvent is WijkBudgetAllocated allocated && allocated.District != state.District)
            {
                return WijkBudgetReplayResult.Invalid(state, logged, $"it allocates to wijk {allocated.District}, but this log is wijk {state.District}'s.");
            }

            var decision = WijkBudget.Decide(state, command, at);
            if (!decision.IsAccepted)
            {
                return WijkBudgetReplayResult.Invalid(state, logged, $"the budget's rules refuse it: {decision.Error}.");
            }

            if (decision.IsUnchanged)
            {
                return WijkBudgetReplayResult.Invalid(state, logged, "it changes nothing: the budget already held exactly this, and the platform records no event for that.");
            }

            var (type, payload) = WijkBudgetEventCodec.Encode(decision.Events[0]);
            if (!string.Equals(type, logged.Type, StringComparison.Ordinal) || !payload.AsSpan().SequenceEqual(logged.Payload.Span) || logged.At.UtcTicks != at.UtcTicks)
            {
                return WijkBudgetReplayResult.Invalid(state, logged, $"the budget's rules decide a different event here: '{type}' {System.Text.Encoding.UTF8.GetString(payload)}.");
            }

            state = state.Apply(decision.Events[0]);
        }

        return state is null
            ? WijkBudgetReplayResult.Invalid(null, null, "the log holds no events.")
            : WijkBudgetReplayResult.Valid(state);
    }

    /// <summary>The command that would have produced <paramref name="budgetEvent"/>, and the time it records.</summary>
    private static (WijkBudgetCommand Command, DateTimeOffset At) CommandFor(WijkBudgetEvent budgetEvent) => budgetEvent switch
    {
        WijkBudgetAllocated e => (new AllocateBudget(e.Year, e.Amount, e.Reason, e.By), e.At),
        RoundBudgetReserved e => (new ReserveForRound(e.Round, e.Year, e.Amount, e.By), e.At),
        RoundReservationReleased e => (new ReleaseReservation(e.Round, e.By), e.At),
        RoundBudgetSettled e => (new SettleRound(e.Round, e.Spent, e.By), e.At),
        _ => throw new ArgumentException($"{budgetEvent.GetType().Name} is not a wijk budget event.", nameof(budgetEvent)),
    };
}

/// <summary>What <see cref="WijkBudgetReplay"/> found: valid with the budget as its log made it, or the first event that
/// breaks the rules and why.</summary>
public sealed record WijkBudgetReplayResult(WijkBudgetState? State, long? Sequence, string? Type, string? Reason)
{
    public bool IsValid => Reason is null;

    internal static WijkBudgetReplayResult Valid(WijkBudgetState state) => new(state, null, null, null);

    internal static WijkBudgetReplayResult Invalid(WijkBudgetState? state, LoggedEvent? logged, string reason) => new(state, logged?.Sequence, logged?.Type, reason);
}
