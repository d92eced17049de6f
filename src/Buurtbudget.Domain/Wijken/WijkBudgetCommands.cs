using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Wijken;

/// <summary>Something asked of a wijk's budget. The wijk is the budget's own (its grain's key), so commands do not name it.</summary>
public abstract record WijkBudgetCommand(ParticipantKey By);

/// <summary>An admin of the municipality allocates money to the wijk for a calendar year.</summary>
public sealed record AllocateBudget(int Year, Money Amount, string Reason, ParticipantKey By) : WijkBudgetCommand(By);

/// <summary>Holds <paramref name="Amount"/> for the round, keyed by the round: asking again with the same amount changes
/// nothing, another amount adjusts the reservation. <paramref name="Year"/> is the year the round draws from (the year it
/// was created in); a reservation keeps the year it was first made in.</summary>
public sealed record ReserveForRound(RoundId Round, int Year, Money Amount, ParticipantKey By) : WijkBudgetCommand(By);

/// <summary>Gives a round's whole reservation back (the round was not created). Without a reservation it changes nothing.</summary>
public sealed record ReleaseReservation(RoundId Round, ParticipantKey By) : WijkBudgetCommand(By);

/// <summary>Settles a closed round: <paramref name="Spent"/> stays spent, the rest returns. Settling again with the same
/// amount changes nothing.</summary>
public sealed record SettleRound(RoundId Round, Money Spent, ParticipantKey By) : WijkBudgetCommand(By);
