using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class OpenVotingTests
{
    private static readonly ParticipantKey Coordinator = Sample.Coordinator;

    private static void Feasible(RoundScenario scenario, int id, long euros) =>
        scenario.Do(new MarkFeasible(Coordinator, new ProposalId(id), Money.FromEuros(euros), null));

    [Fact]
    public void Voting_cannot_open_while_proposals_await_review()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 6_000, 7_000);
        Feasible(scenario, 1, 5_000);

        var error = scenario.Refused(new OpenVoting(Coordinator), RoundErrors.ReviewIncomplete);

        Assert.Equal("2", error["count"]);
        Assert.Equal("2, 3", error["proposals"]);
    }

    [Fact]
    public void Withdrawn_proposals_need_no_review()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Sample.Resident(1));
        scenario.Submit(Sample.Resident(2));
        scenario.Do(new WithdrawProposal(Sample.Resident(2), new ProposalId(2)));
        scenario.Do(new StartReview(Coordinator));
        Feasible(scenario, 1, 5_000);

        scenario.Do(new OpenVoting(Coordinator));
    }

    [Fact]
    public void Voting_cannot_open_without_a_feasible_proposal()
    {
        var scenario = RoundScenario.InReview(null, 5_000);
        scenario.Do(new MarkInfeasible(Coordinator, new ProposalId(1), "Kan niet."));

        scenario.Refused(new OpenVoting(Coordinator), RoundErrors.NoFeasibleProposals);
    }

    [Fact]
    public void The_ballot_lists_the_feasible_proposals_in_id_order_at_their_approved_cost()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 6_000, 7_000, 8_000);
        Feasible(scenario, 4, 8_500);
        scenario.Do(new MarkInfeasible(Coordinator, new ProposalId(2), "Kan niet."));
        Feasible(scenario, 3, 6_500);
        Feasible(scenario, 1, 4_000);

        var opened = Assert.IsType<VotingOpened>(Assert.Single(scenario.Do(new OpenVoting(Coordinator))));

        Assert.Equal(
            [new BallotOption(new ProposalId(1), Money.FromEuros(4_000)), new BallotOption(new ProposalId(3), Money.FromEuros(6_500)), new BallotOption(new ProposalId(4), Money.FromEuros(8_500))],
            opened.Ballot.ToArray());
        Assert.Equal(opened.Ballot.ToArray(), scenario.State.BallotOptions.ToArray());
        Assert.Equal(Coordinator, opened.By);
    }

    [Fact]
    public void A_minimum_count_above_the_number_of_proposals_makes_the_ballot_impossible()
    {
        var scenario = RoundScenario.InReview(Sample.Rules(method: new ApprovalWithinBudget(MinCount: 3)), 5_000, 6_000);
        Feasible(scenario, 1, 5_000);
        Feasible(scenario, 2, 6_000);

        var error = scenario.Refused(new OpenVoting(Coordinator), RoundErrors.BallotMethodImpossible);

        Assert.Equal(BallotMethodImpossibleReasons.MinCountAboveOptions, error["reason"]);
        Assert.Equal("3", error["value"]);
        Assert.Equal("2", error["available"]);
    }

    [Fact]
    public void A_minimum_count_that_even_the_cheapest_proposals_cannot_meet_within_budget_makes_the_ballot_impossible()
    {
        var scenario = RoundScenario.InReview(Sample.Rules(budgetEuros: 20_000, method: new ApprovalWithinBudget(MinCount: 2)), 12_000, 15_000, 9_000);
        Feasible(scenario, 1, 12_000);
        Feasible(scenario, 2, 15_000);
        Feasible(scenario, 3, 9_000);

        var error = scenario.Refused(new OpenVoting(Coordinator), RoundErrors.BallotMethodImpossible);

        Assert.Equal(BallotMethodImpossibleReasons.MinCountOverBudget, error["reason"]);
        Assert.Equal("€ 21.000,00", error["value"]);
        Assert.Equal("€ 20.000,00", error["available"]);
    }

    [Fact]
    public void A_minimum_count_the_cheapest_proposals_meet_exactly_is_possible()
    {
        var scenario = RoundScenario.InReview(Sample.Rules(budgetEuros: 21_000, method: new ApprovalWithinBudget(MinCount: 2, MaxCount: 2)), 12_000, 15_000, 9_000);
        Feasible(scenario, 1, 12_000);
        Feasible(scenario, 2, 15_000);
        Feasible(scenario, 3, 9_000);

        scenario.Do(new OpenVoting(Coordinator));
    }

    [Fact]
    public void A_proposal_approved_above_a_budget_that_was_lowered_later_blocks_voting()
    {
        var scenario = RoundScenario.InReview(Sample.Rules(budgetEuros: 50_000), 30_000);
        Feasible(scenario, 1, 30_000);
        scenario.Do(new ChangeRules(Coordinator, Sample.Rules(budgetEuros: 25_000)));

        var error = scenario.Refused(new OpenVoting(Coordinator), RoundErrors.AmountOutOfRange);

        Assert.Equal(("approvedCost", "1"), (error["field"], error["proposal"]));
        Assert.Equal("€ 25.000,00", error["max"]);
    }
}
