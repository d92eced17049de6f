using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>Every outcome rule behind one entry point: (election, rule, tie-break) to an outcome with an explanation
/// for every proposal. A pure function: anyone with the ballots can recompute it.</summary>
public static class OutcomeRules
{
    /// <summary>Which rules suit which ballots: Phragmén needs approvals, the per-cost rules points.</summary>
    public static bool Suits(OutcomeRule rule, SupportMeasure measure) => rule switch
    {
        OutcomeRule.Phragmen => measure == SupportMeasure.Votes,
        OutcomeRule.GreedyPerCost or OutcomeRule.EqualSharesThenGreedyPerCost => measure == SupportMeasure.Points,
        _ => Enum.IsDefined(rule),
    };

    /// <param name="minimumSupport">Proposals with less support are not funded by any rule and take no part in it.</param>
    public static RoundOutcome Decide(Election election, OutcomeRule rule, TieBreak tieBreak, long minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(election);
        if (!Suits(rule, election.Measure))
        {
            throw new ArgumentException($"Outcome rule {rule} does not suit {election.Measure} ballots.", nameof(rule));
        }

        if (election.Budget.IsNegative)
        {
            throw new ArgumentException("A budget cannot be negative.", nameof(election));
        }

        var candidates = election.Candidates();
        var turnout = election.Ballots.Length;
        if (rule is OutcomeRule.Greedy or OutcomeRule.GreedyPerCost)
        {
            var (results, remaining) = GreedyRule.Walk(candidates, election.Budget, tieBreak, minimumSupport, election.Measure, rule == OutcomeRule.GreedyPerCost, firstRank: 1, facts: null);
            return new RoundOutcome(rule, tieBreak, election.Budget, election.Budget - remaining, turnout, results, election.Measure);
        }

        var below = candidates.Where(c => c.Support < minimumSupport).Select(c => c.Proposal).ToHashSet();
        var eligible = below.Count == 0 ? election : WithoutProposals(election, below);
        return rule == OutcomeRule.Phragmen
            ? Phragmen(election, eligible, candidates, tieBreak, minimumSupport)
            : EqualShares(election, eligible, candidates, rule, tieBreak, minimumSupport);
    }

