using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Api.Spending;

/// <param name="AmountCents">Whole eurocents, including VAT as invoiced: 1250000 is € 12.500,00.</param>
/// <param name="InvoiceDate">The date on the invoice, yyyy-MM-dd.</param>
/// <param name="AttachmentReference">Optional: where the invoice is kept (document number or link).</param>
public sealed record SpendRequest(
    int? ProposalId,
    long? AmountCents,
    string? Description,
    string? Supplier,
    string? InvoiceReference,
    DateOnly? InvoiceDate,
    string? AttachmentReference = null);

public sealed record SpendRejectionRequest(string? Reason);

/// <param name="AmountCents">How much more the project may cost than its approved cost.</param>
public sealed record OverrunRequest(int? ProposalId, long? AmountCents, string? Reason);

/// <param name="Status">planned, in-progress, on-hold or completed (which goes with 100%).</param>
/// <param name="Milestone">Optional: what was reached, shown to residents with the date.</param>
public sealed record ProgressRequest(string? Status, int? PercentComplete, string? Milestone = null);

/// <summary>Where the round's money went: per funded project, and every spend with its four-eyes status.</summary>
/// <param name="LimitsCents">The funded projects' approved costs plus approved overruns: never above the budget.</param>
public sealed record SpendingDto(
    string Phase,
    long BudgetCents,
    long LimitsCents,
    long SpentCents,
    long PendingCents,
    long RemainingCents,
    IReadOnlyList<ProjectSpendingDto> Projects,
    IReadOnlyList<SpendDto> Spends);

public sealed record ProjectSpendingDto(
    int ProposalId,
    string Title,
    long ApprovedCostCents,
    long LimitCents,
    long SpentCents,
    long PendingCents,
    string Status,
    int PercentComplete,
    IReadOnlyList<MilestoneDto> Milestones,
    IReadOnlyList<OverrunDto> Overruns);

public sealed record MilestoneDto(string Text, string Status, int PercentComplete, DateTimeOffset At);

public sealed record OverrunDto(long AmountCents, string Reason, DateTimeOffset At);

/// <param name="Status">pending (awaiting a second coordinator), approved or rejected.</param>
/// <param name="RecordedBy">The display name of the coordinator who recorded it, when their token gave one.</param>
/// <param name="DecidedBy">The display name of the coordinator who approved or rejected it, when their token gave one.</param>
public sealed record SpendDto(
    int Number,
    int ProposalId,
    long AmountCents,
    string Description,
    string Supplier,
    string InvoiceReference,
    DateOnly InvoiceDate,
    string? AttachmentReference,
    string Status,
    DateTimeOffset RecordedAt,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    string? RecordedBy,
    string? DecidedBy);

internal static class SpendingMapping
{
    public static SpendingDto ToSpendingDto(this RoundOverview state)
    {
        var ledger = state.Spending;
        var winners = state.Outcome!.Winners.ToList();
        var limits = Domain.Common.Money.Sum(winners.Select(ledger.LimitOf));
        var spent = ledger.Approved;
        var pending = ledger.Pending;
        return new SpendingDto(
            Rounds.RoundMapping.Name(state.Phase),
            state.Outcome.Budget.Cents,
            limits.Cents,
            spent.Cents,
            pending.Cents,
            (state.Outcome.Budget - spent - pending).Cents,
            [.. winners.Select(w => ToDto(state, w))],
            [.. ledger.Spends.Select(ToDto)]);
    }

    public static SpendDto ToDto(this Spend spend) => new(
        spend.Number,
        spend.Proposal.Number,
        spend.Amount.Cents,
        spend.Description,
        spend.Supplier,
        spend.InvoiceReference,
        spend.InvoiceDate,
        spend.AttachmentReference,
        SpendingNames.Of(spend.Status),
        spend.RecordedAt,
        spend.DecidedAt,
        spend.RejectionReason,
        spend.RecordedByName,
        spend.DecidedByName);

    public static ProjectSpendingDto ToDto(RoundOverview state, ProposalResult funded)
    {
        var ledger = state.Spending;
        var proposal = funded.Proposal;
        var progress = ledger.ProgressOf(proposal);
        return new ProjectSpendingDto(
            proposal.Number,
            state.Proposals[proposal].Content.Title,
            funded.Cost.Cents,
            ledger.LimitOf(funded).Cents,
            ledger.ApprovedFor(proposal).Cents,
            ledger.PendingFor(proposal).Cents,
            SpendingNames.Of(progress?.Status ?? ProjectStatus.Planned),
            progress?.PercentComplete ?? 0,
            [.. (progress?.Milestones ?? []).Select(m => new MilestoneDto(m.Text, SpendingNames.Of(m.Status), m.PercentComplete, m.At))],
            [.. ledger.Overruns.Where(o => o.Proposal == proposal).Select(o => new OverrunDto(o.Amount.Cents, o.Reason, o.At))]);
    }
}
