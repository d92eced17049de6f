using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.Rounds;

// Wire types of the rounds API, kept apart from the domain's records: the domain may change shape, the API may not.

public sealed record CreateRoundRequest(string? DistrictCode, string? DistrictName, string? MunicipalityName, string? Title, RulesDto? Rules);

public sealed record MovePhaseRequest(string? To);

/// <summary>The moments a round moves on by itself: ISO 8601 with an offset, e.g. 2027-03-01T09:00:00+01:00. Each must
/// come after the one before it. Submission closing starts the review.</summary>
public sealed record CalendarDto(DateTimeOffset? SubmissionOpens, DateTimeOffset? SubmissionCloses, DateTimeOffset? VotingOpens, DateTimeOffset? VotingCloses);

public sealed record DistrictDto(string Code, string Name, string MunicipalityCode, string MunicipalityName);

/// <summary>Money is always in whole eurocents (1250000 = € 12.500,00).</summary>
public sealed record RulesDto(
    long? BudgetCents,
    BallotMethodDto? BallotMethod,
    string? OutcomeRule = null,
    string? TieBreak = null,
    long? MinimumSupport = null,
    bool? LiveTallyVisible = null,
    EligibilityDto? Eligibility = null);

/// <param name="MinimumAge">Age a voter must have reached on the day they vote; null for none.</param>
/// <param name="BusinessOwnersAdmitted">Business owners with a business in the wijk vote too (business parks).</param>
/// <param name="RegisterRequired">Only voters in the imported voter register vote.</param>
public sealed record EligibilityDto(int? MinimumAge = null, bool? BusinessOwnersAdmitted = null, bool? RegisterRequired = null);

/// <param name="Kind">approval-within-budget, approval-at-most-k or cumulative-points.</param>
public sealed record BallotMethodDto(string? Kind, int? MinCount = null, int? MaxCount = null, int? K = null, int? Points = null, int? MaxPerProposal = null);

/// <param name="Integrity">"intact", or "broken" when the round's stored event log fails its hash chain: what it shows
/// may have been changed behind the platform's back, and it takes no changes until the log is restored.</param>
/// <param name="BrokenAtSequence">The first event at fault when broken; null when intact.</param>
/// <param name="VotingCloses">When voting closes by the round's calendar; null when its coordinators close it by hand.</param>
public sealed record RoundSummaryDto(
    RoundId Id,
    string Title,
    DistrictDto District,
    string Phase,
    long BudgetCents,
    int ProposalCount,
    long Turnout,
    string Integrity,
    long? BrokenAtSequence,
    DateTimeOffset? VotingCloses = null);

/// <param name="Integrity">As on <see cref="RoundSummaryDto"/>.</param>
/// <param name="BrokenAtSequence">As on <see cref="RoundSummaryDto"/>.</param>
/// <param name="Calendar">When the round moves on by itself; null when its coordinators move it by hand only. Frozen,
/// like the rules, once voting opens.</param>
public sealed record RoundDto(
    RoundId Id,
    string Title,
    DistrictDto District,
    string Phase,
    RulesDto Rules,
    bool RulesFrozen,
    int ProposalCount,
    int FeasibleCount,
    long Turnout,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? VotingOpenedAt,
    DateTimeOffset? VotingClosedAt,
    IReadOnlyList<string> NextPhases,
    string Integrity,
    long? BrokenAtSequence,
    CalendarDto? Calendar = null);

internal static class RoundMapping
{
    private static readonly ImmutableArray<(string Name, RoundPhase Phase)> PhaseNames =
    [
        ("draft", RoundPhase.Draft),
        ("submission", RoundPhase.Submission),
        ("review", RoundPhase.Review),
        ("voting", RoundPhase.Voting),
        ("tallied", RoundPhase.Tallied),
        ("spending", RoundPhase.Spending),
        ("closed", RoundPhase.Closed),
    ];

