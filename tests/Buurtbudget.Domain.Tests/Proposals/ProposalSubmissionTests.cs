using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Proposals;

public class ProposalSubmissionTests
{
    private static readonly ParticipantKey Author = Sample.Resident(1);
    private static readonly ParticipantKey Neighbour = Sample.Resident(2);

    [Fact]
    public void Proposals_are_numbered_in_submission_order()
    {
        var scenario = RoundScenario.InSubmission();

        var ids = new[] { scenario.Submit(Author), scenario.Submit(Neighbour), scenario.Submit(Author) };

        Assert.Equal([new ProposalId(1), new ProposalId(2), new ProposalId(3)], ids);
        Assert.Equal(Neighbour, scenario.State.Proposals[new ProposalId(2)].Author);
    }

    [Fact]
    public void A_submitted_proposal_is_stored_trimmed_with_its_author_and_time()
    {
        var scenario = RoundScenario.InSubmission();
        var content = Sample.Content(title: "  Bankjes bij de Delfshavense Schie ", description: "\n Drie bankjes langs het water,\nmet uitzicht op de molen.  ");

        var submitted = Assert.IsType<ProposalSubmitted>(Assert.Single(scenario.Do(new SubmitProposal(Author, content))));

        Assert.Equal("Bankjes bij de Delfshavense Schie", submitted.Content.Title);
        Assert.Equal("Drie bankjes langs het water,\nmet uitzicht op de molen.", submitted.Content.Description);
        var proposal = scenario.State.Proposals[submitted.Proposal];
        Assert.Equal(ProposalStatus.Submitted, proposal.Status);
        Assert.Equal(Author, proposal.Author);
        Assert.Equal(submitted.Content, proposal.Content);
        Assert.Equal(scenario.Now, proposal.SubmittedAt);
        Assert.Equal(scenario.Now, proposal.UpdatedAt);
        Assert.Null(proposal.ApprovedCost);
        Assert.Empty(proposal.MergedFrom);
    }

    [Theory]
    [InlineData("Ab", "title", InvalidTextReasons.TooShort)]
    [InlineData("   Ab   ", "title", InvalidTextReasons.TooShort)]
    [InlineData("Bankjes\tlangs het water", "title", InvalidTextReasons.ControlCharacter)]
    public void A_title_must_be_3_to_120_readable_characters(string title, string field, string reason)
    {
        var scenario = RoundScenario.InSubmission();

        var error = scenario.Refused(new SubmitProposal(Author, Sample.Content(title: title)), RoundErrors.InvalidText);

        Assert.Equal(field, error["field"]);
        Assert.Equal(reason, error["reason"]);
        Assert.Equal("3", error["min"]);
        Assert.Equal("120", error["max"]);
    }

    [Fact]
    public void Title_and_description_lengths_have_inclusive_limits()
    {
        var scenario = RoundScenario.InSubmission();

        scenario.Refused(new SubmitProposal(Author, Sample.Content(title: new string('t', 121))), RoundErrors.InvalidText);
        scenario.Refused(new SubmitProposal(Author, Sample.Content(description: new string('d', 9))), RoundErrors.InvalidText);
        var tooLong = scenario.Refused(new SubmitProposal(Author, Sample.Content(description: new string('d', 4001))), RoundErrors.InvalidText);
        scenario.Do(new SubmitProposal(Author, Sample.Content(title: new string('t', 120), description: new string('d', 4000))));
        scenario.Do(new SubmitProposal(Author, Sample.Content(title: "Abc", description: new string('d', 10))));

        Assert.Equal("description", tooLong["field"]);
        Assert.Equal(InvalidTextReasons.TooLong, tooLong["reason"]);
        Assert.Equal("4001", tooLong["length"]);
    }

