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
        var (results, remaining) = Walk(candidates, budget, tieBreak, minimumSupport, measure, perCost: false, firstRank: 1, facts: null);
        return new RoundOutcome(OutcomeRule.Greedy, tieBreak, budget, budget - remaining, turnout, results, measure);
    }

    /// <summary>Greedy over <paramref name="candidates"/> with <paramref name="available"/> to spend: by support, or by
    /// support per euro; the results ranked from <paramref name="firstRank"/> on, each with <paramref name="facts"/> from
    /// an earlier stage (Equal Shares) where there was one. Returns the results and what is left.</summary>
    internal static (ImmutableArray<ProposalResult> Results, Money Remaining) Walk(
        IEnumerable<OutcomeCandidate> candidates,
        Money available,
        TieBreak tieBreak,
        long minimumSupport,
        SupportMeasure measure,
        bool perCost,
        int firstRank,
        Func<ProposalId, EqualSharesFacts?>? facts)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (available.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(available), available, "A budget cannot be negative.");
        }

        var budget = available;
        var ranked = perCost ? RankPerCost(candidates, tieBreak) : Rank(candidates, tieBreak);
        Func<OutcomeCandidate, OutcomeCandidate, bool> tied = perCost
            ? (a, b) => ComparePerCost(a, b) == 0
            : (a, b) => a.Support == b.Support;

        // First walk: who is funded, with what left, and how many were funded before each.
        var kinds = new ExplanationKind[ranked.Length];
        var remainingBefore = new Money[ranked.Length];
        var fundedBefore = new int[ranked.Length];
        var funded = ImmutableArray.CreateBuilder<ProposalId>();
        var remaining = budget;
        for (var index = 0; index < ranked.Length; index++)
        {
            var candidate = ranked[index];
            remainingBefore[index] = remaining;
            fundedBefore[index] = funded.Count;
            kinds[index] = candidate.Support < minimumSupport ? ExplanationKind.BelowMinimumSupport
                : candidate.Cost <= remaining ? ExplanationKind.Won
                : ExplanationKind.DidNotFit;
            if (kinds[index] == ExplanationKind.Won)
            {
                remaining -= candidate.Cost;
                funded.Add(candidate.Proposal);
            }
        }

        // Second walk: the explanations, which need to know how the proposals tied with each one fared.
        var fundedInOrder = funded.ToImmutable();
        var results = ImmutableArray.CreateBuilder<ProposalResult>(ranked.Length);
        var groupStart = 0;
        for (var index = 0; index < ranked.Length; index++)
        {
            var candidate = ranked[index];
            if (index == 0 || !tied(candidate, ranked[index - 1]))
            {
                groupStart = index;
            }

            var groupEnd = index + 1;
            while (groupEnd < ranked.Length && tied(ranked[groupEnd], candidate))
            {
                groupEnd++;
            }

            var explanation = new OutcomeExplanation(
                kinds[index],
                remainingBefore[index],
                minimumSupport,
                fundedInOrder[..fundedBefore[index]],
                [.. Enumerable.Range(groupStart, groupEnd - groupStart).Where(other => other != index).Select(other => ranked[other].Proposal)],
                measure,
                DecisiveTies(ranked, kinds, index, groupStart, groupEnd, tieBreak),
                facts?.Invoke(candidate.Proposal));
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, firstRank + index, kinds[index] == ExplanationKind.Won, explanation, candidate.Voters));
        }

        return (results.MoveToImmutable(), remaining);
    }

    /// <summary>Support per euro high to low (a free proposal with support first), equal ratios by the tie-break.</summary>
    public static ImmutableArray<OutcomeCandidate> RankPerCost(IEnumerable<OutcomeCandidate> candidates, TieBreak tieBreak)
    {
        var list = Rank(candidates, tieBreak).ToArray();
        Array.Sort(list, (a, b) =>
        {
            var byRatio = ComparePerCost(a, b);
            return byRatio != 0 ? byRatio : TieBreaking.Compare(a, b, tieBreak);
        });
        return [.. list];
    }

    /// <summary>Negative when <paramref name="a"/> has more support per euro; exact (cross-multiplied in 128 bits).
    /// A free proposal with support has an infinite ratio (two of them compare by support); any proposal without
    /// support has ratio 0. The order must be transitive: a free proposal without support once tied with everything,
    /// which left tie groups that the tie-break had not ordered.</summary>
    private static int ComparePerCost(OutcomeCandidate a, OutcomeCandidate b)
    {
        var byClass = RatioClass(b).CompareTo(RatioClass(a));
        if (byClass != 0)
        {
            return byClass;
        }

        return RatioClass(a) switch
        {
            2 => b.Support.CompareTo(a.Support),
            1 => ((Int128)b.Support * a.Cost.Cents).CompareTo((Int128)a.Support * b.Cost.Cents),
            _ => 0,
        };
    }

    /// <summary>2: free with support (infinite ratio); 1: costs money and has support; 0: no support (ratio 0).</summary>
    private static int RatioClass(OutcomeCandidate candidate) =>
        candidate.Support == 0 ? 0 : candidate.Cost.Cents == 0 ? 2 : 1;

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

    /// <summary>A winner's tie decided against the tied proposals after it that did not fit; a proposal that did
    /// not fit lost its tie to the tied winners before it. Proposals below the minimum were never in the running.</summary>
    private static ImmutableArray<DecisiveTie> DecisiveTies(
        ImmutableArray<OutcomeCandidate> ranked, ExplanationKind[] kinds, int index, int groupStart, int groupEnd, TieBreak tieBreak)
    {
        var kind = kinds[index];
        if (kind == ExplanationKind.BelowMinimumSupport || groupEnd - groupStart == 1)
        {
            return [];
        }

        var ties = ImmutableArray.CreateBuilder<DecisiveTie>();
        var self = ranked[index];
        for (var other = groupStart; other < groupEnd; other++)
        {
            if (kind == ExplanationKind.Won && other > index && kinds[other] == ExplanationKind.DidNotFit)
            {
                ties.Add(new DecisiveTie(ranked[other].Proposal, WentFirst: true, Decider(self, ranked[other], tieBreak)));
            }
            else if (kind == ExplanationKind.DidNotFit && other < index && kinds[other] == ExplanationKind.Won)
            {
                ties.Add(new DecisiveTie(ranked[other].Proposal, WentFirst: false, Decider(ranked[other], self, tieBreak)));
            }
        }

        return ties.ToImmutable();
    }

    private static TieDecider Decider(OutcomeCandidate ahead, OutcomeCandidate behind, TieBreak tieBreak) =>
        TieBreaking.Decider(ahead.Proposal, ahead.Cost, ahead.Voters, behind.Proposal, behind.Cost, behind.Voters, tieBreak);
}
