using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>One explanation in the two languages residents read.</summary>
public sealed record OutcomeText(string Dutch, string English);

/// <summary>Words a <see cref="ProposalResult"/>'s explanation for residents: why a proposal won or lost, in
/// Dutch and English. Everything comes from the explanation's facts; ties are mentioned only where the
/// tie-break decided who was funded.</summary>
public static class OutcomeTexts
{
    public static OutcomeText Explain(ProposalResult result) => new(Dutch(result), English(result));

    public static OutcomeText Explain(ProposalResult result, Func<ProposalId, string>? names) => new(Dutch(result, names), English(result, names));

    /// <summary>A whole outcome in one line, for auditors comparing two of them: the winners by number, the money, the turnout.</summary>
    public static string Summary(RoundOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var winners = string.Join(", ", outcome.Winners.Select(w => w.Proposal.Number.ToString(CultureInfo.InvariantCulture)));
        return $"winners [{winners}], {outcome.Spent.ToEnglishString()} of {outcome.Budget.ToEnglishString()} spent, {outcome.Turnout} ballots";
    }

    /// <summary>Equal Shares: bought out of the supporters' shares (how much each paid), or why their shares could not
    /// pay; with greedy completion, how the remaining budget went.</summary>
    private static string DutchEqualShares(ProposalResult result, EqualSharesFacts shares, bool points)
    {
        var who = shares.Supporters == 1 ? "stemmer" : "stemmers";
        if (shares.Step > 0)
        {
            return $"Gekozen met gelijke delen (stap {shares.Step}): ieder van de {DutchNumber(shares.Supporters)} {who} had een deel van {shares.Share.ToDutchString()} van het budget; "
                + $"samen hadden zij daarvan nog {shares.SupportersMoney.ToDutchString()} over en betaalden zij de {result.Cost.ToDutchString()}, ieder hooguit {shares.LargestPayment.ToDutchString()}"
                + (shares.FullPayers > 0 ? $"; {DutchNumber(shares.FullPayers)} van hen {(shares.FullPayers == 1 ? "gaf" : "gaven")} alles wat {(shares.FullPayers == 1 ? "hij of zij" : "zij")} nog hadden." : ".");
        }

        var unpaid = shares.Supporters == 0
            ? "niemand stemde erop, dus niemand betaalde mee uit een deel van het budget"
            : $"de {DutchNumber(shares.Supporters)} {who} hadden van hun delen ({shares.Share.ToDutchString()} ieder) samen nog {shares.SupportersMoney.ToDutchString()} over, minder dan de kosten van {result.Cost.ToDutchString()}";
        if (!shares.ThenGreedy)
        {
            return $"Niet gekozen: {unpaid}.";
        }

        return result.Won
            ? $"Gekozen bij het aanvullen: {unpaid}; daarna paste het met {DutchCount(result.Support, points)} in het resterende budget van {result.Explanation.RemainingBefore.ToDutchString()}."
            : $"Niet gekozen: {unpaid}; daarna paste het ook niet meer in het resterende budget van {result.Explanation.RemainingBefore.ToDutchString()}.";
    }

    private static string EnglishEqualShares(ProposalResult result, EqualSharesFacts shares, bool points)
    {
        var who = shares.Supporters == 1 ? "voter" : "voters";
        if (shares.Step > 0)
        {
            return $"Won with equal shares (step {shares.Step}): each of its {EnglishNumber(shares.Supporters)} {who} had a share of {shares.Share.ToEnglishString()} of the budget; "
                + $"together they had {shares.SupportersMoney.ToEnglishString()} of it left and paid the {result.Cost.ToEnglishString()}, each at most {shares.LargestPayment.ToEnglishString()}"
                + (shares.FullPayers > 0 ? $"; {EnglishNumber(shares.FullPayers)} of them spent all they had left." : ".");
        }

        var unpaid = shares.Supporters == 0
            ? "nobody voted for it, so no share of the budget paid towards it"
            : $"its {EnglishNumber(shares.Supporters)} {who} had {shares.SupportersMoney.ToEnglishString()} left of their shares ({shares.Share.ToEnglishString()} each), less than its cost of {result.Cost.ToEnglishString()}";
        if (!shares.ThenGreedy)
        {
            return $"Not chosen: {unpaid}.";
        }

        return result.Won
            ? $"Won when the budget was completed: {unpaid}; then, with {EnglishCount(result.Support, points)}, it fitted in the remaining budget of {result.Explanation.RemainingBefore.ToEnglishString()}."
            : $"Not chosen: {unpaid}; then it did not fit in the remaining budget of {result.Explanation.RemainingBefore.ToEnglishString()} either.";
    }

    /// <summary>e.g. "Gekozen: 412 stemmen; paste in het resterende budget van € 30.000,00."</summary>
    public static string Dutch(ProposalResult result) => Dutch(result, null);

