using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>The result of a round: which proposals won and, for every proposal on the ballot, why.</summary>
/// <param name="Results">Every proposal on the ballot, in the order the rule considered them (by <see cref="ProposalResult.Rank"/>).</param>
/// <param name="Measure">Whether support counts voters (approval ballots) or points (cumulative ballots).</param>
public sealed record RoundOutcome(
    OutcomeRule Rule,
    TieBreak TieBreak,
    Money Budget,
    Money Spent,
    long Turnout,
    ImmutableArray<ProposalResult> Results,
    SupportMeasure Measure)
{
    [JsonIgnore]
    public Money Remaining => Budget - Spent;

    [JsonIgnore]
    public IEnumerable<ProposalResult> Winners => Results.Where(r => r.Won);
}

/// <summary>What "support" means in a round's outcome.</summary>
public enum SupportMeasure
{
    /// <summary>The number of ballots that chose the proposal (approval ballots).</summary>
    Votes = 0,

    /// <summary>The points ballots gave the proposal (cumulative ballots).</summary>
    Points = 1,
}

/// <param name="Rank">Position in the order the rule considered proposals (1 = first).</param>
/// <param name="Support">Votes (approval) or points (cumulative) that decided the order.</param>
/// <param name="Voters">Ballots that chose the proposal; the equal-shares tie-break prefers more of them.</param>
public sealed record ProposalResult(
    ProposalId Proposal,
    Money Cost,
    long Support,
    int Rank,
    bool Won,
    OutcomeExplanation Explanation,
    long Voters);

public enum ExplanationKind
{
    /// <summary>Funded: it fitted in the budget that remained when its turn came (greedy), its supporters could pay
    /// for it (Equal Shares, see <see cref="OutcomeExplanation.EqualShares"/>), or Phragmén chose it.</summary>
    Won = 0,

    /// <summary>Not funded: when its turn came, the remaining budget was smaller than its cost (greedy, Phragmén),
    /// or its supporters' shares could not pay for it (Equal Shares).</summary>
    DidNotFit = 1,

    /// <summary>Not funded: fewer votes (or points) than the round's minimum support.</summary>
    BelowMinimumSupport = 2,
}

/// <summary>Why a proposal won or lost, as facts; <see cref="OutcomeTexts"/> words them in Dutch and English
/// from these facts alone.</summary>
/// <param name="RemainingBefore">The budget left when the rule considered this proposal.</param>
/// <param name="OutrankedBy">Funded proposals ranked above this one (the ones that had more support, or won the tie), in rank order.</param>
/// <param name="TiedWith">Proposals with exactly the same support, ordered by the tie-break.</param>
/// <param name="Measure">Whether the support is votes or points.</param>
/// <param name="DecisiveTies">The tied proposals for which the tie-break decided who was funded: a winner's tied
/// proposals further down that then did not fit, or the tied winners ahead of a proposal that did not fit.</param>
/// <param name="EqualShares">Under the Equal Shares rules: what the proposal's supporters had and paid.</param>
/// <param name="Phragmen">Under sequential Phragmén: the step and the load.</param>
public sealed record OutcomeExplanation(
    ExplanationKind Kind,
    Money RemainingBefore,
    long MinimumSupport,
    ImmutableArray<ProposalId> OutrankedBy,
    ImmutableArray<ProposalId> TiedWith,
    SupportMeasure Measure,
    ImmutableArray<DecisiveTie> DecisiveTies,
    EqualSharesFacts? EqualShares = null,
    PhragmenFacts? Phragmen = null)
{
    public ImmutableArray<ProposalId> OutrankedBy { get; init; } = OutrankedBy.IsDefault ? [] : OutrankedBy;

    public ImmutableArray<ProposalId> TiedWith { get; init; } = TiedWith.IsDefault ? [] : TiedWith;

    public ImmutableArray<DecisiveTie> DecisiveTies { get; init; } = DecisiveTies.IsDefault ? [] : DecisiveTies;
}

/// <summary>A tie that decided funding: this proposal and <paramref name="Other"/> had the same support, and
/// <paramref name="Decider"/> is the tie-break criterion that put the one that went first ahead.</summary>
/// <param name="WentFirst">True when this proposal went before <paramref name="Other"/>.</param>
public sealed record DecisiveTie(ProposalId Other, bool WentFirst, TieDecider Decider);

/// <summary>Equal Shares, for one proposal: every voter got <paramref name="Share"/>; a proposal is bought when its
/// supporters can pay for it out of what is left of their shares. Amounts are rounded to the cent for reading
/// (money left down, payments up); the rule itself computes exactly.</summary>
/// <param name="Step">In which purchase Equal Shares bought it (1 = first); 0 when its supporters could not pay.</param>
/// <param name="SupportersMoney">Bought: what its supporters had left just before. Not bought: what they had left
/// when Equal Shares ended, which was less than its cost.</param>
/// <param name="LargestPayment">Bought: the most one supporter paid.</param>
/// <param name="FullPayers">Bought: supporters who paid everything they had left (the others paid equal amounts per unit of utility).</param>
/// <param name="ThenGreedy">Whether greedy completion went over the money Equal Shares left (then <see cref="OutcomeExplanation.Kind"/>
/// and <see cref="OutcomeExplanation.RemainingBefore"/> of a proposal not bought say how that went).</param>
public sealed record EqualSharesFacts(Money Share, long Supporters, Money SupportersMoney, int Step, Money LargestPayment, long FullPayers, bool ThenGreedy);

/// <summary>Sequential Phragmén, for one proposal.</summary>
/// <param name="Step">In which step it was chosen (1 = first); 0 when it was not.</param>
/// <param name="Load">Chosen: the total load each of its supporters carried afterwards, rounded up to the cent.</param>
/// <param name="RemainingBefore">Chosen: the budget left just before; not chosen: what was left when the rule stopped.</param>
public sealed record PhragmenFacts(int Step, long Supporters, Money Load, Money RemainingBefore);
