using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Proposals;

public class ReviewTests
{
    private static readonly ParticipantKey Coordinator = Sample.Coordinator;
    private static readonly ProposalId One = new(1);
    private static readonly ProposalId Two = new(2);
    private static readonly ProposalId Three = new(3);

    [Fact]
    public void A_feasible_proposal_gets_its_approved_cost_and_note()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        var found = Assert.IsType<ProposalFoundFeasible>(Assert.Single(scenario.Do(
            new MarkFeasible(Coordinator, One, Money.FromEuros(6_250), "  Inclusief twee borden. "))));

        Assert.Equal("Inclusief twee borden.", found.Note);
        var proposal = scenario.State.Proposals[One];
        Assert.Equal(ProposalStatus.Feasible, proposal.Status);
        Assert.Equal(Money.FromEuros(6_250), proposal.ApprovedCost);
        Assert.Equal("Inclusief twee borden.", proposal.ReviewNote);
        Assert.Equal(Money.FromEuros(5_000), proposal.Content.EstimatedCost);
        Assert.True(proposal.IsOnBallot);
    }

    [Fact]
    public void A_blank_note_is_no_note()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        scenario.Do(new MarkFeasible(Coordinator, One, Money.FromEuros(5_000), "   "));

        Assert.Null(scenario.State.Proposals[One].ReviewNote);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(5_000_001L)]
    public void The_approved_cost_must_be_positive_and_within_the_budget(long cents)
    {
        var scenario = RoundScenario.InReview(Sample.Rules(budgetEuros: 50_000), 5_000);

        var error = scenario.Refused(new MarkFeasible(Coordinator, One, new Money(cents), null), RoundErrors.AmountOutOfRange);

        Assert.Equal("approvedCost", error["field"]);
        Assert.Equal("€ 50.000,00", error["max"]);
    }

    [Fact]
    public void An_infeasible_proposal_carries_the_reason_residents_see()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        var found = Assert.IsType<ProposalFoundInfeasible>(Assert.Single(scenario.Do(
            new MarkInfeasible(Coordinator, One, " De weg is van de provincie;\nde gemeente mag hier geen drempel leggen. "))));

        Assert.Equal("De weg is van de provincie;\nde gemeente mag hier geen drempel leggen.", found.Reason);
        Assert.Equal(ProposalStatus.Infeasible, scenario.State.Proposals[One].Status);
        Assert.Equal(found.Reason, scenario.State.Proposals[One].InfeasibleReason);
        Assert.False(scenario.State.Proposals[One].IsOnBallot);
    }

    [Fact]
    public void An_infeasibility_reason_is_required_and_at_most_1000_characters()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        var empty = scenario.Refused(new MarkInfeasible(Coordinator, One, "  "), RoundErrors.InvalidText);
        var tooLong = scenario.Refused(new MarkInfeasible(Coordinator, One, new string('r', 1001)), RoundErrors.InvalidText);
        scenario.Do(new MarkInfeasible(Coordinator, One, new string('r', 1000)));

        Assert.Equal("reason", empty["field"]);
        Assert.Equal(InvalidTextReasons.TooShort, empty["reason"]);
        Assert.Equal(InvalidTextReasons.TooLong, tooLong["reason"]);
    }

    [Fact]
    public void A_coordinator_may_change_a_review_decision_during_review()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        scenario.Do(new MarkInfeasible(Coordinator, One, "Eerst navragen bij Stadsbeheer."));
        scenario.Do(new MarkFeasible(Coordinator, One, Money.FromEuros(4_000), "Stadsbeheer akkoord."));
        Assert.Equal((ProposalStatus.Feasible, (string?)null), (scenario.State.Proposals[One].Status, scenario.State.Proposals[One].InfeasibleReason));

        scenario.Do(new MarkFeasible(Coordinator, One, Money.FromEuros(4_500), null));
        Assert.Equal(Money.FromEuros(4_500), scenario.State.Proposals[One].ApprovedCost);

        scenario.Do(new MarkInfeasible(Coordinator, One, "Toch niet: de grond wordt verkocht."));
        var proposal = scenario.State.Proposals[One];
        Assert.Equal(ProposalStatus.Infeasible, proposal.Status);
        Assert.Null(proposal.ApprovedCost);
        Assert.Null(proposal.ReviewNote);
    }

    [Fact]
    public void Reviewing_an_unknown_or_withdrawn_proposal_is_refused()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Sample.Resident(1));
        var withdrawn = scenario.Submit(Sample.Resident(2));
        scenario.Do(new WithdrawProposal(Sample.Resident(2), withdrawn));
        scenario.Do(new StartReview(Coordinator));

        scenario.Refused(new MarkFeasible(Coordinator, new ProposalId(9), Money.FromEuros(1_000), null), RoundErrors.ProposalNotFound);
        scenario.Refused(new MarkInfeasible(Coordinator, new ProposalId(9), "Bestaat niet."), RoundErrors.ProposalNotFound);
        var error = scenario.Refused(new MarkFeasible(Coordinator, withdrawn, Money.FromEuros(1_000), null), RoundErrors.ProposalNotInRightState);
        scenario.Refused(new MarkInfeasible(Coordinator, withdrawn, "Ingetrokken."), RoundErrors.ProposalNotInRightState);

        Assert.Equal("Withdrawn", error["status"]);
    }

    [Fact]
    public void A_duplicate_is_merged_into_another_proposal()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 4_000);

        var merged = Assert.IsType<ProposalsMerged>(Assert.Single(scenario.Do(new MergeProposals(Coordinator, Two, One, "Zelfde drempel."))));

        Assert.Equal((Two, One), (merged.Duplicate, merged.Into));
        var duplicate = scenario.State.Proposals[Two];
        Assert.Equal(ProposalStatus.Merged, duplicate.Status);
        Assert.Equal(One, duplicate.MergedInto);
        Assert.Equal([Two], scenario.State.Proposals[One].MergedFrom.ToArray());
        Assert.Equal(ProposalStatus.Submitted, scenario.State.Proposals[One].Status);
    }

    [Fact]
    public void A_merged_proposal_needs_no_review_and_is_not_on_the_ballot()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 4_000);
        scenario.Do(new MergeProposals(Coordinator, Two, One, null));
        scenario.Do(new MarkFeasible(Coordinator, One, Money.FromEuros(5_000), null));

        var opened = Assert.IsType<VotingOpened>(Assert.Single(scenario.Do(new OpenVoting(Coordinator))));

        Assert.Equal([One], opened.Ballot.Select(o => o.Proposal));
    }

    [Fact]
    public void Earlier_duplicates_move_along_when_their_target_is_merged_in_turn()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 4_000, 3_000);
        scenario.Do(new MergeProposals(Coordinator, Three, Two, null));

        scenario.Do(new MergeProposals(Coordinator, Two, One, null));

        Assert.Equal([Two, Three], scenario.State.Proposals[One].MergedFrom.ToArray());
        Assert.Equal(One, scenario.State.Proposals[Two].MergedInto);
        Assert.Equal(One, scenario.State.Proposals[Three].MergedInto);
        Assert.Empty(scenario.State.Proposals[Two].MergedFrom);
    }

    [Fact]
    public void A_proposal_cannot_be_merged_into_itself()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        var error = scenario.Refused(new MergeProposals(Coordinator, One, One, null), RoundErrors.InvalidMerge);

        Assert.Equal(("1", "1"), (error["proposal"], error["into"]));
    }

    [Theory]
    [InlineData("withdrawn")]
    [InlineData("infeasible")]
    [InlineData("merged")]
    public void A_proposal_cannot_be_merged_into_one_that_is_out_of_the_race(string targetState)
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Sample.Resident(1));
        scenario.Submit(Sample.Resident(2));
        scenario.Submit(Sample.Resident(3));
        if (targetState == "withdrawn")
        {
            scenario.Do(new WithdrawProposal(Sample.Resident(2), Two));
        }

        scenario.Do(new StartReview(Coordinator));
        if (targetState == "infeasible")
        {
            scenario.Do(new MarkInfeasible(Coordinator, Two, "Te duur in onderhoud."));
        }

        if (targetState == "merged")
        {
            scenario.Do(new MergeProposals(Coordinator, Two, Three, null));
        }

        var error = scenario.Refused(new MergeProposals(Coordinator, One, Two, null), RoundErrors.InvalidMerge);

        Assert.Equal(scenario.State.Proposals[Two].Status.ToString(), error["status"]);
    }

    [Fact]
    public void A_proposal_already_withdrawn_or_merged_cannot_be_merged()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Sample.Resident(1));
        scenario.Submit(Sample.Resident(2));
        scenario.Submit(Sample.Resident(3));
        scenario.Do(new WithdrawProposal(Sample.Resident(1), One));
        scenario.Do(new StartReview(Coordinator));
        scenario.Do(new MergeProposals(Coordinator, Two, Three, null));

        scenario.Refused(new MergeProposals(Coordinator, One, Three, null), RoundErrors.ProposalNotInRightState);
        scenario.Refused(new MergeProposals(Coordinator, Two, Three, null), RoundErrors.ProposalNotInRightState);
        scenario.Refused(new MarkFeasible(Coordinator, Two, Money.FromEuros(1_000), null), RoundErrors.ProposalNotInRightState);
    }

    [Fact]
    public void Merging_unknown_proposals_is_refused()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        Assert.Equal("7", scenario.Refused(new MergeProposals(Coordinator, new ProposalId(7), One, null), RoundErrors.ProposalNotFound)["proposal"]);
        Assert.Equal("8", scenario.Refused(new MergeProposals(Coordinator, One, new ProposalId(8), null), RoundErrors.ProposalNotFound)["proposal"]);
    }

    [Fact]
    public void A_feasible_or_infeasible_proposal_may_still_be_merged_as_a_duplicate()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 4_000, 3_000);
        scenario.Do(new MarkFeasible(Coordinator, Two, Money.FromEuros(4_000), null));
        scenario.Do(new MarkInfeasible(Coordinator, Three, "Dubbel."));

        scenario.Do(new MergeProposals(Coordinator, Two, One, null));
        scenario.Do(new MergeProposals(Coordinator, Three, One, null));

        Assert.Equal([Two, Three], scenario.State.Proposals[One].MergedFrom.ToArray());
        Assert.False(scenario.State.Proposals[Two].IsOnBallot);
    }
}
