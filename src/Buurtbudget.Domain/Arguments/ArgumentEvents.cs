using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Arguments;

/// <summary>A resident posted an argument.</summary>
/// <param name="ChosenDisplayName">Set on the resident's first argument in the round: the name they chose, kept in the
/// round with their keyed hash so that they always show under it. Left out of later arguments' payloads.</param>
public sealed record ArgumentPosted(
    ArgumentId Argument,
    ProposalId Proposal,
    ArgumentSide Side,
    ParticipantKey Author,
    string Text,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChosenDisplayName = null) : RoundEvent;

/// <summary>A resident agreed with an argument.</summary>
public sealed record ArgumentAgreed(ArgumentId Argument, ParticipantKey Resident, DateTimeOffset At) : RoundEvent;

/// <summary>A coordinator hid an argument. Its text stays in <see cref="ArgumentPosted"/>, so the log still proves what
/// was shown until now; views show <paramref name="Reason"/> instead.</summary>
public sealed record ArgumentHidden(ArgumentId Argument, string Reason, ParticipantKey By, DateTimeOffset At) : RoundEvent;
