using System.Globalization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Spending;

/// <summary>What coordinators decide about the money once a round is spending: spends under four eyes, overruns with a
/// reason, and progress for residents.</summary>
internal static class SpendingDecisions
{
    public const int DescriptionMaxLength = 1_000;
    public const int SupplierMaxLength = 200;
    public const int InvoiceReferenceMaxLength = 100;
    public const int AttachmentReferenceMaxLength = 500;
    public const int ReasonMaxLength = 2_000;
    public const int MilestoneMaxLength = 500;

    /// <summary>An invoice dated later than the day it is recorded is a typo; a day's grace covers every time zone.</summary>
    private static readonly TimeSpan InvoiceDateGrace = TimeSpan.FromDays(1);

    /// <summary>Dutch law keeps invoices for seven years; one older than that cannot be a round's spend, and a date such
    /// as 0001-01-01 is an unset field, not an invoice.</summary>
    public const int InvoiceMaxAgeYears = 7;

    public static Decision Record(RoundState state, RecordSpend command, DateTimeOffset now)
    {
        if ((PhaseRules.Require(state, command, RoundPhase.Spending) ?? Funded(state, command.Proposal, out _)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        if (CheckAmount(command.Amount, "amount") is { } badAmount)
        {
            return Decision.Reject(badAmount);
        }

        if (TextRules.Check(command.Description, "description", 1, DescriptionMaxLength, multiline: true, out var description) is { } badDescription)
        {
            return Decision.Reject(badDescription);
        }

        if (TextRules.Check(command.Supplier, "supplier", 1, SupplierMaxLength, multiline: false, out var supplier) is { } badSupplier)
        {
            return Decision.Reject(badSupplier);
        }

        if (TextRules.Check(command.InvoiceReference, "invoiceReference", 1, InvoiceReferenceMaxLength, multiline: false, out var invoiceReference) is { } badInvoice)
        {
            return Decision.Reject(badInvoice);
        }

        if (TextRules.CheckOptional(command.AttachmentReference, "attachmentReference", AttachmentReferenceMaxLength, out var attachmentReference) is { } badAttachment)
        {
            return Decision.Reject(badAttachment);
        }

        var latest = DateOnly.FromDateTime((now + InvoiceDateGrace).UtcDateTime);
        if (command.InvoiceDate > latest)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvoiceDateInFuture, ("date", Iso(command.InvoiceDate)), ("today", Iso(DateOnly.FromDateTime(now.UtcDateTime)))));
        }

