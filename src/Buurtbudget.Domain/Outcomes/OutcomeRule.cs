namespace Buurtbudget.Domain.Outcomes;

/// <summary>How the winners of a round are chosen (RULES.md defines each one precisely).</summary>
public enum OutcomeRule
{
    /// <summary>Most support first; a proposal that no longer fits is skipped and the next one is tried.</summary>
    Greedy = 0,

    /// <summary>Greedy by support per euro (cumulative ballots: points divided by cost).</summary>
    GreedyPerCost = 1,

    /// <summary>The Method of Equal Shares, without completion: money may be left.</summary>
    EqualShares = 2,

    /// <summary>Equal Shares, then greedy over what is left.</summary>
    EqualSharesThenGreedy = 3,

    /// <summary>Equal Shares with the add1 completion: the shares grow by one euro a step until the outcome is exhaustive.</summary>
    EqualSharesAdd1 = 4,

    /// <summary>Equal Shares with add1, then greedy over what is left (Świecie 2023, Assen 2024).</summary>
    EqualSharesAdd1ThenGreedy = 5,

    /// <summary>Equal Shares, then greedy by support per euro (cumulative ballots).</summary>
    EqualSharesThenGreedyPerCost = 6,

    /// <summary>Sequential Phragmén (approval ballots): the project that keeps its voters' heaviest load lowest, until one does not fit.</summary>
    Phragmen = 7,
}

/// <summary>How proposals with equal support are ordered (RULES.md).</summary>
public enum TieBreak
{
    /// <summary>The cheaper proposal first, then the one with more supporters, then the smallest id as text
    /// (the published rule of equalshares.net).</summary>
    EqualShares = 0,

    /// <summary>The smallest proposal id compared as text ("10" before "9"), as the reference library does.</summary>
    Lexicographic = 1,
}
