using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Everything that decides the vote. May change until voting opens; frozen from then on
/// (the frozen copy is part of the VotingOpened event).</summary>
/// <param name="Budget">The money the wijk may spend, in eurocents.</param>
/// <param name="Method">How a resident fills in a ballot.</param>
/// <param name="Rule">How winners are chosen.</param>
/// <param name="TieBreak">How equal support is decided.</param>
/// <param name="MinimumSupport">Votes (approval) or points (cumulative) a proposal needs to be funded at all.</param>
/// <param name="LiveTallyVisible">Whether residents see the running tally while voting is open.</param>
/// <param name="Eligibility">Who may vote besides the wijk's residents, and who may not; null is
/// <see cref="Eligibility.Everyone"/> (every resident of the wijk, any age).</param>
public sealed record RoundRules(
    Money Budget,
    BallotMethod Method,
    OutcomeRule Rule = OutcomeRule.Greedy,
    TieBreak TieBreak = TieBreak.EqualShares,
    long MinimumSupport = 1,
    bool LiveTallyVisible = false,
    Eligibility? Eligibility = null);

/// <summary>The three ways of filling in a ballot (DESIGN.md).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ApprovalWithinBudget), "approval-within-budget")]
[JsonDerivedType(typeof(ApprovalAtMostK), "approval-at-most-k")]
[JsonDerivedType(typeof(CumulativePoints), "cumulative-points")]
public abstract record BallotMethod;

/// <summary>Approve proposals whose approved costs together fit in the budget (knapsack ballot),
/// optionally at least <see cref="MinCount"/> and at most <see cref="MaxCount"/> of them.</summary>
public sealed record ApprovalWithinBudget(int? MinCount = null, int? MaxCount = null) : BallotMethod;

/// <summary>Approve at most <see cref="K"/> proposals.</summary>
public sealed record ApprovalAtMostK(int K) : BallotMethod;

/// <summary>Spread at most <see cref="Points"/> points, optionally at most <see cref="MaxPerProposal"/> on one proposal.</summary>
public sealed record CumulativePoints(int Points, int? MaxPerProposal = null) : BallotMethod;
