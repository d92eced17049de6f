using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using FsCheck;
using FsCheck.Fluent;

namespace Buurtbudget.Domain.Tests.Outcomes;

/// <summary>Properties every rule must have, on random small elections: few projects with small costs and few
/// voters, so that ties and exactly-fitting budgets are common.</summary>
public class OutcomePropertyTests
{
    private static readonly OutcomeRule[] AllRules = Enum.GetValues<OutcomeRule>();

    private static readonly Gen<Election> Elections =
        from measure in Gen.Elements(SupportMeasure.Votes, SupportMeasure.Points)
        from costs in Gen.Choose(0, 12).ArrayOf().Resize(6)
        from budget in Gen.Choose(0, 40)
        from ballots in Gen.Choose(1, Math.Max(1, costs.Length)).Zip(Gen.Choose(0, 4)).ArrayOf().Resize(4).ArrayOf().Resize(9)
        select new Election(
            Money.FromEuros(budget),
            [.. costs.Select((cost, i) => new ElectionProject(new ProposalId(i + 1), Money.FromEuros(cost)))],
            [.. ballots.Select(lines => lines
                .Where(line => line.Item1 <= costs.Length)
                .Select(line => new BallotChoice(new ProposalId(line.Item1), measure == SupportMeasure.Votes ? 1 : line.Item2))
                .ToImmutableArray())],
            measure);

    private static IEnumerable<OutcomeRule> RulesFor(Election election) => AllRules.Where(rule => OutcomeRules.Suits(rule, election.Measure));

    private static HashSet<ProposalId> Winners(RoundOutcome outcome) => [.. outcome.Winners.Select(w => w.Proposal)];

    private static void Check(Func<Election, TieBreak, bool> property) =>
        Prop.ForAll(Elections.ToArbitrary(), Gen.Elements(TieBreak.Lexicographic, TieBreak.EqualShares).ToArbitrary(), property).QuickCheckThrowOnFailure();

    [Fact]
    public void No_rule_ever_exceeds_the_budget()
    {
        Check((election, tieBreak) => RulesFor(election).All(rule =>
        {
            var outcome = OutcomeRules.Decide(election, rule, tieBreak, minimumSupport: 0);
            return outcome.Spent <= election.Budget
                && outcome.Spent == Money.Sum(outcome.Winners.Select(w => w.Cost))
                && outcome.Results.Length == election.Projects.Length;
        }));
    }

    [Fact]
    public void Greedy_is_exhaustive_nothing_left_out_would_still_fit()
    {
        Check((election, tieBreak) => RulesFor(election)
            .Where(rule => rule is OutcomeRule.Greedy or OutcomeRule.GreedyPerCost or OutcomeRule.EqualSharesThenGreedy or OutcomeRule.EqualSharesAdd1ThenGreedy or OutcomeRule.EqualSharesThenGreedyPerCost)
            .All(rule =>
            {
                var outcome = OutcomeRules.Decide(election, rule, tieBreak, minimumSupport: 0);
                return outcome.Results.Where(r => !r.Won).All(r => r.Cost > outcome.Remaining);
            }));
    }

    [Fact]
    public void Mes_with_greedy_completion_keeps_everything_mes_chose()
    {
        Check((election, tieBreak) =>
        {
            var mes = Winners(OutcomeRules.Decide(election, OutcomeRule.EqualShares, tieBreak, 0));
            var completion = election.Measure == SupportMeasure.Votes ? OutcomeRule.EqualSharesThenGreedy : OutcomeRule.EqualSharesThenGreedyPerCost;
            var completed = Winners(OutcomeRules.Decide(election, completion, tieBreak, 0));
            var add1 = Winners(OutcomeRules.Decide(election, OutcomeRule.EqualSharesAdd1, tieBreak, 0));
            var add1Completed = Winners(OutcomeRules.Decide(election, OutcomeRule.EqualSharesAdd1ThenGreedy, tieBreak, 0));
            return mes.IsSubsetOf(completed) && add1.IsSubsetOf(add1Completed);
        });
    }

    [Fact]
    public void Renaming_or_reordering_voters_changes_nothing()
    {
        Prop.ForAll(Elections.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (election, seed) =>
        {
            var random = new Random(seed);
            var shuffled = election with { Ballots = [.. election.Ballots.OrderBy(_ => random.Next())] };
            return RulesFor(election).All(rule => TieBreakingsAgree(election, shuffled, rule));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_proposal_gets_an_explanation_in_both_languages()
    {
        Check((election, tieBreak) => RulesFor(election).All(rule =>
            OutcomeRules.Decide(election, rule, tieBreak, minimumSupport: 1).Results.All(result =>
            {
                var text = OutcomeTexts.Explain(result);
                return text.Dutch.Length > 10 && text.English.Length > 10 && result.Won == (text.English.StartsWith("Won", StringComparison.Ordinal));
            })));
    }

    [Fact]
    public void A_minimum_support_keeps_weaker_proposals_out_under_every_rule()
    {
        Check((election, tieBreak) =>
        {
            var support = election.Candidates().ToDictionary(c => c.Proposal, c => c.Support);
            return RulesFor(election).All(rule => OutcomeRules.Decide(election, rule, tieBreak, minimumSupport: 2).Winners.All(w => support[w.Proposal] >= 2));
        });
    }

    private static bool TieBreakingsAgree(Election first, Election second, OutcomeRule rule) =>
        new[] { TieBreak.Lexicographic, TieBreak.EqualShares }.All(tieBreak =>
            Winners(OutcomeRules.Decide(first, rule, tieBreak, 0)).SetEquals(Winners(OutcomeRules.Decide(second, rule, tieBreak, 0)))
            && OutcomeRules.Decide(first, rule, tieBreak, 0).Spent == OutcomeRules.Decide(second, rule, tieBreak, 0).Spent);
}
