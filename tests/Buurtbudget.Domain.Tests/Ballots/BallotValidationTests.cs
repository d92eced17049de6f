using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Ballots;

public class BallotValidationTests
{
    private static readonly ParticipantKey Voter = Sample.Resident(42);

    private static DomainError Refused(RoundScenario scenario, ImmutableArray<BallotChoice> choices, string code) =>
        scenario.Refused(new CastBallot(Voter, choices), code);

    private static void Accepted(RoundScenario scenario, ImmutableArray<BallotChoice> choices) =>
        scenario.Do(new CastBallot(Voter, choices));

    [Fact]
    public void A_proposal_may_appear_only_once_on_a_ballot()
    {
        var scenario = RoundScenario.InVoting(null, 5_000, 6_000);

        var error = Refused(scenario, Sample.Approve(1, 2, 1), RoundErrors.BallotDuplicateProposal);

        Assert.Equal("1", error["proposal"]);
    }

    [Fact]
    public void A_proposal_that_is_not_on_the_ballot_cannot_be_chosen()
    {
        var scenario = RoundScenario.InSubmission();
        for (var resident = 1; resident <= 4; resident++)
        {
            scenario.Submit(Sample.Resident(resident));
        }

        scenario.Do(new WithdrawProposal(Sample.Resident(4), new ProposalId(4)));
        scenario.Do(new StartReview(Sample.Coordinator));
        scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(1), Money.FromEuros(5_000), null));
        scenario.Do(new MarkInfeasible(Sample.Coordinator, new ProposalId(2), "Kan niet."));
        scenario.Do(new MergeProposals(Sample.Coordinator, new ProposalId(3), new ProposalId(1), null));
        scenario.Do(new OpenVoting(Sample.Coordinator));

        foreach (var absent in new[] { 2, 3, 4, 5 })
        {
            var error = Refused(scenario, Sample.Approve(1, absent), RoundErrors.BallotProposalNotOnBallot);
            Assert.Equal(absent.ToString(System.Globalization.CultureInfo.InvariantCulture), error["proposal"]);
        }

        Accepted(scenario, Sample.Approve(1));
    }

    public static TheoryData<BallotMethod> ApprovalMethods() => [new ApprovalWithinBudget(), new ApprovalAtMostK(3)];

    [Theory]
    [MemberData(nameof(ApprovalMethods))]
    public void Approval_ballots_give_exactly_one_point(BallotMethod method)
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: method), 5_000, 6_000);

        var two = Refused(scenario, Sample.Points((1, 1), (2, 2)), RoundErrors.BallotInvalidPoints);
        var zero = Refused(scenario, Sample.Points((1, 0)), RoundErrors.BallotInvalidPoints);

        Assert.Equal(("2", "2"), (two["proposal"], two["points"]));
        Assert.Equal("0", zero["points"]);
    }

    [Fact]
    public void Approval_within_budget_refuses_choices_that_cost_more_than_the_budget()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 20_000), 12_000, 9_000, 8_000);

        var error = Refused(scenario, Sample.Approve(1, 2), RoundErrors.BallotOverBudget);
        Accepted(scenario, Sample.Approve(1, 3));

        Assert.Equal("€ 21.000,00", error["total"]);
        Assert.Equal("€ 20.000,00", error["budget"]);
    }

    [Fact]
    public void Approval_within_budget_respects_the_minimum_and_maximum_count()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new ApprovalWithinBudget(MinCount: 2, MaxCount: 3)), 1_000, 2_000, 3_000, 4_000);

        var tooFew = Refused(scenario, Sample.Approve(1), RoundErrors.BallotTooFewChoices);
        var tooMany = Refused(scenario, Sample.Approve(1, 2, 3, 4), RoundErrors.BallotTooManyChoices);
        Accepted(scenario, Sample.Approve(1, 2));
        Accepted(scenario, Sample.Approve(1, 2, 3));

        Assert.Equal(("1", "2"), (tooFew["count"], tooFew["min"]));
        Assert.Equal(("4", "3"), (tooMany["count"], tooMany["max"]));
    }

    [Fact]
    public void A_blank_ballot_is_allowed_whatever_the_minimum()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new ApprovalWithinBudget(MinCount: 2)), 1_000, 2_000);

        Accepted(scenario, []);

        Assert.True(scenario.State.Ballots[Voter].IsBlank);
    }

    [Fact]
    public void Approval_of_at_most_k_refuses_more_than_k()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new ApprovalAtMostK(2)), 30_000, 30_000, 30_000);

        var error = Refused(scenario, Sample.Approve(1, 2, 3), RoundErrors.BallotTooManyChoices);
        // At most K ignores the budget: two proposals of € 30.000 on a € 50.000 budget are fine.
        Accepted(scenario, Sample.Approve(1, 2));

        Assert.Equal(("3", "2"), (error["count"], error["max"]));
    }

    [Fact]
    public void Cumulative_ballots_give_at_least_one_point_per_choice()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(10)), 5_000, 6_000);

        var error = Refused(scenario, Sample.Points((1, 3), (2, 0)), RoundErrors.BallotInvalidPoints);
        Refused(scenario, Sample.Points((1, -2)), RoundErrors.BallotInvalidPoints);

        Assert.Equal(("2", "0"), (error["proposal"], error["points"]));
    }

    [Fact]
    public void Cumulative_ballots_spend_at_most_the_points_they_have()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(10)), 5_000, 6_000);

        var error = Refused(scenario, Sample.Points((1, 6), (2, 5)), RoundErrors.BallotTooManyPoints);
        Accepted(scenario, Sample.Points((1, 6), (2, 4)));
        Accepted(scenario, Sample.Points((2, 3)));

        Assert.Equal(("11", "10"), (error["total"], error["max"]));
    }

    [Fact]
    public void Cumulative_ballots_respect_the_cap_per_proposal()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(10, MaxPerProposal: 4)), 5_000, 6_000, 7_000);

        var error = Refused(scenario, Sample.Points((1, 2), (3, 5)), RoundErrors.BallotPointsOverCap);
        Accepted(scenario, Sample.Points((1, 4), (2, 4), (3, 2)));

        Assert.Equal(("3", "5", "4"), (error["proposal"], error["points"], error["max"]));
    }

    [Fact]
    public void Cumulative_points_are_added_without_overflow()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(int.MaxValue)), 5_000, 6_000);

        Refused(scenario, Sample.Points((1, int.MaxValue), (2, int.MaxValue)), RoundErrors.BallotTooManyPoints);
    }

    [Fact]
    public void Ballots_are_checked_against_the_rules_frozen_when_voting_opened()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 10_000), 6_000, 5_000);

        Refused(scenario, Sample.Approve(1, 2), RoundErrors.BallotOverBudget);
        scenario.Refused(new ChangeRules(Sample.Coordinator, Sample.Rules(budgetEuros: 20_000)), RoundErrors.RulesFrozen);
        Refused(scenario, Sample.Approve(1, 2), RoundErrors.BallotOverBudget);
    }

    [Fact]
    public void A_refused_ballot_leaves_the_earlier_ballot_counting()
    {
        var scenario = RoundScenario.InVoting(null, 5_000, 6_000);
        Accepted(scenario, Sample.Approve(1));

        Refused(scenario, Sample.Approve(2, 2), RoundErrors.BallotDuplicateProposal);

        Assert.Equal([new ProposalId(1)], scenario.State.Ballots[Voter].Choices.Select(c => c.Proposal));
        Assert.Equal(new ProposalSupport(1, 1), scenario.State.Tally.For(new ProposalId(1)));
    }
}
