using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Wijken;

/// <summary>A fact about a wijk's budget. Stored forever in the same hash-chained store as a round's events, so the
/// shape is a contract: add optional members, never rename or remove. Every stored type name starts with
/// <see cref="WijkBudgetEventCodec.TypePrefix"/>, which is how a store tells a wijk's log from a round's.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WijkBudgetAllocated), "wijk-budget-allocated")]
[JsonDerivedType(typeof(RoundBudgetReserved), "wijk-budget-reserved")]
[JsonDerivedType(typeof(RoundReservationReleased), "wijk-budget-released")]
[JsonDerivedType(typeof(RoundBudgetSettled), "wijk-budget-settled")]
public abstract record WijkBudgetEvent;

/// <summary>The municipality gave the wijk <paramref name="Amount"/> for <paramref name="Year"/>, for
/// <paramref name="Reason"/> (a council decision, a grant). Allocations of one year add up.</summary>
public sealed record WijkBudgetAllocated(DistrictCode District, int Year, Money Amount, string Reason, ParticipantKey By, DateTimeOffset At) : WijkBudgetEvent;

/// <summary>A round's budget is held for it from the allocation of <paramref name="Year"/>: <paramref name="Amount"/>
/// is the whole reservation from now on, <paramref name="Previous"/> what it was before (zero for a new one), so a
/// changed budget is one event that adjusts and never a second reservation.</summary>
public sealed record RoundBudgetReserved(RoundId Round, int Year, Money Amount, Money Previous, ParticipantKey By, DateTimeOffset At) : WijkBudgetEvent;

/// <summary>A reservation is given back whole: the round it was made for was not created after all, or never will be.</summary>
public sealed record RoundReservationReleased(RoundId Round, int Year, Money Amount, ParticipantKey By, DateTimeOffset At) : WijkBudgetEvent;

/// <summary>A closed round's reservation is settled for good: <paramref name="Spent"/> (the approved spend on its funded
/// projects) stays spent, the rest of <paramref name="Reserved"/> returns to the wijk's year.</summary>
public sealed record RoundBudgetSettled(RoundId Round, int Year, Money Reserved, Money Spent, ParticipantKey By, DateTimeOffset At) : WijkBudgetEvent
{
    public Money Returned => Reserved - Spent;
}