    [Fact]
    public void A_description_may_not_hold_other_control_characters()
    {
        var scenario = RoundScenario.InSubmission();

        var error = scenario.Refused(new SubmitProposal(Author, Sample.Content(description: "Een drempel\u0000 bij de school graag.")), RoundErrors.InvalidText);

        Assert.Equal(InvalidTextReasons.ControlCharacter, error["reason"]);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-500L)]
    [InlineData(5_000_001L)]
    public void The_estimated_cost_must_be_positive_and_within_the_budget(long cents)
    {
        var scenario = RoundScenario.InSubmission(Sample.Rules(budgetEuros: 50_000));

        var error = scenario.Refused(new SubmitProposal(Author, Sample.Content() with { EstimatedCost = new Money(cents) }), RoundErrors.AmountOutOfRange);

        Assert.Equal("estimatedCost", error["field"]);
        Assert.Equal(new Money(cents).ToDutchString(), error["value"]);
        Assert.Equal("€ 50.000,00", error["max"]);
    }

    [Fact]
    public void A_proposal_may_cost_the_whole_budget()
    {
        var scenario = RoundScenario.InSubmission(Sample.Rules(budgetEuros: 50_000));

        scenario.Do(new SubmitProposal(Author, Sample.Content(costEuros: 50_000)));
    }

    [Fact]
    public void A_buurt_must_lie_in_the_rounds_wijk()
    {
        var scenario = RoundScenario.InSubmission();

        var error = scenario.Refused(new SubmitProposal(Author, Sample.Content(buurt: BuurtCode.Parse("BU03630000"))), DistrictErrors.BuurtOutsideDistrict);
        scenario.Do(new SubmitProposal(Author, Sample.Content(buurt: BuurtCode.Parse("BU05990310"))));

        Assert.Equal("BU03630000", error["buurt"]);
        Assert.Equal("WK059903", error["district"]);
        Assert.Equal(BuurtCode.Parse("BU05990310"), scenario.State.Proposals[new ProposalId(1)].Content.Buurt);
    }

    [Fact]
    public void A_default_buurt_code_is_refused()
    {
        var scenario = RoundScenario.InSubmission();

        scenario.Refused(new SubmitProposal(Author, Sample.Content(buurt: default(BuurtCode))), DistrictErrors.InvalidBuurtCode);
    }

    [Theory]
    [InlineData(91, 4.45)]
    [InlineData(-90.5, 4.45)]
    [InlineData(51.9, 181)]
    [InlineData(double.NaN, 4.45)]
    [InlineData(51.9, double.PositiveInfinity)]
    public void A_location_must_lie_on_earth(double latitude, double longitude)
    {
        var scenario = RoundScenario.InSubmission();

        scenario.Refused(new SubmitProposal(Author, Sample.Content(location: new GeoPoint(latitude, longitude))), DistrictErrors.InvalidLocation);
    }

    [Fact]
    public void A_valid_location_is_kept()
    {
        var scenario = RoundScenario.InSubmission();

        scenario.Do(new SubmitProposal(Author, Sample.Content(location: new GeoPoint(51.9097, 4.4452))));

        Assert.Equal(new GeoPoint(51.9097, 4.4452), scenario.State.Proposals[new ProposalId(1)].Content.Location);
    }

    [Fact]
    public void An_unknown_category_is_refused()
    {
        var scenario = RoundScenario.InSubmission();

        var error = scenario.Refused(new SubmitProposal(Author, Sample.Content() with { Category = (ProposalCategory)99 }), RoundErrors.InvalidCategory);

        Assert.Equal("99", error["value"]);
    }

    [Fact]
    public void The_author_may_edit_a_proposal_while_submission_is_open()
    {
        var scenario = RoundScenario.InSubmission();
        var id = scenario.Submit(Author);
        var submittedAt = scenario.Now;

        var edited = Assert.IsType<ProposalEdited>(Assert.Single(scenario.Do(
            new EditProposal(Author, id, Sample.Content(costEuros: 7_500, title: " Twee drempels Mathenesserlaan ")))));

        Assert.Equal("Twee drempels Mathenesserlaan", edited.Content.Title);
        var proposal = scenario.State.Proposals[id];
        Assert.Equal(Money.FromEuros(7_500), proposal.Content.EstimatedCost);
        Assert.Equal(submittedAt, proposal.SubmittedAt);
        Assert.Equal(scenario.Now, proposal.UpdatedAt);
    }

    [Fact]
    public void Only_the_author_may_edit_or_withdraw()
    {
        var scenario = RoundScenario.InSubmission();
        var id = scenario.Submit(Author);

        Assert.Equal("1", scenario.Refused(new EditProposal(Neighbour, id, Sample.Content()), RoundErrors.NotProposalAuthor)["proposal"]);
        scenario.Refused(new WithdrawProposal(Neighbour, id), RoundErrors.NotProposalAuthor);
        scenario.Refused(new WithdrawProposal(Sample.Coordinator, id), RoundErrors.NotProposalAuthor);
    }

    [Fact]
    public void An_edit_follows_the_same_rules_as_a_submission()
    {
        var scenario = RoundScenario.InSubmission();
        var id = scenario.Submit(Author);

        scenario.Refused(new EditProposal(Author, id, Sample.Content(title: "x")), RoundErrors.InvalidText);
        scenario.Refused(new EditProposal(Author, id, Sample.Content(costEuros: 50_001)), RoundErrors.AmountOutOfRange);
    }

    [Fact]
    public void An_unknown_proposal_cannot_be_edited_or_withdrawn()
    {
        var scenario = RoundScenario.InSubmission();

        scenario.Refused(new EditProposal(Author, new ProposalId(4), Sample.Content()), RoundErrors.ProposalNotFound);
        Assert.Equal("4", scenario.Refused(new WithdrawProposal(Author, new ProposalId(4)), RoundErrors.ProposalNotFound)["proposal"]);
    }

    [Fact]
    public void A_withdrawn_proposal_keeps_its_number_and_cannot_be_edited_or_withdrawn_again()
    {
        var scenario = RoundScenario.InSubmission();
        var id = scenario.Submit(Author);

        Assert.IsType<ProposalWithdrawn>(Assert.Single(scenario.Do(new WithdrawProposal(Author, id))));
        var again = scenario.Refused(new WithdrawProposal(Author, id), RoundErrors.ProposalNotInRightState);
        scenario.Refused(new EditProposal(Author, id, Sample.Content()), RoundErrors.ProposalNotInRightState);

        Assert.Equal(ProposalStatus.Withdrawn, scenario.State.Proposals[id].Status);
        Assert.Equal("Withdrawn", again["status"]);
        Assert.Equal(new ProposalId(2), scenario.Submit(Neighbour));
    }

    [Fact]
    public void Once_review_starts_authors_can_no_longer_edit_or_withdraw()
    {
        var scenario = RoundScenario.InReview(null, 5_000);

        Assert.Equal(RoundActions.EditProposal, scenario.Refused(new EditProposal(Sample.Resident(1), new ProposalId(1), Sample.Content()), RoundErrors.WrongPhase)["action"]);
        scenario.Refused(new WithdrawProposal(Sample.Resident(1), new ProposalId(1)), RoundErrors.WrongPhase);
    }
}
