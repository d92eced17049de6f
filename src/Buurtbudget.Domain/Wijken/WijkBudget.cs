using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Wijken;

/// <summary>What the wijk's budget decided about a command: the events it causes, or why it is refused, or
/// <see cref="IsUnchanged"/> when the budget already holds what was asked (a retried reservation or settlement).</summary>
public sealed record WijkBudgetDecision
{
    private WijkBudgetDecision(ImmutableArray<WijkBudgetEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public ImmutableArray<WijkBudgetEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;

    public bool IsUnchanged => IsAccepted && Events.IsEmpty;

    public static WijkBudgetDecision Accept(WijkBudgetEvent budgetEvent) => new([budgetEvent], null);

    public static WijkBudgetDecision Unchanged() => new([], null);

    public static WijkBudgetDecision Reject(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new([], error);
    }
}

/// <summary>The wijk's budget as an aggregate: commands in, events out. The one rule that matters: the rounds of a year
/// never hold or spend more than the year's allocation, whatever order reservations, releases and settlements come in.</summary>
public static class WijkBudget
{
    /// <summary>How far back an allocation may be recorded (the history of earlier years) and how far ahead.</summary>
    public const int YearsBack = 20;

    public const int YearsAhead = 5;

    public const int ReasonMaxLength = 500;

    public static WijkBudgetDecision Decide(WijkBudgetState state, WijkBudgetCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return command switch
        {
            AllocateBudget allocate => Allocate(state, allocate, now),
            ReserveForRound reserve => Reserve(state, reserve, now),
            ReleaseReservation release => Release(state, release, now),
            SettleRound settle => Settle(state, settle, now),
            _ => throw new ArgumentException($"{command?.GetType().Name ?? "null"} is not a wijk budget command.", nameof(command)),
        };
    }

    private static WijkBudgetDecision Allocate(WijkBudgetState state, AllocateBudget command, DateTimeOffset now)
    {
        if (YearError(command.Year, now) is { } yearError)
        {
            return WijkBudgetDecision.Reject(yearError);
        }

        if (AmountError("amount", command.Amount) is { } amountError)
        {
            return WijkBudgetDecision.Reject(amountError);
        }

        if (TextRules.Check(command.Reason, "reason", 3, ReasonMaxLength, multiline: false, out var reason) is { } textError)
        {
            return WijkBudgetDecision.Reject(textError);
        }

        return WijkBudgetDecision.Accept(new WijkBudgetAllocated(state.District, command.Year, command.Amount, reason, command.By, now));
    }

    private static WijkBudgetDecision Reserve(WijkBudgetState state, ReserveForRound command, DateTimeOffset now)
    {
        if (state.SettlementOf(command.Round) is { } settled)
        {
            return WijkBudgetDecision.Reject(DomainError.Of(WijkBudgetErrors.RoundAlreadySettled, ("round", command.Round), ("spent", settled.Spent)));
        }

        if (AmountError("budget", command.Amount) is { } amountError)
        {
            return WijkBudgetDecision.Reject(amountError);
        }

        var existing = state.ReservationOf(command.Round);
        if (existing is not null && existing.Amount == command.Amount)
        {
            return WijkBudgetDecision.Unchanged();
        }

        // A reservation stays in the year it was first made in: see WijkBudgetState on rounds that span years.
        var year = existing?.Year ?? command.Year;
        var previous = existing?.Amount ?? Money.Zero;
        var room = state.YearOf(year).Available + previous;
        if (command.Amount > room)
        {
            return WijkBudgetDecision.Reject(DomainError.Of(
                WijkBudgetErrors.InsufficientBudget, ("district", state.District), ("year", year), ("available", room), ("asked", command.Amount)));
        }

        return WijkBudgetDecision.Accept(new RoundBudgetReserved(command.Round, year, command.Amount, previous, command.By, now));
    }

    private static WijkBudgetDecision Release(WijkBudgetState state, ReleaseReservation command, DateTimeOffset now) =>
        state.ReservationOf(command.Round) is { } reservation
            ? WijkBudgetDecision.Accept(new RoundReservationReleased(command.Round, reservation.Year, reservation.Amount, command.By, now))
            : WijkBudgetDecision.Unchanged();

    private static WijkBudgetDecision Settle(WijkBudgetState state, SettleRound command, DateTimeOffset now)
    {
        if (state.SettlementOf(command.Round) is { } settled)
        {
            return settled.Spent == command.Spent
                ? WijkBudgetDecision.Unchanged()
                : WijkBudgetDecision.Reject(DomainError.Of(WijkBudgetErrors.RoundAlreadySettled, ("round", command.Round), ("spent", settled.Spent)));
        }

        if (state.ReservationOf(command.Round) is not { } reservation)
        {
            return WijkBudgetDecision.Reject(DomainError.Of(WijkBudgetErrors.NoReservation, ("round", command.Round)));
        }

        if (command.Spent.IsNegative || command.Spent > reservation.Amount)
        {
            return WijkBudgetDecision.Reject(DomainError.Of(
                WijkBudgetErrors.SpentAboveReservation, ("round", command.Round), ("spent", command.Spent), ("reserved", reservation.Amount)));
        }

        return WijkBudgetDecision.Accept(new RoundBudgetSettled(command.Round, reservation.Year, reservation.Amount, command.Spent, command.By, now));
    }

    private static DomainError? YearError(int year, DateTimeOffset now)
    {
        var min = BudgetYear.Containing(now) - YearsBack;
        var max = BudgetYear.Containing(now) + YearsAhead;
        return year < min || year > max
            ? DomainError.Of(WijkBudgetErrors.YearOutOfRange, ("value", year), ("min", min), ("max", max))
            : null;
    }

    private static DomainError? AmountError(string field, Money amount) =>
        !amount.IsPositive || amount > Money.Ceiling
            ? DomainError.Of(RoundErrors.AmountOutOfRange, ("field", field), ("value", amount), ("max", Money.Ceiling))
            : null;
}
