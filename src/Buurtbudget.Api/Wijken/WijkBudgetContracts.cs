using Buurtbudget.Api.Audit;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Api.Wijken;

/// <param name="Year">The calendar year the money is for; the current year when left out.</param>
public sealed record AllocateBudgetRequest(int? Year, long? AmountCents, string? Reason);

/// <summary>A year of the wijk's budget. Available = allocated − reserved − spent.</summary>
public sealed record BudgetYearDto(int Year, long AllocatedCents, long ReservedCents, long SpentCents, long AvailableCents);

public sealed record ReservationDto(RoundId RoundId, int Year, long AmountCents, DateTimeOffset At);

public sealed record SettlementDto(RoundId RoundId, int Year, long ReservedCents, long SpentCents, long ReturnedCents, DateTimeOffset At);

/// <summary>A wijk's budget with its whole history: the events as stored, with the hash chain verified over the whole
/// log on every read, like a round's event log.</summary>
/// <param name="StreamId">Where the log is kept in the event store: a UUIDv5 of the wijk code (see the README).</param>
public sealed record WijkBudgetDto(
    string District,
    IReadOnlyList<BudgetYearDto> Years,
    IReadOnlyList<ReservationDto> Reservations,
    IReadOnlyList<SettlementDto> Settlements,
    RoundId StreamId,
    long LastSequence,
    bool ChainValid,
    string? ChainError,
    IReadOnlyList<EventDto> Events);

internal static class WijkBudgetMapping
{
    public static BudgetYearDto ToDto(this BudgetYear year) =>
        new(year.Year, year.Allocated.Cents, year.Reserved.Cents, year.Spent.Cents, year.Available.Cents);

    public static ReservationDto ToDto(this RoundReservation reservation) =>
        new(reservation.Round, reservation.Year, reservation.Amount.Cents, reservation.At);

    public static SettlementDto ToDto(this RoundSettlement settlement) =>
        new(settlement.Round, settlement.Year, settlement.Reserved.Cents, settlement.Spent.Cents, settlement.Returned.Cents, settlement.At);
}
