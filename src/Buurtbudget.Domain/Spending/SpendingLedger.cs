using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Spending;

/// <summary>Where a spend stands under the four-eyes rule.</summary>
public enum SpendStatus
{
    /// <summary>Recorded by one coordinator, awaiting approval by another. Counts against the project's limit already,
    /// so two spends waiting side by side can never together pass it.</summary>
    Pending = 0,

    /// <summary>Approved by a second, different coordinator: money spent.</summary>
    Approved = 1,

    /// <summary>Refused (or withdrawn by the coordinator who recorded it), with a reason; counts for nothing.</summary>
    Rejected = 2,
}

/// <summary>How a funded project is coming along, as coordinators report it to residents.</summary>
public enum ProjectStatus
{
    Planned = 0,
    InProgress = 1,
    OnHold = 2,
    Completed = 3,
}

/// <summary>One invoice paid (or to be paid) from the round's budget for a funded project.</summary>
/// <param name="Number">1 for the round's first spend, 2 for the next, and so on.</param>
/// <param name="AttachmentReference">Where the invoice itself is kept (a document number or a link in the
/// municipality's records system); the platform stores the reference, never the document.</param>
/// <param name="RecordedByName">The recording coordinator's display name, when their token gave one.</param>
/// <param name="DecidedByName">The deciding coordinator's display name, when their token gave one.</param>
public sealed record Spend(
    int Number,
    ProposalId Proposal,
    Money Amount,
    string Description,
    string Supplier,
    string InvoiceReference,
    DateOnly InvoiceDate,
    string? AttachmentReference,
    ParticipantKey RecordedBy,
    DateTimeOffset RecordedAt,
    SpendStatus Status = SpendStatus.Pending,
    ParticipantKey? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? RejectionReason = null,
    string? RecordedByName = null,
    string? DecidedByName = null)
{
    /// <summary>Whether it counts against the project's limit and the budget: pending or approved.</summary>
    public bool Counts => Status != SpendStatus.Rejected;
}

/// <summary>Permission for a project to cost more than its approved cost, with the reason it was given.</summary>
public sealed record OverrunApproval(ProposalId Proposal, Money Amount, string Reason, ParticipantKey By, DateTimeOffset At);

/// <summary>A step reported on the way to a finished project.</summary>
public sealed record Milestone(string Text, ProjectStatus Status, int PercentComplete, DateTimeOffset At);

public sealed record ProjectProgress(ProposalId Proposal, ProjectStatus Status, int PercentComplete, ImmutableArray<Milestone> Milestones, DateTimeOffset UpdatedAt)
{
    public ImmutableArray<Milestone> Milestones { get; init; } = Milestones.IsDefault ? [] : Milestones;
}

/// <summary>The round's accounts once voting has decided what is funded: spends, overrun approvals and progress.
/// A round has tens of these, not thousands, so plain arrays in the order they happened are enough.</summary>
/// <remarks>The budget holds by construction: a project's counted spend never passes its limit (approved cost plus
/// approved overruns), and an overrun is only approved while the limits of all funded projects together stay within the
/// budget.</remarks>
public sealed record SpendingLedger
{
    public static SpendingLedger Empty { get; } = new();

    public ImmutableArray<Spend> Spends { get; init; } = [];

    public ImmutableArray<OverrunApproval> Overruns { get; init; } = [];

    public ImmutableArray<ProjectProgress> Progress { get; init; } = [];

    /// <summary>Approved spend of the whole round (spends go only to funded projects).</summary>
    public Money Approved => Money.Sum(Spends.Where(spend => spend.Status == SpendStatus.Approved).Select(spend => spend.Amount));

    /// <summary>Spend of the whole round awaiting its second coordinator.</summary>
    public Money Pending => Money.Sum(Spends.Where(spend => spend.Status == SpendStatus.Pending).Select(spend => spend.Amount));

    public Spend? Find(int number) => number >= 1 && number <= Spends.Length ? Spends[number - 1] : null;

    /// <summary>What a funded project may cost: its approved cost plus every overrun approved for it.</summary>
    public Money LimitOf(ProposalResult funded)
    {
        ArgumentNullException.ThrowIfNull(funded);
        return funded.Cost + OverrunsFor(funded.Proposal);
    }

    public Money OverrunsFor(ProposalId proposal) => Money.Sum(Overruns.Where(o => o.Proposal == proposal).Select(o => o.Amount));

    /// <summary>Pending and approved spend on the project.</summary>
    public Money CountedFor(ProposalId proposal) => Sum(proposal, spend => spend.Counts);

    public Money ApprovedFor(ProposalId proposal) => Sum(proposal, spend => spend.Status == SpendStatus.Approved);

    public Money PendingFor(ProposalId proposal) => Sum(proposal, spend => spend.Status == SpendStatus.Pending);

    public ProjectProgress? ProgressOf(ProposalId proposal) => Progress.FirstOrDefault(p => p.Proposal == proposal);

    private Money Sum(ProposalId proposal, Func<Spend, bool> include) =>
        Money.Sum(Spends.Where(spend => spend.Proposal == proposal && include(spend)).Select(spend => spend.Amount));
}
