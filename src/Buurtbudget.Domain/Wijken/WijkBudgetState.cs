using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Wijken;

/// <summary>A round's open reservation on its wijk's budget.</summary>
public sealed record RoundReservation(RoundId Round, int Year, Money Amount, DateTimeOffset At);

/// <summary>A closed round's final account with its wijk.</summary>
public sealed record RoundSettlement(RoundId Round, int Year, Money Reserved, Money Spent, DateTimeOffset At)
{
    public Money Returned => Reserved - Spent;
}

/// <summary>One year of a wijk's budget. <see cref="Available"/> is what a new round can still reserve.</summary>
/// <param name="Reserved">Held by rounds that have not closed yet.</param>
/// <param name="Spent">Spent by closed rounds on their funded projects (what they did not use went back).</param>
public sealed record BudgetYear(int Year, Money Allocated, Money Reserved, Money Spent)
{
    private static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public Money Available => Allocated - Reserved - Spent;

    /// <summary>The budget year <paramref name="moment"/> falls in: the calendar year in Dutch time. A round made on New
    /// Year's night after midnight in Rotterdam is in the new year there while UTC still says the old one, and the money
    /// it reserves belongs to the new year's allocation.</summary>
    public static int Containing(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Netherlands).Year;
}

/// <summary>A wijk's budget: what the municipality allocated per year, what its rounds hold and what they spent. A
/// wijk has tens of rounds in its life, not thousands, so the reservations and settlements are plain arrays.</summary>
/// <remarks>
/// "Allocated per year" and a round that spans years: a round draws from the allocation of the year it was created in,
/// for its whole life, also when it closes in a later year. That is the simplest rule a council can check against its
/// own decisions (the year's budget paid for the rounds started that year), and it never moves money between years
/// behind anyone's back.
/// </remarks>
public sealed record WijkBudgetState
{
    public required DistrictCode District { get; init; }

    /// <summary>The sequence of the last event applied: the expected sequence of the next append.</summary>
    public long Version { get; init; }

    public ImmutableSortedDictionary<int, Money> Allocated { get; init; } = ImmutableSortedDictionary<int, Money>.Empty;

    public ImmutableArray<RoundReservation> Reservations { get; init; } = [];

    public ImmutableArray<RoundSettlement> Settlements { get; init; } = [];

    public static WijkBudgetState Initial(DistrictCode district) => new() { District = district };

    public RoundReservation? ReservationOf(RoundId round) => Reservations.FirstOrDefault(r => r.Round == round);

    public RoundSettlement? SettlementOf(RoundId round) => Settlements.FirstOrDefault(s => s.Round == round);

    public BudgetYear YearOf(int year) => new(
        year,
        Allocated.GetValueOrDefault(year),
        Money.Sum(Reservations.Where(r => r.Year == year).Select(r => r.Amount)),
        Money.Sum(Settlements.Where(s => s.Year == year).Select(s => s.Spent)));

    /// <summary>Every year the wijk has money or rounds in, oldest first.</summary>
    public IReadOnlyList<BudgetYear> Years =>
        [.. Allocated.Keys.Concat(Reservations.Select(r => r.Year)).Concat(Settlements.Select(s => s.Year)).Distinct().Order().Select(YearOf)];

    public WijkBudgetState Apply(WijkBudgetEvent budgetEvent) => WijkBudgetEvolution.Apply(this, budgetEvent);
}

/// <summary>How each event changes the state. Only ever given events the budget decided, so it checks nothing.</summary>
internal static class WijkBudgetEvolution
{
    public static WijkBudgetState Apply(WijkBudgetState state, WijkBudgetEvent budgetEvent)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = budgetEvent switch
        {
            WijkBudgetAllocated e => state with { Allocated = state.Allocated.SetItem(e.Year, state.Allocated.GetValueOrDefault(e.Year) + e.Amount) },
            RoundBudgetReserved e => state with
            {
                Reservations = [.. state.Reservations.Where(r => r.Round != e.Round), new RoundReservation(e.Round, e.Year, e.Amount, e.At)],
            },
            RoundReservationReleased e => state with { Reservations = [.. state.Reservations.Where(r => r.Round != e.Round)] },
            RoundBudgetSettled e => state with
            {
                Reservations = [.. state.Reservations.Where(r => r.Round != e.Round)],
                Settlements = state.Settlements.Add(new RoundSettlement(e.Round, e.Year, e.Reserved, e.Spent, e.At)),
            },
            _ => throw new ArgumentException($"{budgetEvent?.GetType().Name ?? "null"} is not a wijk budget event.", nameof(budgetEvent)),
        };
        return next with { Version = state.Version + 1 };
    }
}
