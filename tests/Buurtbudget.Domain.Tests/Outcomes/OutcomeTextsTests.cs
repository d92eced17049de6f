using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Tests.Outcomes;

public class OutcomeTextsTests
{
    private static OutcomeCandidate Candidate(int id, long costCents, long support, long? voters = null) =>
        new(new ProposalId(id), new Money(costCents), support, voters ?? support);

    private static ProposalResult ResultOf(RoundOutcome outcome, int id) => outcome.Results.Single(r => r.Proposal.Number == id);

    private static RoundOutcome Votes(long budgetEuros, TieBreak tieBreak, long minimumSupport, params OutcomeCandidate[] candidates) =>
        GreedyRule.Select(candidates, Money.FromEuros(budgetEuros), tieBreak, minimumSupport, SupportMeasure.Votes, 1_000);

    [Fact]
    public void A_winner_is_told_its_votes_and_the_budget_it_fitted_in()
    {
        var outcome = Votes(30_000, TieBreak.EqualShares, 1, Candidate(4, 1_000_000, 412));

        var text = OutcomeTexts.Explain(ResultOf(outcome, 4));

        Assert.Equal("Gekozen: 412 stemmen; paste in het resterende budget van € 30.000,00.", text.Dutch);
        Assert.Equal("Won: 412 votes; fitted in the remaining budget of €30,000.00.", text.English);
    }

    [Fact]
    public void A_proposal_that_did_not_fit_is_told_its_cost_what_was_left_and_who_had_more_votes()
    {
        var outcome = Votes(50_000, TieBreak.EqualShares, 1,
            Candidate(3, 1_000_000, 500), Candidate(5, 1_500_000, 400), Candidate(7, 1_250_000, 300), Candidate(1, 2_500_000, 200));

        var result = ResultOf(outcome, 1);

        Assert.Equal(
            "Niet gekozen: kost € 25.000,00 en paste niet meer in het resterende budget van € 12.500,00 (minder stemmen dan 3, 5 en 7).",
            OutcomeTexts.Dutch(result));
        Assert.Equal(
            "Not chosen: costs €25,000.00 and did not fit in the remaining budget of €12,500.00 (fewer votes than 3, 5 and 7).",
            OutcomeTexts.English(result));
    }

    [Fact]
    public void A_proposal_that_did_not_fit_without_anyone_ahead_says_only_the_budget()
    {
        var outcome = Votes(10_000, TieBreak.EqualShares, 1, Candidate(1, 2_000_000, 5));

        Assert.Equal("Niet gekozen: kost € 20.000,00 en paste niet meer in het resterende budget van € 10.000,00.", OutcomeTexts.Dutch(ResultOf(outcome, 1)));
    }

    [Fact]
    public void A_proposal_below_the_minimum_is_told_the_minimum()
    {
        var outcome = Votes(10_000, TieBreak.EqualShares, 1, Candidate(2, 100_000, 0));

        var text = OutcomeTexts.Explain(ResultOf(outcome, 2));

        Assert.Equal("Niet gekozen: 0 stemmen, minder dan het minimum van 1.", text.Dutch);
        Assert.Equal("Not chosen: 0 votes, fewer than the minimum of 1.", text.English);
    }

    [Fact]
    public void One_vote_is_singular_and_large_numbers_are_grouped()
    {
        var outcome = Votes(10_000, TieBreak.EqualShares, 2_500, Candidate(1, 100_000, 1));

        var text = OutcomeTexts.Explain(ResultOf(outcome, 1));

        Assert.Equal("Niet gekozen: 1 stem, minder dan het minimum van 2.500.", text.Dutch);
        Assert.Equal("Not chosen: 1 vote, fewer than the minimum of 2,500.", text.English);
    }

