using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>The greedy outcome rule (RULES.md, "greedy"): most support first; fund each proposal that fits in
/// what is left of the budget, skip the ones that do not, and go on. A pure function of its inputs.</summary>
public static class GreedyRule
{
    /// <param name="candidates">The proposals on the ballot with their support; any order, each proposal once.</param>
    /// <param name="minimumSupport">Proposals with less support are not funded, whatever money is left.</param>
    /// <param name="measure">What support counts; recorded so the explanation can say "votes" or "points".</param>
    /// <param name="turnout">Ballots cast (blank ones included); recorded with the outcome.</param>
    public static RoundOutcome Select(
        IEnumerable<OutcomeCandidate> candidates,
        Money budget,
        TieBreak tieBreak,
        long minimumSupport,
        SupportMeasure measure,
        long turnout)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (budget.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "A budget cannot be negative.");
        }

        var ranked = Rank(candidates, tieBreak);
        var results = ImmutableArray.CreateBuilder<ProposalResult>(ranked.Length);
        var funded = ImmutableArray.CreateBuilder<ProposalId>();
        var remaining = budget;
        var groupStart = 0;
        for (var index = 0; index < ranked.Length; index++)
        {
            var candidate = ranked[index];
            if (index == 0 || candidate.Support != ranked[index - 1].Support)
            {
                groupStart = index;
            }

            var kind = candidate.Support < minimumSupport ? ExplanationKind.BelowMinimumSupport
                : candidate.Cost <= remaining ? ExplanationKind.Won
                : ExplanationKind.DidNotFit;
            var explanation = new OutcomeExplanation(kind, remaining, minimumSupport, funded.ToImmutable(), TiedWith(ranked, groupStart, index));
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, index + 1, kind == ExplanationKind.Won, explanation, candidate.Voters));
            if (kind == ExplanationKind.Won)
            {
                remaining -= candidate.Cost;
                funded.Add(candidate.Proposal);
            }
        }

        return new RoundOutcome(OutcomeRule.Greedy, tieBreak, budget, budget - remaining, turnout, results.MoveToImmutable(), measure);
    }

    /// <summary>Support high to low, equal support by the tie-break.</summary>
    public static ImmutableArray<OutcomeCandidate> Rank(IEnumerable<OutcomeCandidate> candidates, TieBreak tieBreak)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var list = candidates.ToArray();
        var seen = new HashSet<ProposalId>();
        foreach (var candidate in list)
        {
            ArgumentNullException.ThrowIfNull(candidate, nameof(candidates));
            if (!seen.Add(candidate.Proposal))
            {
                throw new ArgumentException($"Proposal {candidate.Proposal} appears more than once.", nameof(candidates));
            }

            if (candidate.Cost.IsNegative || candidate.Support < 0 || candidate.Voters < 0)
            {
                throw new ArgumentException($"Proposal {candidate.Proposal} has a negative cost or support.", nameof(candidates));
            }
        }

        // The comparison is total (ids are unique), so the unstable sort still gives one order.
        Array.Sort(list, (a, b) =>
        {
            var bySupport = b.Support.CompareTo(a.Support);
            return bySupport != 0 ? bySupport : TieBreaking.Compare(a, b, tieBreak);
        });
        return [.. list];
    }

    private static ImmutableArray<ProposalId> TiedWith(ImmutableArray<OutcomeCandidate> ranked, int groupStart, int index)
    {
        var groupEnd = index + 1;
        while (groupEnd < ranked.Length && ranked[groupEnd].Support == ranked[index].Support)
        {
            groupEnd++;
        }

        if (groupEnd - groupStart == 1)
        {
            return [];
        }

        var tied = ImmutableArray.CreateBuilder<ProposalId>(groupEnd - groupStart - 1);
        for (var other = groupStart; other < groupEnd; other++)
        {
            if (other != index)
            {
                tied.Add(ranked[other].Proposal);
            }
        }

        return tied.MoveToImmutable();
    }
}
