using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A fact about a round. Events are stored forever and hash-chained, so their shape is a
/// contract: add optional members, never rename or remove. The discriminator is the stored type name.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RoundCreated), "round-created")]
[JsonDerivedType(typeof(RulesChanged), "rules-changed")]
[JsonDerivedType(typeof(SubmissionOpened), "submission-opened")]
[JsonDerivedType(typeof(ReviewStarted), "review-started")]
[JsonDerivedType(typeof(VotingOpened), "voting-opened")]
[JsonDerivedType(typeof(VotingClosed), "voting-closed")]
[JsonDerivedType(typeof(OutcomeDetermined), "outcome-determined")]
[JsonDerivedType(typeof(SpendingStarted), "spending-started")]
[JsonDerivedType(typeof(RoundClosed), "round-closed")]
[JsonDerivedType(typeof(ProposalSubmitted), "proposal-submitted")]
[JsonDerivedType(typeof(ProposalEdited), "proposal-edited")]
[JsonDerivedType(typeof(ProposalWithdrawn), "proposal-withdrawn")]
[JsonDerivedType(typeof(ProposalFoundFeasible), "proposal-found-feasible")]
[JsonDerivedType(typeof(ProposalFoundInfeasible), "proposal-found-infeasible")]
[JsonDerivedType(typeof(ProposalsMerged), "proposals-merged")]
[JsonDerivedType(typeof(BallotCast), "ballot-cast")]
[JsonDerivedType(typeof(BallotReplaced), "ballot-replaced")]
[JsonDerivedType(typeof(VoterRegisterImported), "voter-register-imported")]
[JsonDerivedType(typeof(VotingCodesIssued), "voting-codes-issued")]
[JsonDerivedType(typeof(RecountRecorded), "recount-recorded")]
[JsonDerivedType(typeof(AuditSignedOff), "audit-signed-off")]
[JsonDerivedType(typeof(SpendRecorded), "spend-recorded")]
[JsonDerivedType(typeof(SpendApproved), "spend-approved")]
[JsonDerivedType(typeof(SpendRejected), "spend-rejected")]
[JsonDerivedType(typeof(OverrunApproved), "overrun-approved")]
[JsonDerivedType(typeof(ProgressReported), "progress-reported")]
[JsonDerivedType(typeof(CalendarSet), "calendar-set")]
[JsonDerivedType(typeof(CalendarCleared), "calendar-cleared")]
[JsonDerivedType(typeof(PaperBatchOpened), "paper-batch-opened")]
[JsonDerivedType(typeof(PaperBallotEntered), "paper-ballot-entered")]
[JsonDerivedType(typeof(PaperEntryFinished), "paper-entry-finished")]
[JsonDerivedType(typeof(PaperBallotResolved), "paper-ballot-resolved")]
[JsonDerivedType(typeof(PaperBatchCommitted), "paper-batch-committed")]
// proposal images (issue 18)
[JsonDerivedType(typeof(ProposalImageAdded), "proposal-image-added")]
[JsonDerivedType(typeof(ProposalImageRemoved), "proposal-image-removed")]
[JsonDerivedType(typeof(ProposalImageHidden), "proposal-image-hidden")]
[JsonDerivedType(typeof(ProposalImageErased), "proposal-image-erased")]
// Arguments for and against proposals (Arguments/).
[JsonDerivedType(typeof(ArgumentPosted), "argument-posted")]
[JsonDerivedType(typeof(ArgumentAgreed), "argument-agreed")]
[JsonDerivedType(typeof(ArgumentHidden), "argument-hidden")]
public abstract record RoundEvent;

