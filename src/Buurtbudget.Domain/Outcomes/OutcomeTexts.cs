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

    /// <summary>e.g. "Gekozen: 412 stemmen; paste in het resterende budget van € 30.000,00."</summary>
    public static string Dutch(ProposalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var explanation = result.Explanation;
        var points = explanation.Measure == SupportMeasure.Points;
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
    public static string English(ProposalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var explanation = result.Explanation;
        var points = explanation.Measure == SupportMeasure.Points;
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

            text.Append(ids[index].ToString());
        }

        return text.ToString();
    }
}
