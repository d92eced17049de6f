using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Whether a set of rules makes a vote that can be held. Checked whenever rules are set, and by the API before
/// it reserves a round's budget from its wijk, so that invalid rules are refused for what they are and reserve nothing.</summary>
public static class RulesValidation
{
    public static DomainError? Check(RoundRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!rules.Budget.IsPositive)
        {
            return Invalid(InvalidRulesReasons.BudgetNotPositive, rules.Budget);
        }

        if (rules.Budget > Money.Ceiling)
        {
            return Invalid(InvalidRulesReasons.BudgetTooLarge, rules.Budget);
        }

        if (!Enum.IsDefined(rules.Rule))
        {
            return Invalid(InvalidRulesReasons.UnknownRule, rules.Rule);
        }

        if (!Enum.IsDefined(rules.TieBreak))
        {
            return Invalid(InvalidRulesReasons.UnknownRule, rules.TieBreak);
        }

        if (rules.Method is not null && !OutcomeRules.Suits(rules.Rule, MeasureOf(rules.Method)))
        {
            return Invalid(InvalidRulesReasons.RuleUnsuitedToBallot, rules.Rule);
        }

        if (rules.MinimumSupport < 0)
        {
            return Invalid(InvalidRulesReasons.MinimumSupportNegative, rules.MinimumSupport);
        }

        if (rules.Eligibility?.MinimumAge is < 0 or > Eligibility.HighestMinimumAge)
        {
            return Invalid(InvalidRulesReasons.MinimumAgeOutOfRange, rules.Eligibility.MinimumAge);
        }

        return rules.Method switch
        {
            ApprovalWithinBudget method => CheckApprovalWithinBudget(method),
            ApprovalAtMostK method => method.K < 1 ? Invalid(InvalidRulesReasons.CountNotPositive, method.K) : null,
            CumulativePoints method => CheckCumulative(method),
            null => Invalid(InvalidRulesReasons.UnknownRule, "no ballot method"),
            _ => Invalid(InvalidRulesReasons.UnknownRule, rules.Method.GetType().Name),
        };
    }

    private static DomainError? CheckApprovalWithinBudget(ApprovalWithinBudget method)
    {
        if (method.MinCount is < 1)
        {
            return Invalid(InvalidRulesReasons.CountNotPositive, method.MinCount);
        }

        if (method.MaxCount is < 1)
        {
            return Invalid(InvalidRulesReasons.CountNotPositive, method.MaxCount);
        }

        return method.MinCount > method.MaxCount ? Invalid(InvalidRulesReasons.MinAboveMax, method.MinCount) : null;
    }

    private static DomainError? CheckCumulative(CumulativePoints method)
    {
        if (method.Points < 1)
        {
            return Invalid(InvalidRulesReasons.PointsNotPositive, method.Points);
        }

        if (method.MaxPerProposal is < 1)
        {
            return Invalid(InvalidRulesReasons.CapNotPositive, method.MaxPerProposal);
        }

        return method.MaxPerProposal > method.Points ? Invalid(InvalidRulesReasons.CapAbovePoints, method.MaxPerProposal) : null;
    }

    private static DomainError Invalid(string reason, object? value) =>
        DomainError.Of(RoundErrors.InvalidRules, ("reason", reason), ("value", value));

    /// <summary>Support counts voters for approval ballots and points for cumulative ones.</summary>
    public static SupportMeasure MeasureOf(BallotMethod method) =>
        method is CumulativePoints ? SupportMeasure.Points : SupportMeasure.Votes;
}