    /// <param name="names">How to name proposals (e.g. their ids in an imported Pabulib file); by default their numbers.</param>
    public static string Dutch(ProposalResult result, Func<ProposalId, string>? names)
    {
        ArgumentNullException.ThrowIfNull(result);
        var explanation = result.Explanation;
        var points = explanation.Measure == SupportMeasure.Points;
        using var naming = new Naming(names);
        if (explanation.EqualShares is { } shares && explanation.Kind != ExplanationKind.BelowMinimumSupport)
        {
            return DutchEqualShares(result, shares, points);
        }

        if (explanation.Phragmen is { } phragmen && explanation.Kind != ExplanationKind.BelowMinimumSupport)
        {
            return result.Won
                ? $"Gekozen met Phragmén (stap {phragmen.Step}): de {DutchNumber(phragmen.Supporters)} {(phragmen.Supporters == 1 ? "stemmer droeg" : "stemmers droegen")} de kosten van {result.Cost.ToDutchString()} samen, zo dat ieders totale last {phragmen.Load.ToDutchString()} werd; er was nog {phragmen.RemainingBefore.ToDutchString()} over."
                : phragmen.Supporters == 0
                    ? "Niet gekozen: niemand stemde erop."
                    : $"Niet gekozen: kost {result.Cost.ToDutchString()}, meer dan de {phragmen.RemainingBefore.ToDutchString()} die over was toen Phragmén stopte.";
        }

        return explanation.Kind switch
        {
            ExplanationKind.Won =>
                $"Gekozen: {DutchCount(result.Support, points)}; paste in het resterende budget van {explanation.RemainingBefore.ToDutchString()}."
                + DutchTies(explanation, wentFirst: true),
            ExplanationKind.DidNotFit =>
                $"Niet gekozen: kost {result.Cost.ToDutchString()} en paste niet meer in het resterende budget van {explanation.RemainingBefore.ToDutchString()}"
                + (Stronger(explanation) is { Count: > 0 } stronger ? $" (minder {(points ? "punten" : "stemmen")} dan {List(stronger, " en ")})" : "")
                + "." + DutchTies(explanation, wentFirst: false),
            ExplanationKind.BelowMinimumSupport =>
                $"Niet gekozen: {DutchCount(result.Support, points)}, minder dan het minimum van {DutchNumber(explanation.MinimumSupport)}.",
            _ => throw new ArgumentOutOfRangeException(nameof(result), explanation.Kind, "Unknown kind of explanation."),
        };
    }

    /// <summary>e.g. "Won: 412 votes; fitted in the remaining budget of €30,000.00."</summary>
    public static string English(ProposalResult result) => English(result, null);

    /// <param name="names">How to name proposals (e.g. their ids in an imported Pabulib file); by default their numbers.</param>
    public static string English(ProposalResult result, Func<ProposalId, string>? names)
    {
        ArgumentNullException.ThrowIfNull(result);
        var explanation = result.Explanation;
        var points = explanation.Measure == SupportMeasure.Points;
        using var naming = new Naming(names);
        if (explanation.EqualShares is { } shares && explanation.Kind != ExplanationKind.BelowMinimumSupport)
        {
            return EnglishEqualShares(result, shares, points);
        }

        if (explanation.Phragmen is { } phragmen && explanation.Kind != ExplanationKind.BelowMinimumSupport)
        {
            return result.Won
                ? $"Won under Phragmén (step {phragmen.Step}): its {EnglishNumber(phragmen.Supporters)} {(phragmen.Supporters == 1 ? "voter" : "voters")} shared the cost of {result.Cost.ToEnglishString()} so that each one's total load became {phragmen.Load.ToEnglishString()}; {explanation.RemainingBefore.ToEnglishString()} was left before."
                : phragmen.Supporters == 0
                    ? "Not chosen: nobody voted for it."
                    : $"Not chosen: costs {result.Cost.ToEnglishString()}, more than the {phragmen.RemainingBefore.ToEnglishString()} left when Phragmén stopped.";
        }

        return explanation.Kind switch
        {
            ExplanationKind.Won =>
                $"Won: {EnglishCount(result.Support, points)}; fitted in the remaining budget of {explanation.RemainingBefore.ToEnglishString()}."
                + EnglishTies(explanation, wentFirst: true),
            ExplanationKind.DidNotFit =>
                $"Not chosen: costs {result.Cost.ToEnglishString()} and did not fit in the remaining budget of {explanation.RemainingBefore.ToEnglishString()}"
                + (Stronger(explanation) is { Count: > 0 } stronger ? $" (fewer {(points ? "points" : "votes")} than {List(stronger, " and ")})" : "")
                + "." + EnglishTies(explanation, wentFirst: false),
            ExplanationKind.BelowMinimumSupport =>
                $"Not chosen: {EnglishCount(result.Support, points)}, fewer than the minimum of {EnglishNumber(explanation.MinimumSupport)}.",
            _ => throw new ArgumentOutOfRangeException(nameof(result), explanation.Kind, "Unknown kind of explanation."),
        };
    }

