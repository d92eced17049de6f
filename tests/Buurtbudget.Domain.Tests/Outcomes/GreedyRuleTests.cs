using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Tests.Outcomes;

public class GreedyRuleTests
{
    private static OutcomeCandidate Candidate(int id, long costEuros, long support, long? voters = null) =>
        new(new ProposalId(id), Money.FromEuros(costEuros), support, voters ?? support);

    private static RoundOutcome Select(long budgetEuros, TieBreak tieBreak, long minimumSupport, params OutcomeCandidate[] candidates) =>
        GreedyRule.Select(candidates, Money.FromEuros(budgetEuros), tieBreak, minimumSupport, SupportMeasure.Votes, turnout: 100);

    private static int[] Order(RoundOutcome outcome) => [.. outcome.Results.Select(r => r.Proposal.Number)];

    private static int[] Winners(RoundOutcome outcome) => [.. outcome.Winners.Select(r => r.Proposal.Number)];

    private static ProposalResult Result(RoundOutcome outcome, int id) => outcome.Results.Single(r => r.Proposal.Number == id);

    [Fact]
    public void Most_support_goes_first_and_a_proposal_that_no_longer_fits_is_skipped()
    {
        var outcome = Select(30_000, TieBreak.EqualShares, 1,
            Candidate(3, 10_000, 5), Candidate(1, 20_000, 10), Candidate(2, 15_000, 8));

        Assert.Equal([1, 2, 3], Order(outcome));
        Assert.Equal([1, 3], Winners(outcome));
        Assert.Equal(Money.FromEuros(30_000), outcome.Spent);
        Assert.Equal(Money.Zero, outcome.Remaining);
        Assert.Equal([1, 2, 3], outcome.Results.Select(r => r.Rank));

        var skipped = Result(outcome, 2).Explanation;
        Assert.Equal(ExplanationKind.DidNotFit, skipped.Kind);
        Assert.Equal(Money.FromEuros(10_000), skipped.RemainingBefore);
        Assert.Equal([new ProposalId(1)], skipped.OutrankedBy.ToArray());
        var last = Result(outcome, 3).Explanation;
        Assert.Equal(ExplanationKind.Won, last.Kind);
        Assert.Equal(Money.FromEuros(10_000), last.RemainingBefore);
        Assert.Equal([new ProposalId(1)], last.OutrankedBy.ToArray());
    }

    [Fact]
    public void A_proposal_that_exactly_uses_up_what_is_left_is_funded()
    {
        var outcome = Select(25_000, TieBreak.EqualShares, 1, Candidate(1, 10_000, 9), Candidate(2, 15_000, 3));

        Assert.Equal([1, 2], Winners(outcome));
    }

    [Fact]
    public void Equal_shares_tie_break_prefers_the_cheaper_proposal()
    {
        var outcome = Select(10_000, TieBreak.EqualShares, 1, Candidate(1, 10_000, 7), Candidate(2, 8_000, 7));

        Assert.Equal([2, 1], Order(outcome));
        Assert.Equal([2], Winners(outcome));
        Assert.Equal([new ProposalId(1)], Result(outcome, 2).Explanation.TiedWith.ToArray());
        Assert.Equal([new DecisiveTie(new ProposalId(1), WentFirst: true, TieDecider.LowerCost)], Result(outcome, 2).Explanation.DecisiveTies.ToArray());
        Assert.Equal([new DecisiveTie(new ProposalId(2), WentFirst: false, TieDecider.LowerCost)], Result(outcome, 1).Explanation.DecisiveTies.ToArray());
    }

    [Fact]
    public void Equal_shares_tie_break_prefers_more_voters_at_equal_cost()
    {
        // Cumulative ballots: the same points, spread over different numbers of voters.
        var outcome = Select(5_000, TieBreak.EqualShares, 1, Candidate(1, 5_000, 12, voters: 3), Candidate(2, 5_000, 12, voters: 6));

        Assert.Equal([2, 1], Order(outcome));
        Assert.Equal(TieDecider.MoreVoters, Assert.Single(Result(outcome, 2).Explanation.DecisiveTies).Decider);
    }

    [Fact]
    public void Equal_shares_tie_break_falls_back_to_the_id_as_text()
    {
        var outcome = Select(5_000, TieBreak.EqualShares, 1, Candidate(9, 5_000, 4), Candidate(10, 5_000, 4));

        Assert.Equal([10, 9], Order(outcome));
        Assert.Equal(TieDecider.IdAsText, Assert.Single(Result(outcome, 10).Explanation.DecisiveTies).Decider);
    }

    [Fact]
    public void Lexicographic_tie_break_takes_the_smallest_id_as_text_whatever_the_cost()
    {
        var outcome = Select(20_000, TieBreak.Lexicographic, 1,
            Candidate(2, 1_000, 6), Candidate(10, 15_000, 6), Candidate(9, 3_000, 6));

        // "10" < "2" < "9" as text: 10 goes first and takes most of the budget.
        Assert.Equal([10, 2, 9], Order(outcome));
        Assert.Equal([10, 2, 9], Winners(outcome));
        Assert.Equal([new ProposalId(2), new ProposalId(9)], Result(outcome, 10).Explanation.TiedWith.ToArray());
        Assert.Empty(Result(outcome, 10).Explanation.DecisiveTies);
    }