    [Fact]
    public void Cumulative_rounds_speak_of_points()
    {
        var outcome = GreedyRule.Select(
            [Candidate(1, 1_000_000, 90), Candidate(2, 1_500_000, 40)], Money.FromEuros(20_000), TieBreak.EqualShares, 1, SupportMeasure.Points, 30);

        Assert.Equal("Won: 90 points; fitted in the remaining budget of €20,000.00.", OutcomeTexts.English(ResultOf(outcome, 1)));
        Assert.Equal(
            "Niet gekozen: kost € 15.000,00 en paste niet meer in het resterende budget van € 10.000,00 (minder punten dan 1).",
            OutcomeTexts.Dutch(ResultOf(outcome, 2)));
    }

    [Fact]
    public void A_tie_that_decided_funding_is_explained_on_both_sides()
    {
        var outcome = Votes(10_000, TieBreak.EqualShares, 1, Candidate(1, 1_000_000, 7), Candidate(2, 800_000, 7));

        var winner = OutcomeTexts.Explain(ResultOf(outcome, 2));
        var loser = OutcomeTexts.Explain(ResultOf(outcome, 1));

        Assert.Equal(
            "Gekozen: 7 stemmen; paste in het resterende budget van € 10.000,00. Bij gelijke stand ging het voor op 1 omdat het goedkoper is.",
            winner.Dutch);
        Assert.Equal(
            "Won: 7 votes; fitted in the remaining budget of €10,000.00. In the tie it went before 1 because it is cheaper.",
            winner.English);
        Assert.Equal(
            "Niet gekozen: kost € 10.000,00 en paste niet meer in het resterende budget van € 2.000,00. Bij gelijke stand ging 2 voor omdat dat goedkoper is.",
            loser.Dutch);
        Assert.Equal(
            "Not chosen: costs €10,000.00 and did not fit in the remaining budget of €2,000.00. In the tie, 2 went first because it is cheaper.",
            loser.English);
    }

    [Fact]
    public void Several_tied_winners_ahead_are_named_together_with_their_reason()
    {
        var outcome = Votes(10_000, TieBreak.Lexicographic, 1,
            Candidate(10, 400_000, 5), Candidate(11, 500_000, 5), Candidate(12, 500_000, 5), Candidate(1, 100_000, 9));

        var loser = OutcomeTexts.Explain(ResultOf(outcome, 12));

        Assert.Equal(
            "Niet gekozen: kost € 5.000,00 en paste niet meer in het resterende budget van € 0,00 (minder stemmen dan 1). "
            + "Bij gelijke stand gingen 10 en 11 voor omdat die nummers hebben die als tekst eerder komen.",
            loser.Dutch);
        Assert.Equal(
            "Not chosen: costs €5,000.00 and did not fit in the remaining budget of €0.00 (fewer votes than 1). "
            + "In the tie, 10 and 11 went first because they have numbers that come first as text.",
            loser.English);
    }

    [Fact]
    public void A_tie_that_decided_nothing_is_not_mentioned()
    {
        var outcome = Votes(20_000, TieBreak.EqualShares, 1, Candidate(1, 1_000_000, 7), Candidate(2, 800_000, 7));

        Assert.Equal("Gekozen: 7 stemmen; paste in het resterende budget van € 12.000,00.", OutcomeTexts.Dutch(ResultOf(outcome, 1)));
        Assert.Equal("Won: 7 votes; fitted in the remaining budget of €20,000.00.", OutcomeTexts.English(ResultOf(outcome, 2)));
    }

    [Fact]
    public void More_voters_decide_a_tie_at_equal_cost()
    {
        var outcome = GreedyRule.Select(
            [Candidate(1, 500_000, 12, voters: 3), Candidate(2, 500_000, 12, voters: 6)], Money.FromEuros(5_000), TieBreak.EqualShares, 1, SupportMeasure.Points, 9);

        Assert.EndsWith("Bij gelijke stand ging het voor op 1 omdat het meer stemmers heeft.", OutcomeTexts.Dutch(ResultOf(outcome, 2)), StringComparison.Ordinal);
        Assert.EndsWith("In the tie, 2 went first because it has more voters.", OutcomeTexts.English(ResultOf(outcome, 1)), StringComparison.Ordinal);
    }
}