    private static RoundOutcome EqualShares(
        Election election, Election eligible, ImmutableArray<OutcomeCandidate> candidates, OutcomeRule rule, TieBreak tieBreak, long minimumSupport)
    {
        var run = rule is OutcomeRule.EqualSharesAdd1 or OutcomeRule.EqualSharesAdd1ThenGreedy
            ? EqualSharesRule.RunWithAdd1(eligible, tieBreak)
            : EqualSharesRule.Run(eligible, EqualSharesRule.InitialShare(eligible), tieBreak);
        var thenGreedy = rule is OutcomeRule.EqualSharesThenGreedy or OutcomeRule.EqualSharesAdd1ThenGreedy or OutcomeRule.EqualSharesThenGreedyPerCost;
        var share = new Money((long)run.Share.Floor());
        var position = eligible.Projects.Select((p, i) => (p.Proposal, i)).ToDictionary(p => p.Proposal, p => p.i);
        var byProposal = candidates.ToDictionary(c => c.Proposal);

        var results = ImmutableArray.CreateBuilder<ProposalResult>(candidates.Length);
        var bought = new List<ProposalId>();
        var spent = Money.Zero;
        foreach (var purchase in run.Purchases)
        {
            var candidate = byProposal[eligible.Projects[purchase.Project].Proposal];
            var facts = new EqualSharesFacts(
                share, purchase.Supporters, new Money((long)Math.Floor(purchase.SupportersMoney)), purchase.Step,
                new Money((long)Math.Ceiling(purchase.LargestPayment - 1e-6)), purchase.FullPayers, thenGreedy);
            var explanation = new OutcomeExplanation(ExplanationKind.Won, election.Budget - spent, minimumSupport, [.. bought], [], election.Measure, [], facts);
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, results.Count + 1, Won: true, explanation, candidate.Voters));
            bought.Add(candidate.Proposal);
            spent += candidate.Cost;
        }

        EqualSharesFacts? FactsOf(ProposalId proposal) =>
            position.TryGetValue(proposal, out var i)
                ? new EqualSharesFacts(share, run.Voters(i), MoneyLeft(run, i, eligible), 0, Money.Zero, 0, thenGreedy)
                : null;

        var rest = candidates.Where(c => !bought.Contains(c.Proposal)).ToList();
        if (thenGreedy)
        {
            var (completed, remaining) = GreedyRule.Walk(
                rest, election.Budget - spent, tieBreak, minimumSupport, election.Measure, rule == OutcomeRule.EqualSharesThenGreedyPerCost, results.Count + 1, FactsOf);
            results.AddRange(completed);
            return new RoundOutcome(rule, tieBreak, election.Budget, election.Budget - remaining, election.Ballots.Length, results.MoveToImmutable(), election.Measure);
        }

        foreach (var candidate in GreedyRule.Rank(rest, tieBreak))
        {
            var kind = candidate.Support < minimumSupport ? ExplanationKind.BelowMinimumSupport : ExplanationKind.DidNotFit;
            var explanation = new OutcomeExplanation(kind, election.Budget - spent, minimumSupport, [.. bought], [], election.Measure, [], FactsOf(candidate.Proposal));
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, results.Count + 1, Won: false, explanation, candidate.Voters));
        }

        return new RoundOutcome(rule, tieBreak, election.Budget, spent, election.Ballots.Length, results.MoveToImmutable(), election.Measure);
    }

    /// <summary>Rounded down to the cent, and never shown as enough when the rule found it was not.</summary>
    private static Money MoneyLeft(EqualSharesRun run, int project, Election eligible)
    {
        var left = new Money((long)Math.Floor(run.MoneyLeft(project) + 1e-6));
        var cost = eligible.Projects[project].Cost;
        return left >= cost && cost.IsPositive ? cost - new Money(1) : left;
    }

    private static RoundOutcome Phragmen(Election election, Election eligible, ImmutableArray<OutcomeCandidate> candidates, TieBreak tieBreak, long minimumSupport)
    {
        var run = PhragmenRule.Run(eligible, tieBreak);
        var byProposal = candidates.ToDictionary(c => c.Proposal);
        var results = ImmutableArray.CreateBuilder<ProposalResult>(candidates.Length);
        var chosen = new List<ProposalId>();
        foreach (var step in run.Steps)
        {
            var candidate = byProposal[eligible.Projects[step.Project].Proposal];
            var facts = new PhragmenFacts(step.Step, candidate.Voters, new Money((long)step.Load.Ceiling()), step.RemainingBefore);
            var explanation = new OutcomeExplanation(ExplanationKind.Won, step.RemainingBefore, minimumSupport, [.. chosen], [], election.Measure, [], Phragmen: facts);
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, results.Count + 1, Won: true, explanation, candidate.Voters));
            chosen.Add(candidate.Proposal);
        }

        foreach (var candidate in GreedyRule.Rank(candidates.Where(c => !chosen.Contains(c.Proposal)), tieBreak))
        {
            var kind = candidate.Support < minimumSupport ? ExplanationKind.BelowMinimumSupport : ExplanationKind.DidNotFit;
            var facts = new PhragmenFacts(0, candidate.Voters, Money.Zero, run.Remaining);
            var explanation = new OutcomeExplanation(kind, run.Remaining, minimumSupport, [.. chosen], [], election.Measure, [], Phragmen: facts);
            results.Add(new ProposalResult(candidate.Proposal, candidate.Cost, candidate.Support, results.Count + 1, Won: false, explanation, candidate.Voters));
        }

        return new RoundOutcome(OutcomeRule.Phragmen, tieBreak, election.Budget, election.Budget - run.Remaining, election.Ballots.Length, results.MoveToImmutable(), election.Measure);
    }

    /// <summary>The election without the given proposals: they are off the ballot for the rule, not for the turnout.</summary>
    private static Election WithoutProposals(Election election, HashSet<ProposalId> removed) =>
        election with
        {
            Projects = [.. election.Projects.Where(p => !removed.Contains(p.Proposal))],
            Ballots = [.. election.Ballots.Select(b => b.Where(c => !removed.Contains(c.Proposal)).ToImmutableArray())],
        };
}
