using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>The names of the rules and tie-breaks as RULES.md, the CLI, the API and Pabulib tooling write them.
/// One table, so that a rule is called the same everywhere.</summary>
public static class OutcomeRuleNames
{
    private static readonly ImmutableArray<(OutcomeRule Rule, string Name)> Rules =
    [
        (OutcomeRule.Greedy, "greedy"),
        (OutcomeRule.GreedyPerCost, "greedy-per-cost"),
        (OutcomeRule.EqualShares, "mes"),
        (OutcomeRule.EqualSharesThenGreedy, "mes+greedy"),
        (OutcomeRule.EqualSharesAdd1, "mes-add1"),
        (OutcomeRule.EqualSharesAdd1ThenGreedy, "mes-add1+greedy"),
        (OutcomeRule.EqualSharesThenGreedyPerCost, "mes+greedy-per-cost"),
        (OutcomeRule.Phragmen, "phragmen"),
    ];

    private static readonly ImmutableArray<(TieBreak TieBreak, string Name)> TieBreaks =
    [
        (TieBreak.Lexicographic, "lexicographic"),
        (TieBreak.EqualShares, "equal-shares"),
    ];

    public static ImmutableArray<string> AllRules { get; } = [.. Rules.Select(r => r.Name)];

    public static ImmutableArray<string> AllTieBreaks { get; } = [.. TieBreaks.Select(t => t.Name)];

    public static string Name(OutcomeRule rule) =>
        Rules.Where(r => r.Rule == rule).Select(r => r.Name).FirstOrDefault()
        ?? throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown outcome rule.");

    public static string Name(TieBreak tieBreak) =>
        TieBreaks.Where(t => t.TieBreak == tieBreak).Select(t => t.Name).FirstOrDefault()
        ?? throw new ArgumentOutOfRangeException(nameof(tieBreak), tieBreak, "Unknown tie-break.");

    public static bool TryParseRule([NotNullWhen(true)] string? name, out OutcomeRule rule)
    {
        foreach (var (candidate, candidateName) in Rules)
        {
            if (string.Equals(candidateName, name, StringComparison.Ordinal))
            {
                rule = candidate;
                return true;
            }
        }

        rule = default;
        return false;
    }

    public static bool TryParseTieBreak([NotNullWhen(true)] string? name, out TieBreak tieBreak)
    {
        foreach (var (candidate, candidateName) in TieBreaks)
        {
            if (string.Equals(candidateName, name, StringComparison.Ordinal))
            {
                tieBreak = candidate;
                return true;
            }
        }

        tieBreak = default;
        return false;
    }
}