public sealed record RoundCreated(RoundId RoundId, District District, string Title, RoundRules Rules, ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record RulesChanged(RoundRules Rules, ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record SubmissionOpened(ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record ReviewStarted(ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>Voting opens: the rules are frozen here, together with the ballot residents will see
/// (the feasible proposals and their approved costs) and the round's calendar, when it has one.</summary>
/// <param name="FrozenCalendar">Not written when the round has no calendar, so such an event's bytes are what they were
/// before calendars existed.</param>
public sealed record VotingOpened(
    RoundRules FrozenRules,
    ImmutableArray<BallotOption> Ballot,
    ParticipantKey By,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RoundCalendar? FrozenCalendar = null) : RoundEvent;

/// <summary>A coordinator set the moments the round moves on by itself, replacing any earlier calendar.</summary>
public sealed record CalendarSet(RoundCalendar Calendar, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>A coordinator removed the calendar: from here the round moves on only by hand.</summary>
public sealed record CalendarCleared(ParticipantKey By, DateTimeOffset At) : RoundEvent;

public sealed record BallotOption(ProposalId Proposal, Money Cost);

public sealed record VotingClosed(ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>The outcome rule's result, recorded so that a recount can compare against it.</summary>
public sealed record OutcomeDetermined(RoundOutcome Outcome, DateTimeOffset At) : RoundEvent;

public sealed record SpendingStarted(ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record RoundClosed(ParticipantKey By, DateTimeOffset At) : RoundEvent;

public sealed record ProposalSubmitted(ProposalId Proposal, ParticipantKey Author, ProposalContent Content, DateTimeOffset At) : RoundEvent;
public sealed record ProposalEdited(ProposalId Proposal, ProposalContent Content, DateTimeOffset At) : RoundEvent;
public sealed record ProposalWithdrawn(ProposalId Proposal, DateTimeOffset At) : RoundEvent;
public sealed record ProposalFoundFeasible(ProposalId Proposal, Money ApprovedCost, string? Note, ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record ProposalFoundInfeasible(ProposalId Proposal, string Reason, ParticipantKey By, DateTimeOffset At) : RoundEvent;
public sealed record ProposalsMerged(ProposalId Duplicate, ProposalId Into, string? Note, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>A person's first ballot in the round.</summary>
/// <param name="Voter">The person the ballot belongs to (<see cref="Participants.ParticipantResolution"/>): their sign-in
/// key, or an unbound code's key.</param>
/// <param name="Channel">The way the ballot came; written only where <paramref name="Voter"/> does not already say it
/// (see <see cref="Participants.ParticipantResolution.ChannelOf"/>), so that events from before channels were recorded,
/// and every sign-in ballot, keep their bytes.</param>
/// <param name="Code">The letter code's key when the ballot came with a code bound to <paramref name="Voter"/> by the
/// voter register; absent otherwise.</param>
public sealed record BallotCast(
    ParticipantKey Voter,
    ImmutableArray<BallotChoice> Choices,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BallotChannel? Channel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ParticipantKey? Code = null) : RoundEvent;

/// <summary>The round's voter register, replacing any earlier one: keyed hashes only, never who they are.</summary>
/// <param name="Codes">The letter codes bound to register persons, ordered by code; absent when none is (and then the
/// event's bytes are what they were before bindings existed).</param>
public sealed record VoterRegisterImported(
    int Count,
    ImmutableArray<ParticipantKey> Voters,
    ParticipantKey By,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<Participants.CodeBinding>? Codes = null) : RoundEvent;

/// <summary>A person's later ballot, which replaces their earlier one whichever channel either came by: the last one
/// counts. Members as in <see cref="BallotCast"/>.</summary>
public sealed record BallotReplaced(
    ParticipantKey Voter,
    ImmutableArray<BallotChoice> Choices,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BallotChannel? Channel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ParticipantKey? Code = null) : RoundEvent;

/// <summary>A batch of one-time voting codes for residents without an account, e.g. one print run of letters.
/// Only the codes' keyed hashes are stored (each is the participant key of the ballot cast with it); the plain
/// codes existed only in the answer to the coordinator who asked for them.</summary>
/// <param name="Batch">1 for the round's first batch, 2 for the next, and so on.</param>
/// <param name="Count">How many codes the batch holds: the length of <paramref name="Codes"/>, stated for auditors.</param>
public sealed record VotingCodesIssued(int Batch, int Count, ImmutableArray<ParticipantKey> Codes, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>An auditor recounted: the outcome computed again from the events up to <paramref name="ThroughSequence"/>,
/// and whether it equals the outcome the round published.</summary>
public sealed record RecountRecorded(RoundOutcome Recomputed, bool Matches, long ThroughSequence, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>An auditor closed the audit of the round: approved, or with findings linked to events; with the head of the
/// log they signed off.</summary>
public sealed record AuditSignedOff(
    AuditVerdict Verdict,
    ImmutableArray<AuditFinding> Findings,
    long HeadSequence,
    string HeadHash,
    ParticipantKey By,
    DateTimeOffset At) : RoundEvent;

/// <summary>A coordinator recorded a spend on a funded project; it waits for a second coordinator's approval.</summary>
/// <param name="Spend">The spend's number in the round (1, 2, ...).</param>
/// <param name="ByName">The coordinator's display name from their token, kept beside their key (see
/// <see cref="SpendApproved"/>).</param>
public sealed record SpendRecorded(
    int Spend,
    ProposalId Proposal,
    Money Amount,
    string Description,
    string Supplier,
    string InvoiceReference,
    DateOnly InvoiceDate,
    string? AttachmentReference,
    ParticipantKey By,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ByName = null) : RoundEvent;

/// <summary>A second, different coordinator approved a spend.</summary>
/// <param name="ByName">The coordinator's display name from their token, so that the wijk's coordinators see who
/// decided; absent in events written before names were kept (and left out of the payload then, so that those events
/// still encode byte for byte as stored).</param>
public sealed record SpendApproved(
    int Spend,
    ParticipantKey By,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ByName = null) : RoundEvent;

/// <summary>A coordinator refused (or withdrew) a pending spend, with the reason.</summary>
public sealed record SpendRejected(
    int Spend,
    string Reason,
    ParticipantKey By,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ByName = null) : RoundEvent;

/// <summary>A coordinator let a funded project cost <paramref name="Amount"/> more than its approved cost, for
/// <paramref name="Reason"/>.</summary>
public sealed record OverrunApproved(ProposalId Proposal, Money Amount, string Reason, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>A coordinator reported how a funded project is coming along; <paramref name="Milestone"/> says what was reached.</summary>
public sealed record ProgressReported(ProposalId Proposal, ProjectStatus Status, int PercentComplete, string? Milestone, ParticipantKey By, DateTimeOffset At) : RoundEvent;