    public static string AllowedPhaseNames => string.Join(", ", PhaseNames.Select(p => p.Name));

    public static string Name(RoundPhase phase) => PhaseNames.First(p => p.Phase == phase).Name;

    public static bool TryParsePhase(string? text, out RoundPhase phase)
    {
        foreach (var (name, value) in PhaseNames)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                phase = value;
                return true;
            }
        }

        phase = default;
        return false;
    }

    public static DistrictDto ToDto(this Domain.Districts.District district) =>
        new(district.Code.Value, district.Name, district.Municipality.Value, district.MunicipalityName);

    public static RoundSummaryDto ToDto(this RoundSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.Id, summary.Title, summary.District.ToDto(), Name(summary.Phase), summary.Budget.Cents, summary.ProposalCount, summary.Turnout,
            IntegrityName(summary.Integrity), summary.BrokenAt, summary.VotingCloses);
    }

    /// <summary>The round a committed command left: intact, because a round whose chain is broken commits nothing.</summary>
    public static RoundDto ToDto(this CommandResult committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        return committed.Round.ToDto(RoundIntegrity.Intact);
    }

    public static RoundDto ToDto(this RoundOverview state, RoundIntegrity integrity) =>
        new(
            state.Id,
            state.Title,
            state.District!.ToDto(),
            Name(state.Phase),
            state.Rules!.ToDto(),
            state.RulesFrozen,
            state.Proposals.Count,
            state.Proposals.Values.Count(p => p.IsOnBallot),
            state.Tally.Turnout,
            state.CreatedAt,
            state.VotingOpenedAt,
            state.VotingClosedAt,
            state.Phase == RoundPhase.Closed ? [] : [Name(state.Phase + 1)],
            IntegrityName(integrity),
            integrity.BrokenAt,
            state.Calendar is { } calendar
                ? new CalendarDto(calendar.SubmissionOpens, calendar.SubmissionCloses, calendar.VotingOpens, calendar.VotingCloses)
                : null);

    /// <summary>Reads a calendar from the wire: every moment is required. Their order is the round's rule, checked by
    /// the round.</summary>
    public static (RoundCalendar? Calendar, DomainError? Error) ToDomain(this CalendarDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        if (dto.SubmissionOpens is not { } submissionOpens)
        {
            return (null, Missing(RoundCalendar.SubmissionOpensField));
        }

        if (dto.SubmissionCloses is not { } submissionCloses)
        {
            return (null, Missing(RoundCalendar.SubmissionClosesField));
        }

        if (dto.VotingOpens is not { } votingOpens)
        {
            return (null, Missing(RoundCalendar.VotingOpensField));
        }

        if (dto.VotingCloses is not { } votingCloses)
        {
            return (null, Missing(RoundCalendar.VotingClosesField));
        }

        return (new RoundCalendar(submissionOpens, submissionCloses, votingOpens, votingCloses), null);
    }

    internal static string IntegrityName(RoundIntegrity integrity) => integrity.IsIntact ? "intact" : "broken";

    public static RulesDto ToDto(this RoundRules rules) =>
        new(
            rules.Budget.Cents,
            rules.Method switch
            {
                ApprovalWithinBudget m => new BallotMethodDto("approval-within-budget", MinCount: m.MinCount, MaxCount: m.MaxCount),
                ApprovalAtMostK m => new BallotMethodDto("approval-at-most-k", K: m.K),
                CumulativePoints m => new BallotMethodDto("cumulative-points", Points: m.Points, MaxPerProposal: m.MaxPerProposal),
                _ => throw new InvalidOperationException($"Unknown ballot method {rules.Method.GetType().Name}."),
            },
            OutcomeRuleName(rules.Rule),
            TieBreakName(rules.TieBreak),
            rules.MinimumSupport,
            rules.LiveTallyVisible,
            rules.Eligibility is { } eligibility
                ? new EligibilityDto(eligibility.MinimumAge, eligibility.BusinessOwnersAdmitted, eligibility.RegisterRequired)
                : new EligibilityDto(null, false, false));

    public static string OutcomeRuleName(OutcomeRule rule) => OutcomeRuleNames.Name(rule);

    public static string TieBreakName(TieBreak tieBreak) => OutcomeRuleNames.Name(tieBreak);

    /// <summary>Reads rules from the wire; what is left out keeps the value of <paramref name="current"/>
    /// (or the default for a new round). Returns the first thing wrong as a domain error.</summary>
    public static (RoundRules? Rules, DomainError? Error) ToDomain(this RulesDto? dto, RoundRules? current)
    {
        if (dto is null)
        {
            return current is null ? (null, Missing("rules")) : (current, null);
        }

        var budgetCents = dto.BudgetCents ?? current?.Budget.Cents;
        if (budgetCents is null)
        {
            return (null, Missing("rules.budgetCents"));
        }

        BallotMethod? method = current?.Method;
        if (dto.BallotMethod is { } m)
        {
            switch (m.Kind)
            {
                case "approval-within-budget":
                    method = new ApprovalWithinBudget(m.MinCount, m.MaxCount);
                    break;
                case "approval-at-most-k" when m.K is { } k:
                    method = new ApprovalAtMostK(k);
                    break;
                case "approval-at-most-k":
                    return (null, Missing("rules.ballotMethod.k"));
                case "cumulative-points" when m.Points is { } points:
                    method = new CumulativePoints(points, m.MaxPerProposal);
                    break;
                case "cumulative-points":
                    return (null, Missing("rules.ballotMethod.points"));
                case null:
                    return (null, Missing("rules.ballotMethod.kind"));
                default:
                    return (null, Invalid("rules.ballotMethod.kind", m.Kind, "approval-within-budget, approval-at-most-k, cumulative-points"));
            }
        }

        if (method is null)
        {
            return (null, Missing("rules.ballotMethod"));
        }

        var rule = current?.Rule ?? OutcomeRule.Greedy;
        if (dto.OutcomeRule is { } ruleName && !OutcomeRuleNames.TryParseRule(ruleName, out rule))
        {
            return (null, Invalid("rules.outcomeRule", ruleName, string.Join(", ", OutcomeRuleNames.AllRules)));
        }

        var tieBreak = current?.TieBreak ?? TieBreak.EqualShares;
        if (dto.TieBreak is { } tieBreakName && !OutcomeRuleNames.TryParseTieBreak(tieBreakName, out tieBreak))
        {
            return (null, Invalid("rules.tieBreak", tieBreakName, string.Join(", ", OutcomeRuleNames.AllTieBreaks)));
        }

        return (new RoundRules(
            new Money(budgetCents.Value),
            method,
            rule,
            tieBreak,
            dto.MinimumSupport ?? current?.MinimumSupport ?? 1,
            dto.LiveTallyVisible ?? current?.LiveTallyVisible ?? false,
            Eligibility(dto.Eligibility, current?.Eligibility)), null);
    }

    /// <summary>Left-out members keep their current value; a minimum age is removed by sending 0.</summary>
    private static Eligibility? Eligibility(EligibilityDto? dto, Eligibility? current)
    {
        if (dto is null)
        {
            return current;
        }

        var minimumAge = dto.MinimumAge is { } age ? (age == 0 ? null : age) : current?.MinimumAge;
        return new Eligibility(
            minimumAge,
            dto.BusinessOwnersAdmitted ?? current?.BusinessOwnersAdmitted ?? false,
            dto.RegisterRequired ?? current?.RegisterRequired ?? false);
    }

    public static DomainError Missing(string field) => DomainError.Of(Problems.ProblemCatalog.MissingField, ("field", field));

    public static DomainError Invalid(string field, string? value, string allowed) =>
        DomainError.Of(Problems.ProblemCatalog.InvalidValue, ("field", field), ("value", value), ("allowed", allowed));
}
