using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Outcomes;

/// <summary>A round tallies under the rule it froze when voting opened.</summary>
public class RoundOutcomeRuleTests
{
    [Fact]
    public void Closing_the_vote_of_an_equal_shares_round_records_the_equal_shares_outcome()
    {
        // Budget 30: three voters for 1 (cost 18), one voter for 2 (cost 12). Greedy funds both; Equal Shares gives
        // each of the four voters 7.50, so 2's single supporter cannot pay 12.
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 30, method: new ApprovalAtMostK(2), minimumSupport: 1) with { Rule = OutcomeRule.EqualShares }, 18, 12);
        for (var voter = 1; voter <= 3; voter++)
        {
            scenario.Do(new CastBallot(Sample.Resident(voter), Sample.Approve(1)));
        }

        scenario.Do(new CastBallot(Sample.Resident(4), Sample.Approve(2)));
        scenario.Do(new CloseVoting(Sample.Coordinator));

        var outcome = scenario.State.Outcome!;
        Assert.Equal(OutcomeRule.EqualShares, outcome.Rule);
        Assert.Equal([1], outcome.Winners.Select(w => w.Proposal.Number));
        var loser = outcome.Results.Single(r => !r.Won);
        Assert.Equal(new Money(750), loser.Explanation.EqualShares!.SupportersMoney);
        Assert.Equal(
            "Not chosen: its 1 voter had €7.50 left of their shares (€7.50 each), less than its cost of €12.00.",
            OutcomeTexts.English(loser));
        StructuralEquality.AssertEqual(outcome, BudgetRound.DetermineOutcome(scenario.State));
    }

    [Theory]
    [InlineData(OutcomeRule.Phragmen, true)]
    [InlineData(OutcomeRule.GreedyPerCost, false)]
    [InlineData(OutcomeRule.EqualSharesThenGreedyPerCost, false)]
    public void A_rule_that_does_not_suit_the_ballot_method_is_refused(OutcomeRule rule, bool cumulative)
    {
        var method = cumulative ? (BallotMethod)new CumulativePoints(10) : new ApprovalAtMostK(3);
        var scenario = RoundScenario.InSubmission();

        var decision = BudgetRound.Decide(scenario.State, new ChangeRules(Sample.Coordinator, Sample.Rules(method: method) with { Rule = rule }), Sample.Start);

        Assert.Equal(RoundErrors.InvalidRules, decision.Error!.Code);
        Assert.Equal(InvalidRulesReasons.RuleUnsuitedToBallot, decision.Error.Arguments["reason"]);
    }
}