    [Fact]
    public void The_tie_break_decides_who_is_funded_when_only_one_of_the_tied_fits()
    {
        var lexicographic = Select(15_000, TieBreak.Lexicographic, 1, Candidate(2, 5_000, 6), Candidate(10, 15_000, 6));
        var equalShares = Select(15_000, TieBreak.EqualShares, 1, Candidate(2, 5_000, 6), Candidate(10, 15_000, 6));

        Assert.Equal([10], Winners(lexicographic));
        Assert.Equal([2], Winners(equalShares));
        Assert.Equal(TieDecider.IdAsText, Assert.Single(Result(lexicographic, 10).Explanation.DecisiveTies).Decider);
    }

    [Fact]
    public void Proposals_below_the_minimum_support_are_not_funded_even_with_money_left()
    {
        var outcome = Select(100_000, TieBreak.EqualShares, 3,
            Candidate(1, 10_000, 8), Candidate(2, 1_000, 2), Candidate(3, 1_000, 0));

        Assert.Equal([1], Winners(outcome));
        Assert.Equal(ExplanationKind.BelowMinimumSupport, Result(outcome, 2).Explanation.Kind);
        Assert.Equal(ExplanationKind.BelowMinimumSupport, Result(outcome, 3).Explanation.Kind);
        Assert.Equal(3, Result(outcome, 2).Explanation.MinimumSupport);
        Assert.Equal(Money.FromEuros(90_000), outcome.Remaining);
    }

    [Fact]
    public void Without_a_minimum_proposals_nobody_chose_are_funded_last_if_money_remains()
    {
        var outcome = Select(12_000, TieBreak.EqualShares, 0, Candidate(1, 10_000, 8), Candidate(2, 2_000, 0), Candidate(3, 3_000, 0));

        Assert.Equal([1, 2], Winners(outcome));
        Assert.Equal(ExplanationKind.DidNotFit, Result(outcome, 3).Explanation.Kind);
    }

    [Fact]
    public void Outranked_by_lists_only_funded_proposals_ranked_above()
    {
        var outcome = Select(20_000, TieBreak.EqualShares, 1,
            Candidate(1, 12_000, 9), Candidate(2, 15_000, 8), Candidate(3, 5_000, 7), Candidate(4, 4_000, 6));

        Assert.Equal([1, 3], Winners(outcome));
        Assert.Equal([new ProposalId(1), new ProposalId(3)], Result(outcome, 4).Explanation.OutrankedBy.ToArray());
        Assert.Empty(Result(outcome, 1).Explanation.OutrankedBy);
    }

    [Fact]
    public void An_outcome_records_its_rule_budget_turnout_and_measure()
    {
        var outcome = GreedyRule.Select([Candidate(1, 1_000, 5)], Money.FromEuros(2_000), TieBreak.Lexicographic, 1, SupportMeasure.Points, turnout: 17);

        Assert.Equal(OutcomeRule.Greedy, outcome.Rule);
        Assert.Equal(TieBreak.Lexicographic, outcome.TieBreak);
        Assert.Equal(Money.FromEuros(2_000), outcome.Budget);
        Assert.Equal(17, outcome.Turnout);
        Assert.Equal(SupportMeasure.Points, outcome.Measure);
        Assert.Equal(SupportMeasure.Points, outcome.Results[0].Explanation.Measure);
    }

    [Fact]
    public void No_candidates_fund_nothing()
    {
        var outcome = Select(10_000, TieBreak.EqualShares, 1);

        Assert.Empty(outcome.Results);
        Assert.Equal(Money.Zero, outcome.Spent);
    }

    [Fact]
    public void A_proposal_listed_twice_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Select(10_000, TieBreak.EqualShares, 1, Candidate(1, 1_000, 1), Candidate(1, 2_000, 2)));
    }

    [Theory]
    [InlineData(10, 9, -1)]
    [InlineData(9, 10, 1)]
    [InlineData(2, 10, 1)]
    [InlineData(100, 11, -1)]
    [InlineData(7, 7, 0)]
    [InlineData(12, 123, -1)]
    public void Ids_compare_as_text(int first, int second, int sign)
    {
        Assert.Equal(sign, Math.Sign(TieBreaking.CompareIdsAsText(new ProposalId(first), new ProposalId(second))));
    }

    [Fact]
    public void Per_cost_ranking_is_transitive_with_free_proposals_nobody_supports()
    {
        // Found by the property tests: a free proposal without support tied with every other proposal, so equal
        // ratios around it were left unordered and explaining the ties threw.
        var candidates = Enumerable.Range(1, 40)
            .Select(n => n % 3 == 0
                ? new OutcomeCandidate(new ProposalId(n), Money.Zero, 0, 0)
                : new OutcomeCandidate(new ProposalId(n), new Money(1_000 * (1 + (n % 2))), 4 + (n % 5), 4 + (n % 5)))
            .Reverse()
            .ToArray();

        var ranked = GreedyRule.RankPerCost(candidates, TieBreak.Lexicographic);

        for (var index = 1; index < ranked.Length; index++)
        {
            var (ahead, behind) = (ranked[index - 1], ranked[index]);
            var ratioAhead = ahead.Support == 0 ? 0 : (double)ahead.Support / ahead.Cost.Cents;
            var ratioBehind = behind.Support == 0 ? 0 : (double)behind.Support / behind.Cost.Cents;
            Assert.True(ratioAhead >= ratioBehind, $"{ahead.Proposal} ({ratioAhead}) before {behind.Proposal} ({ratioBehind})");
            if (ratioAhead == ratioBehind)
            {
                Assert.True(TieBreaking.CompareIdsAsText(ahead.Proposal, behind.Proposal) < 0, $"{ahead.Proposal} before {behind.Proposal} in a tie");
            }
        }
    }
}
