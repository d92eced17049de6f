using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>One explanation in the two languages residents read.</summary>
public sealed record OutcomeText(string Dutch, string English);

/// <summary>Words an <see cref="OutcomeExplanation"/> for residents: why a proposal won or lost, in Dutch and
/// English. The facts come from the explanation; tie information appears only where a tie-break decided
/// who was funded.</summary>
public static class OutcomeTexts
{
    public static ImmutableSortedDictionary<ProposalId, OutcomeText> ExplainAll(RoundOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var byId = Index(outcome);
        var texts = ImmutableSortedDictionary.CreateBuilder<ProposalId, OutcomeText>();
        foreach (var result in outcome.Results)
        {
            texts.Add(result.Proposal, Explain(outcome, result, byId));
        }

        return texts.ToImmutable();
    }

    public static OutcomeText Explain(RoundOutcome outcome, ProposalResult result)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(result);
        return Explain(outcome, result, Index(outcome));
    }

    private static Dictionary<ProposalId, ProposalResult> Index(RoundOutcome outcome) =>
        outcome.Results.ToDictionary(r => r.Proposal);

    private static OutcomeText Explain(RoundOutcome outcome, ProposalResult result, Dictionary<ProposalId, ProposalResult> byId)
    {
        var explanation = result.Explanation;
        var support = result.Support;
        return explanation.Kind switch
        {
            ExplanationKind.Won => new OutcomeText(
                $"Gekozen: {Dutch.Count(support, outcome.Measure)}; paste in het resterende budget van {explanation.RemainingBefore.ToDutchString()}."
                    + WonTieClause(outcome, result, byId, Language.Dutch),
                $"Won: {English.Count(support, outcome.Measure)}; fitted in the remaining budget of {explanation.RemainingBefore.ToEnglishString()}."
                    + WonTieClause(outcome, result, byId, Language.English)),
            ExplanationKind.DidNotFit => new OutcomeText(
                $"Niet gekozen: kost {result.Cost.ToDutchString()} en paste niet meer in het resterende budget van {explanation.RemainingBefore.ToDutchString()}"
                    + Outranked(outcome, result, byId, Language.Dutch) + "." + LostTieClause(outcome, result, byId, Language.Dutch),
                $"Not chosen: costs {result.Cost.ToEnglishString()} and did not fit in the remaining budget of {explanation.RemainingBefore.ToEnglishString()}"
                    + Outranked(outcome, result, byId, Language.English) + "." + LostTieClause(outcome, result, byId, Language.English)),
            ExplanationKind.BelowMinimumSupport => new OutcomeText(
                $"Niet gekozen: {Dutch.Count(support, outcome.Measure)}, minder dan het minimum van {Dutch.Number(explanation.MinimumSupport)}.",
                $"Not chosen: {English.Count(support, outcome.Measure)}, fewer than the minimum of {English.Number(explanation.MinimumSupport)}."),
            _ => throw new ArgumentOutOfRangeException(nameof(result), explanation.Kind, "Unknown kind of explanation."),
        };
    }

    /// <summary>" (fewer votes than 3, 5 and 7)": the funded proposals that simply had more support.</summary>
    private static string Outranked(RoundOutcome outcome, ProposalResult result, Dictionary<ProposalId, ProposalResult> byId, Language language)
    {
        var stronger = result.Explanation.OutrankedBy.Where(id => byId[id].Support > result.Support).ToList();
        if (stronger.Count == 0)
        {
            return "";
        }

        var points = outcome.Measure == SupportMeasure.Points;
        return language == Language.Dutch
            ? $" (minder {(points ? "punten" : "stemmen")} dan {Dutch.List(stronger)})"
            : $" (fewer {(points ? "points" : "votes")} than {English.List(stronger)})";
    }

    /// <summary>A winner mentions the equally supported proposals it went before that were then left out.</summary>
    private static string WonTieClause(RoundOutcome outcome, ProposalResult result, Dictionary<ProposalId, ProposalResult> byId, Language language)
    {
        var beaten = result.Explanation.TiedWith
            .Select(id => byId[id])
            .Where(other => other.Rank > result.Rank && other.Explanation.Kind == ExplanationKind.DidNotFit)
            .ToList();
        if (beaten.Count == 0)
        {
            return "";
        }

        var groups = beaten
            .GroupBy(other => Decider(outcome, result, other))
            .OrderBy(group => group.Key)
            .Select(group => (Decider: group.Key, Ids: group.Select(other => other.Proposal).ToList()));
        if (language == Language.Dutch)
        {
            return " Bij gelijke stand ging het voor op "
                + string.Join(" en op ", groups.Select(g => $"{Dutch.List(g.Ids)} omdat het {Dutch.SingularReason(g.Decider)}")) + ".";
        }

        return " In the tie it went before "
            + string.Join(" and before ", groups.Select(g => $"{English.List(g.Ids)} because it {English.SingularReason(g.Decider)}")) + ".";
    }

    /// <summary>A proposal that did not fit mentions the equally supported proposals that went first and were funded.</summary>
    private static string LostTieClause(RoundOutcome outcome, ProposalResult result, Dictionary<ProposalId, ProposalResult> byId, Language language)
    {
        var winners = result.Explanation.TiedWith
            .Select(id => byId[id])
            .Where(other => other.Rank < result.Rank && other.Won)
            .ToList();
        if (winners.Count == 0)
        {
            return "";
        }

        var clauses = winners
            .GroupBy(other => Decider(outcome, other, result))
            .OrderBy(group => group.Key)
            .Select(group =>
            {
                var ids = group.Select(other => other.Proposal).ToList();
                return language == Language.Dutch
                    ? ids.Count == 1
                        ? $"ging {Dutch.List(ids)} voor omdat dat {Dutch.SingularReason(group.Key)}"
                        : $"gingen {Dutch.List(ids)} voor omdat die {Dutch.PluralReason(group.Key)}"
                    : ids.Count == 1
                        ? $"{English.List(ids)} went first because it {English.SingularReason(group.Key)}"
                        : $"{English.List(ids)} went first because they {English.PluralReason(group.Key)}";
            });
        return language == Language.Dutch
            ? " Bij gelijke stand " + string.Join("; ", clauses) + "."
            : " In the tie, " + string.Join("; ", clauses) + ".";
    }

    private static TieDecider Decider(RoundOutcome outcome, ProposalResult ahead, ProposalResult behind) =>
        TieBreaking.Decider(ahead.Proposal, ahead.Cost, ahead.Voters, behind.Proposal, behind.Cost, behind.Voters, outcome.TieBreak);

    private enum Language
    {
        Dutch = 0,
        English = 1,
    }

    private static class Dutch
    {
        public static string Count(long support, SupportMeasure measure) =>
            measure == SupportMeasure.Points
                ? $"{Number(support)} {(support == 1 ? "punt" : "punten")}"
                : $"{Number(support)} {(support == 1 ? "stem" : "stemmen")}";

        public static string Number(long value) =>
            value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", ".", StringComparison.Ordinal);

        public static string List(IReadOnlyList<ProposalId> ids) => Enumerate(ids, " en ");

        public static string SingularReason(TieDecider decider) => decider switch
        {
            TieDecider.LowerCost => "goedkoper is",
            TieDecider.MoreVoters => "meer stemmers heeft",
            _ => "een nummer heeft dat als tekst eerder komt",
        };

        public static string PluralReason(TieDecider decider) => decider switch
        {
            TieDecider.LowerCost => "goedkoper zijn",
            TieDecider.MoreVoters => "meer stemmers hebben",
            _ => "nummers hebben die als tekst eerder komen",
        };
    }

    private static class English
    {
        public static string Count(long support, SupportMeasure measure) =>
            measure == SupportMeasure.Points
                ? $"{Number(support)} {(support == 1 ? "point" : "points")}"
                : $"{Number(support)} {(support == 1 ? "vote" : "votes")}";

        public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

        public static string List(IReadOnlyList<ProposalId> ids) => Enumerate(ids, " and ");

        public static string SingularReason(TieDecider decider) => decider switch
        {
            TieDecider.LowerCost => "is cheaper",
            TieDecider.MoreVoters => "has more voters",
            _ => "has a number that comes first as text",
        };

        public static string PluralReason(TieDecider decider) => decider switch
        {
            TieDecider.LowerCost => "are cheaper",
            TieDecider.MoreVoters => "have more voters",
            _ => "have numbers that come first as text",
        };
    }

    private static string Enumerate(IReadOnlyList<ProposalId> ids, string lastSeparator)
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
