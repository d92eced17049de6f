using System.Collections.Immutable;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Something a person asks of a round. <see cref="By"/> is who asks (a keyed hash).
/// Who may ask (role, wijk) is checked before a command reaches the round; what the round
/// allows (phase, authorship, budget) is checked by <see cref="BudgetRound.Decide"/>.</summary>
public abstract record RoundCommand(ParticipantKey By);

// The round's life
public sealed record CreateRound(ParticipantKey By, RoundId RoundId, District District, string Title, RoundRules Rules) : RoundCommand(By);
public sealed record ChangeRules(ParticipantKey By, RoundRules Rules) : RoundCommand(By);
public sealed record OpenSubmission(ParticipantKey By) : RoundCommand(By);
public sealed record StartReview(ParticipantKey By) : RoundCommand(By);
public sealed record OpenVoting(ParticipantKey By) : RoundCommand(By);
public sealed record CloseVoting(ParticipantKey By) : RoundCommand(By);
public sealed record StartSpending(ParticipantKey By) : RoundCommand(By);
public sealed record CloseRound(ParticipantKey By) : RoundCommand(By);

/// <summary>Sets the moments the round moves on by itself, until voting opens (<see cref="RoundCalendar"/>).</summary>
public sealed record SetCalendar(ParticipantKey By, RoundCalendar Calendar) : RoundCommand(By);

/// <summary>Removes the round's calendar, until voting opens: the round then moves on only by hand.</summary>
public sealed record ClearCalendar(ParticipantKey By) : RoundCommand(By);

/// <summary>Takes the phase steps whose calendar moment has come; nothing when none has (the round already moved).
/// Sent by the round's reminder, by <see cref="ParticipantKey.System"/>.</summary>
public sealed record FollowCalendar(ParticipantKey By) : RoundCommand(By);

/// <summary>Replaces the round's voter register (keyed hashes of the people who may vote) until voting opens.</summary>
/// <param name="Codes">Letter codes bound to persons of <paramref name="Voters"/>: one person, whichever channel they
/// vote by (see <see cref="Participants.ParticipantResolution"/>).</param>
public sealed record ImportVoterRegister(ParticipantKey By, ImmutableArray<ParticipantKey> Voters, ImmutableArray<Participants.CodeBinding> Codes = default) : RoundCommand(By);

// Proposals (residents)
public sealed record SubmitProposal(ParticipantKey By, ProposalContent Content) : RoundCommand(By);
public sealed record EditProposal(ParticipantKey By, ProposalId Proposal, ProposalContent Content) : RoundCommand(By);
public sealed record WithdrawProposal(ParticipantKey By, ProposalId Proposal) : RoundCommand(By);

// Review (coordinators)
public sealed record MarkFeasible(ParticipantKey By, ProposalId Proposal, Money ApprovedCost, string? Note) : RoundCommand(By);
public sealed record MarkInfeasible(ParticipantKey By, ProposalId Proposal, string Reason) : RoundCommand(By);
public sealed record MergeProposals(ParticipantKey By, ProposalId Duplicate, ProposalId Into, string? Note) : RoundCommand(By);

// Voting (residents): the person's one ballot, replaced by each later cast through any channel until voting closes.
/// <param name="By">The credential: a signed-in resident's keyed hash, or (any other channel) a letter code's keyed
/// hash, which the round accepts only if it knows the code and stores under the person the code is bound to.</param>
/// <param name="Channel">The way the ballot came.</param>
public sealed record CastBallot(ParticipantKey By, ImmutableArray<BallotChoice> Choices, BallotChannel Channel = BallotChannel.SignIn) : RoundCommand(By)
{
    /// <summary>Whether <see cref="RoundCommand.By"/> is a letter code rather than a signed-in resident.</summary>
    public bool ByVotingCode => Channel != BallotChannel.SignIn;
}

// Voting codes by post (coordinators)
/// <param name="Codes">The keyed hashes of the new codes; the plain codes never reach the round.</param>
public sealed record IssueVotingCodes(ParticipantKey By, ImmutableArray<ParticipantKey> Codes) : RoundCommand(By);

// Audit (auditors)
/// <summary>Records an auditor's recount: <paramref name="Recomputed"/> is the outcome computed again from the stored
/// events before the published one, which go up to <paramref name="ThroughSequence"/>. The round compares it with the
/// outcome it published.</summary>
public sealed record RecordRecount(ParticipantKey By, RoundOutcome Recomputed, long ThroughSequence) : RoundCommand(By);

/// <summary>Closes the audit of a closed round. <paramref name="HeadSequence"/> and <paramref name="HeadHash"/> are the
/// last event of the log the auditor checked and its chain hash; the round refuses a sign-off of a log that has grown
/// since.</summary>
public sealed record SignOffAudit(
    ParticipantKey By,
    AuditVerdict Verdict,
    ImmutableArray<AuditFinding> Findings,
    long HeadSequence,
    string HeadHash) : RoundCommand(By);

// Spending (coordinators), once the round is spending
/// <summary>Records a spend on a funded project; a second, different coordinator approves it.</summary>
public sealed record RecordSpend(
    ParticipantKey By,
    ProposalId Proposal,
    Money Amount,
    string Description,
    string Supplier,
    string InvoiceReference,
    DateOnly InvoiceDate,
    string? AttachmentReference,
    string? ByName = null) : RoundCommand(By);

/// <param name="ByName">The coordinator's display name, as their token gives it; kept with the spend so that the
/// wijk's coordinators see who recorded and who decided it.</param>
public sealed record ApproveSpend(ParticipantKey By, int Spend, string? ByName = null) : RoundCommand(By);
public sealed record RejectSpend(ParticipantKey By, int Spend, string Reason, string? ByName = null) : RoundCommand(By);
public sealed record ApproveOverrun(ParticipantKey By, ProposalId Proposal, Money Amount, string Reason) : RoundCommand(By);
public sealed record ReportProgress(ParticipantKey By, ProposalId Proposal, ProjectStatus Status, int PercentComplete, string? Milestone) : RoundCommand(By);
