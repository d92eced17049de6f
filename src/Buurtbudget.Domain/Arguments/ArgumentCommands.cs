using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Arguments;

/// <summary>A resident posts a short argument for or against a proposal.</summary>
/// <param name="DisplayName">The name to show, needed with the resident's first argument in the round; later ones may
/// leave it out or repeat it.</param>
public sealed record PostArgument(ParticipantKey By, ProposalId Proposal, ArgumentSide Side, string Text, string? DisplayName = null) : RoundCommand(By);

/// <summary>A resident agrees with someone else's argument: once, and for good.</summary>
public sealed record AgreeWithArgument(ParticipantKey By, ArgumentId Argument) : RoundCommand(By);

/// <summary>A coordinator of the wijk hides an argument; <paramref name="Reason"/> is shown in its place.</summary>
public sealed record HideArgument(ParticipantKey By, ArgumentId Argument, string Reason) : RoundCommand(By);
