using System.Text.Json.Serialization;
using Buurtbudget.Domain.Arguments;

namespace Buurtbudget.Domain.Rounds;

/// <summary>The one JSON shape of stored events and snapshots: camelCase, enums by name, no indentation, and
/// strict on reading (a missing member or a null where none is allowed is corrupt data, not a default).
/// Source-generated, so every type that can be stored is known at compile time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = false)]
[JsonSerializable(typeof(RoundCreated))]
[JsonSerializable(typeof(RulesChanged))]
[JsonSerializable(typeof(SubmissionOpened))]
[JsonSerializable(typeof(ReviewStarted))]
[JsonSerializable(typeof(VotingOpened))]
[JsonSerializable(typeof(VotingClosed))]
[JsonSerializable(typeof(OutcomeDetermined))]
[JsonSerializable(typeof(RecountRecorded))]
[JsonSerializable(typeof(AuditSignedOff))]
[JsonSerializable(typeof(SpendingStarted))]
[JsonSerializable(typeof(RoundClosed))]
[JsonSerializable(typeof(ProposalSubmitted))]
[JsonSerializable(typeof(ProposalEdited))]
[JsonSerializable(typeof(ProposalWithdrawn))]
[JsonSerializable(typeof(ProposalFoundFeasible))]
[JsonSerializable(typeof(ProposalFoundInfeasible))]
[JsonSerializable(typeof(ProposalsMerged))]
[JsonSerializable(typeof(BallotCast))]
[JsonSerializable(typeof(BallotReplaced))]
[JsonSerializable(typeof(VoterRegisterImported))]
[JsonSerializable(typeof(VotingCodesIssued))]
[JsonSerializable(typeof(SpendRecorded))]
[JsonSerializable(typeof(SpendApproved))]
[JsonSerializable(typeof(SpendRejected))]
[JsonSerializable(typeof(OverrunApproved))]
[JsonSerializable(typeof(ProgressReported))]
[JsonSerializable(typeof(CalendarSet))]
[JsonSerializable(typeof(CalendarCleared))]
[JsonSerializable(typeof(PaperBallots.PaperBatchOpened))]
[JsonSerializable(typeof(PaperBallots.PaperBallotEntered))]
[JsonSerializable(typeof(PaperBallots.PaperEntryFinished))]
[JsonSerializable(typeof(PaperBallots.PaperBallotResolved))]
[JsonSerializable(typeof(PaperBallots.PaperBatchCommitted))]
// proposal images (issue 18)
[JsonSerializable(typeof(Proposals.ProposalImageAdded))]
[JsonSerializable(typeof(Proposals.ProposalImageRemoved))]
[JsonSerializable(typeof(Proposals.ProposalImageHidden))]
[JsonSerializable(typeof(Proposals.ProposalImageErased))]
[JsonSerializable(typeof(ArgumentPosted))]
[JsonSerializable(typeof(ArgumentAgreed))]
[JsonSerializable(typeof(ArgumentHidden))]
[JsonSerializable(typeof(RoundSnapshot))]
internal sealed partial class RoundJsonContext : JsonSerializerContext;
