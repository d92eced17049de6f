namespace Buurtbudget.Domain.Rounds;

/// <summary>A round's life, in order. Each step forward is one command with its own rule.</summary>
public enum RoundPhase
{
    Draft = 0,
    Submission = 1,
    Review = 2,
    Voting = 3,
    Tallied = 4,
    Spending = 5,
    Closed = 6,
}
