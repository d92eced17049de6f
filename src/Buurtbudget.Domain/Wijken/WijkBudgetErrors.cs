namespace Buurtbudget.Domain.Wijken;

/// <summary>Stable codes of the wijk budget's refusals; the API gives them words.</summary>
public static class WijkBudgetErrors
{
    /// <summary>The year's allocation has too little left. Args: district, year, available (what this round could
    /// still have), asked.</summary>
    public const string InsufficientBudget = "wijk-budget-insufficient";

    /// <summary>Args: value, min, max.</summary>
    public const string YearOutOfRange = "budget-year-out-of-range";

    /// <summary>A settled round's money is final. Args: round, spent.</summary>
    public const string RoundAlreadySettled = "round-already-settled";

    /// <summary>Settling a round that holds no reservation. Args: round.</summary>
    public const string NoReservation = "no-reservation";

    /// <summary>A round cannot have spent more than was reserved for it. Args: round, spent, reserved.</summary>
    public const string SpentAboveReservation = "spent-above-reservation";
}
