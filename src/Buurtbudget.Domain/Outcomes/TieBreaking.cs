using System.Globalization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>Which criterion of the tie-break put one of two equally supported proposals first.</summary>
public enum TieDecider
{
    /// <summary>It is cheaper (equal-shares tie-break).</summary>
    LowerCost = 0,

    /// <summary>It has more voters at the same cost (equal-shares tie-break).</summary>
    MoreVoters = 1,

    /// <summary>Its number comes first when compared as text ("10" before "9").</summary>
    IdAsText = 2,
}

/// <summary>The order of proposals with equal support (RULES.md, "Tie-breaking"). Shared by every outcome rule,
/// so that greedy and equal shares break ties the same way.</summary>
public static class TieBreaking
{
    /// <summary>Negative when <paramref name="first"/> goes before <paramref name="second"/>; zero only for the same proposal.</summary>
    public static int Compare(OutcomeCandidate first, OutcomeCandidate second, TieBreak tieBreak)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Compare(first.Proposal, first.Cost, first.Voters, second.Proposal, second.Cost, second.Voters, tieBreak);
    }

    public static int Compare(ProposalId first, Money firstCost, long firstVoters, ProposalId second, Money secondCost, long secondVoters, TieBreak tieBreak)
    {
        if (tieBreak == TieBreak.EqualShares)
        {
            var byCost = firstCost.CompareTo(secondCost);
            if (byCost != 0)
            {
                return byCost;
            }

            var byVoters = secondVoters.CompareTo(firstVoters);
            if (byVoters != 0)
            {
                return byVoters;
            }
        }
        else if (tieBreak != TieBreak.Lexicographic)
        {
            throw new ArgumentOutOfRangeException(nameof(tieBreak), tieBreak, "Unknown tie-break.");
        }

        return CompareIdsAsText(first, second);
    }

    /// <summary>The criterion that put <paramref name="ahead"/> before <paramref name="behind"/>.</summary>
    public static TieDecider Decider(ProposalId ahead, Money aheadCost, long aheadVoters, ProposalId behind, Money behindCost, long behindVoters, TieBreak tieBreak)
    {
        if (Compare(ahead, aheadCost, aheadVoters, behind, behindCost, behindVoters, tieBreak) >= 0)
        {
            throw new ArgumentException($"Proposal {ahead} does not go before {behind} under the {tieBreak} tie-break.", nameof(ahead));
        }

        if (tieBreak == TieBreak.EqualShares && aheadCost != behindCost)
        {
            return TieDecider.LowerCost;
        }

        return tieBreak == TieBreak.EqualShares && aheadVoters != behindVoters ? TieDecider.MoreVoters : TieDecider.IdAsText;
    }

    /// <summary>Compares the decimal texts of two ids ordinally, as the reference library does with its text ids.</summary>
    public static int CompareIdsAsText(ProposalId first, ProposalId second)
    {
        Span<char> firstText = stackalloc char[11];
        Span<char> secondText = stackalloc char[11];
        if (!first.Number.TryFormat(firstText, out var firstLength, default, CultureInfo.InvariantCulture) ||
            !second.Number.TryFormat(secondText, out var secondLength, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An int always fits in 11 characters.");
        }

        return firstText[..firstLength].SequenceCompareTo(secondText[..secondLength]);
    }
}
