namespace Buurtbudget.Domain.Outcomes;

/// <summary>How the winners of a round are chosen.</summary>
public enum OutcomeRule
{
    /// <summary>Most support first; a proposal that no longer fits is skipped and the next one is tried.</summary>
    Greedy = 0,
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