    /// <summary>The funded proposals ahead that simply had more support (the tied ones are told apart).</summary>
    private static List<ProposalId> Stronger(OutcomeExplanation explanation) =>
        [.. explanation.OutrankedBy.Where(id => !explanation.TiedWith.Contains(id))];

    private static IEnumerable<(TieDecider Decider, List<ProposalId> Others)> TieGroups(OutcomeExplanation explanation, bool wentFirst) =>
        explanation.DecisiveTies
            .Where(tie => tie.WentFirst == wentFirst)
            .GroupBy(tie => tie.Decider)
            .OrderBy(group => group.Key)
            .Select(group => (group.Key, group.Select(tie => tie.Other).ToList()));

    private static string DutchTies(OutcomeExplanation explanation, bool wentFirst)
    {
        var groups = TieGroups(explanation, wentFirst).ToList();
        if (groups.Count == 0)
        {
            return "";
        }

        if (wentFirst)
        {
            return " Bij gelijke stand ging het voor op "
                + string.Join(" en op ", groups.Select(g => $"{List(g.Others, " en ")} omdat het {DutchReason(g.Decider, plural: false)}")) + ".";
        }

        return " Bij gelijke stand " + string.Join("; ", groups.Select(g => g.Others.Count == 1
            ? $"ging {List(g.Others, " en ")} voor omdat dat {DutchReason(g.Decider, plural: false)}"
            : $"gingen {List(g.Others, " en ")} voor omdat die {DutchReason(g.Decider, plural: true)}")) + ".";
    }

    private static string EnglishTies(OutcomeExplanation explanation, bool wentFirst)
    {
        var groups = TieGroups(explanation, wentFirst).ToList();
        if (groups.Count == 0)
        {
            return "";
        }

        if (wentFirst)
        {
            return " In the tie it went before "
                + string.Join(" and before ", groups.Select(g => $"{List(g.Others, " and ")} because it {EnglishReason(g.Decider, plural: false)}")) + ".";
        }

        return " In the tie, " + string.Join("; ", groups.Select(g => g.Others.Count == 1
            ? $"{List(g.Others, " and ")} went first because it {EnglishReason(g.Decider, plural: false)}"
            : $"{List(g.Others, " and ")} went first because they {EnglishReason(g.Decider, plural: true)}")) + ".";
    }

    private static string DutchReason(TieDecider decider, bool plural) => (decider, plural) switch
    {
        (TieDecider.LowerCost, false) => "goedkoper is",
        (TieDecider.LowerCost, true) => "goedkoper zijn",
        (TieDecider.MoreVoters, false) => "meer stemmers heeft",
        (TieDecider.MoreVoters, true) => "meer stemmers hebben",
        (_, false) => "een nummer heeft dat als tekst eerder komt",
        (_, true) => "nummers hebben die als tekst eerder komen",
    };

    private static string EnglishReason(TieDecider decider, bool plural) => (decider, plural) switch
    {
        (TieDecider.LowerCost, false) => "is cheaper",
        (TieDecider.LowerCost, true) => "are cheaper",
        (TieDecider.MoreVoters, false) => "has more voters",
        (TieDecider.MoreVoters, true) => "have more voters",
        (_, false) => "has a number that comes first as text",
        (_, true) => "have numbers that come first as text",
    };

    private static string DutchCount(long support, bool points) =>
        points
            ? $"{DutchNumber(support)} {(support == 1 ? "punt" : "punten")}"
            : $"{DutchNumber(support)} {(support == 1 ? "stem" : "stemmen")}";

    private static string EnglishCount(long support, bool points) =>
        points
            ? $"{EnglishNumber(support)} {(support == 1 ? "point" : "points")}"
            : $"{EnglishNumber(support)} {(support == 1 ? "vote" : "votes")}";

    // Culture-free on purpose: servers may run with invariant globalization, where nl-NL is not available.
    private static string DutchNumber(long value) =>
        value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", ".", StringComparison.Ordinal);

    private static string EnglishNumber(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>"3, 5 en 7" / "3, 5 and 7".</summary>
    private static string List(IReadOnlyList<ProposalId> ids, string lastSeparator)
    {
        var text = new StringBuilder();
        for (var index = 0; index < ids.Count; index++)
        {
            if (index > 0)
            {
                text.Append(index == ids.Count - 1 ? lastSeparator : ", ");
            }

            text.Append(Naming.Current is { } name ? name(ids[index]) : ids[index].ToString());
        }

        return text.ToString();
    }

    /// <summary>The naming in force while one text is built (texts are built on one thread, start to end).</summary>
    private sealed class Naming : IDisposable
    {
        [ThreadStatic]
        private static Func<ProposalId, string>? current;

        private readonly Func<ProposalId, string>? previous;

        public Naming(Func<ProposalId, string>? names)
        {
            previous = current;
            current = names;
        }

        public static Func<ProposalId, string>? Current => current;

        public void Dispose() => current = previous;
    }
}