        var earliest = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-InvoiceMaxAgeYears);
        if (command.InvoiceDate < earliest)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvoiceDateTooOld, ("date", Iso(command.InvoiceDate)), ("earliest", Iso(earliest))));
        }

        var limit = LimitOf(state, command.Proposal);
        var counted = state.Spending.CountedFor(command.Proposal);
        if (counted + command.Amount > limit)
        {
            return Decision.Reject(DomainError.Of(
                RoundErrors.SpendOverLimit,
                ("proposal", command.Proposal),
                ("amount", command.Amount),
                ("limit", limit),
                ("counted", counted),
                ("remaining", limit - counted)));
        }

        return Decision.Accept(new SpendRecorded(
            state.Spending.Spends.Length + 1,
            command.Proposal,
            command.Amount,
            description,
            supplier,
            invoiceReference,
            command.InvoiceDate,
            attachmentReference,
            command.By,
            now,
            command.ByName));
    }

    /// <summary>Four eyes: a spend is approved by a coordinator other than the one who recorded it.</summary>
    public static Decision Approve(RoundState state, ApproveSpend command, DateTimeOffset now)
    {
        if (PhaseRules.Require(state, command, RoundPhase.Spending) is { } wrongPhase)
        {
            return Decision.Reject(wrongPhase);
        }

        if (Pending(state, command.Spend, out var spend) is { } notPending)
        {
            return Decision.Reject(notPending);
        }

        return spend.RecordedBy == command.By
            ? Decision.Reject(DomainError.Of(RoundErrors.SpendNeedsSecondCoordinator, ("spend", spend.Number)))
            : Decision.Accept(new SpendApproved(spend.Number, command.By, now, command.ByName));
    }

    /// <summary>Any coordinator of the wijk may refuse a spend, the one who recorded it included (withdrawing a mistake
    /// spends nothing); the reason is kept.</summary>
    public static Decision Reject(RoundState state, RejectSpend command, DateTimeOffset now)
    {
        if (PhaseRules.Require(state, command, RoundPhase.Spending) is { } wrongPhase)
        {
            return Decision.Reject(wrongPhase);
        }

        if (Pending(state, command.Spend, out var spend) is { } notPending)
        {
            return Decision.Reject(notPending);
        }

        return TextRules.Check(command.Reason, "reason", 1, ReasonMaxLength, multiline: true, out var reason) is { } badReason
            ? Decision.Reject(badReason)
            : Decision.Accept(new SpendRejected(spend.Number, reason, command.By, now, command.ByName));
    }

    /// <summary>Lets a project cost more than its approved cost, with a reason, as long as the limits of all funded
    /// projects together stay within the round's budget.</summary>
    public static Decision ApproveOverrun(RoundState state, ApproveOverrun command, DateTimeOffset now)
    {
        if ((PhaseRules.Require(state, command, RoundPhase.Spending) ?? Funded(state, command.Proposal, out _) ?? CheckAmount(command.Amount, "amount")) is { } refused)
        {
            return Decision.Reject(refused);
        }

        if (TextRules.Check(command.Reason, "reason", 1, ReasonMaxLength, multiline: true, out var reason) is { } badReason)
        {
            return Decision.Reject(badReason);
        }

        var outcome = state.Outcome!;
        var limits = Money.Sum(outcome.Winners.Select(state.Spending.LimitOf));
        var available = outcome.Budget - limits;
        return command.Amount > available
            ? Decision.Reject(DomainError.Of(RoundErrors.OverrunOverBudget, ("proposal", command.Proposal), ("amount", command.Amount), ("available", available), ("budget", outcome.Budget)))
            : Decision.Accept(new OverrunApproved(command.Proposal, command.Amount, reason, command.By, now));
    }

    public static Decision ReportProgress(RoundState state, ReportProgress command, DateTimeOffset now)
    {
        if ((PhaseRules.Require(state, command, RoundPhase.Spending) ?? Funded(state, command.Proposal, out _)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        if (!Enum.IsDefined(command.Status))
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvalidProgress, ("reason", InvalidProgressReasons.UnknownStatus), ("value", (int)command.Status)));
        }

        if (command.PercentComplete is < 0 or > 100)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvalidProgress, ("reason", InvalidProgressReasons.PercentOutOfRange), ("value", command.PercentComplete)));
        }

        if (command.Status == ProjectStatus.Completed && command.PercentComplete != 100)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvalidProgress, ("reason", InvalidProgressReasons.CompletedBelowHundred), ("value", command.PercentComplete)));
        }

        return TextRules.CheckOptional(command.Milestone, "milestone", MilestoneMaxLength, out var milestone) is { } badMilestone
            ? Decision.Reject(badMilestone)
            : Decision.Accept(new ProgressReported(command.Proposal, command.Status, command.PercentComplete, milestone, command.By, now));
    }

    private static Money LimitOf(RoundState state, ProposalId proposal) => state.Spending.LimitOf(state.Outcome!.Results.First(r => r.Proposal == proposal));

    /// <summary>Spending goes only to proposals the outcome funded.</summary>
    private static DomainError? Funded(RoundState state, ProposalId proposal, out ProposalResult? result)
    {
        result = state.Outcome?.Results.FirstOrDefault(r => r.Proposal == proposal && r.Won);
        return result is not null ? null : DomainError.Of(RoundErrors.ProjectNotFunded, ("proposal", proposal));
    }

    private static DomainError? Pending(RoundState state, int number, out Spend spend)
    {
        if (state.Spending.Find(number) is not { } found)
        {
            spend = null!;
            return DomainError.Of(RoundErrors.SpendNotFound, ("spend", number));
        }

        spend = found;
        return spend.Status == SpendStatus.Pending
            ? null
            : DomainError.Of(RoundErrors.SpendAlreadyDecided, ("spend", number), ("status", SpendingNames.Of(spend.Status)));
    }

    private static DomainError? CheckAmount(Money amount, string field) =>
        amount.IsPositive && amount <= Money.Ceiling
            ? null
            : DomainError.Of(RoundErrors.AmountOutOfRange, ("field", field), ("value", amount), ("max", Money.Ceiling));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.InvalidProgress"/>.</summary>
public static class InvalidProgressReasons
{
    public const string UnknownStatus = "unknown-status";
    public const string PercentOutOfRange = "percent-out-of-range";
    public const string CompletedBelowHundred = "completed-below-hundred";
}

/// <summary>The statuses as the API and the texts name them.</summary>
public static class SpendingNames
{
    public static string Of(SpendStatus status) => status switch
    {
        SpendStatus.Pending => "pending",
        SpendStatus.Approved => "approved",
        SpendStatus.Rejected => "rejected",
        _ => status.ToString(),
    };

    public static string Of(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => "planned",
        ProjectStatus.InProgress => "in-progress",
        ProjectStatus.OnHold => "on-hold",
        ProjectStatus.Completed => "completed",
        _ => status.ToString(),
    };

    public static bool TryParse(string? name, out ProjectStatus status)
    {
        foreach (var candidate in Enum.GetValues<ProjectStatus>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
