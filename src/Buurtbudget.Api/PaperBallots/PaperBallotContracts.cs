using System.Collections.Immutable;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.PaperBallots;

namespace Buurtbudget.Api.PaperBallots;

/// <param name="Label">Where and when the pile was filled, e.g. "Buurthuis De Esch, 12 maart, stapel 1".</param>
public sealed record PaperBatchRequest(string? Label);

/// <summary>One paper ballot as typed from the paper.</summary>
/// <param name="Code">The voting code printed on the paper (a letter's code, or one the table handed out after checking
/// the register). Never stored: the round keeps only its keyed hash.</param>
/// <param name="Choices">The proposals marked; an empty list is a blank ballot.</param>
/// <param name="Spoiled">True for a paper that cannot count (unreadable, or marked against the rules): no code and no
/// choices are read then.</param>
public sealed record PaperBallotRequest(string? Code, IReadOnlyList<BallotChoiceDto>? Choices, bool? Spoiled);

/// <summary>How a coordinator settles a difference after looking at the paper again: exactly one of
/// <see cref="Keep"/> ("first" or "second": that entry is what the paper shows), <see cref="Ballot"/> (the ballot
/// typed again from the paper) or <see cref="SetAsideReason"/>.</summary>
public sealed record PaperResolutionRequest(string? Keep, PaperBallotRequest? Ballot, string? SetAsideReason);

/// <summary>One typing of a batch as the batch's readers see it: how far it is, never its ballots.</summary>
/// <param name="TypedByYou">Whether the caller is this typing's typist.</param>
public sealed record PaperPassDto(int Count, bool Started, bool Finished, bool TypedByYou);

public sealed record PaperBatchTotalsDto(int Entered, int Agreed, int Resolved, int Counted, int SetAside, int Replaced, string Channel);

/// <param name="Status">"entering" until both typings are finished, then "resolving", then "committed".</param>
/// <param name="Disagreements">Positions where the typings differ; null until both are finished, so that neither typist
/// learns anything about the other's work while typing.</param>
/// <param name="Unresolved">Of those, the ones nobody settled yet.</param>
public sealed record PaperBatchDto(
    int Number,
    string Label,
    DateTimeOffset OpenedAt,
    string Status,
    PaperPassDto First,
    PaperPassDto Second,
    int? Disagreements,
    int? Unresolved,
    PaperBatchTotalsDto? Totals,
    DateTimeOffset? CommittedAt);

/// <summary>A ballot as one typing holds it. The code itself is not known to the platform, only whether two typings
/// name the same one.</summary>
public sealed record PaperMarkDto(bool Spoiled, IReadOnlyList<BallotChoiceDto> Choices);

/// <summary>The answer to typing one ballot: what the typing now holds and where the next ballot goes.</summary>
public sealed record PaperEntryDto(int Batch, int Pass, int Position, int Count, int Next, PaperMarkDto Ballot);

/// <summary>A position where the two typings differ.</summary>
/// <param name="First">The first typing's ballot; null when it has none at this position.</param>
/// <param name="SameCode">Whether both typings name the same code (false when either is spoiled or missing).</param>
/// <param name="Resolution">How it was settled, if it was: "counted" or "set-aside".</param>
public sealed record PaperDisagreementDto(
    int Position,
    PaperMarkDto? First,
    PaperMarkDto? Second,
    bool SameCode,
    string? Resolution,
    PaperMarkDto? Counted,
    string? SetAsideReason);

/// <summary>One's own typing, to go on where one left off (after a closed browser, a crash, a new day).</summary>
public sealed record PaperPassEntriesDto(int Batch, int Pass, bool Finished, IReadOnlyList<PaperEntryLineDto> Ballots);

public sealed record PaperEntryLineDto(int Position, PaperMarkDto Ballot);

internal static class PaperBallotMapping
{
    public const string Entering = "entering";
    public const string Resolving = "resolving";
    public const string Committed = "committed";

    public static PaperBatchDto ToDto(this PaperBatch batch, ParticipantKey caller)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var disputed = batch.BothFinished ? batch.Disagreements() : (ImmutableArray<int>?)null;
        return new PaperBatchDto(
            batch.Number,
            batch.Label,
            batch.OpenedAt,
            batch.IsCommitted ? Committed : batch.BothFinished ? Resolving : Entering,
            batch.First.ToDto(caller),
            batch.Second.ToDto(caller),
            disputed?.Length,
            disputed?.Count(position => !batch.Resolutions.ContainsKey(position)),
            batch.Totals is { } t ? new PaperBatchTotalsDto(t.Entered, t.Agreed, t.Resolved, t.Counted, t.SetAside, t.Replaced, t.Channel) : null,
            batch.CommittedAt);
    }

    private static PaperPassDto ToDto(this PaperPass pass, ParticipantKey caller) =>
        new(pass.Ballots.Count, pass.Typist is not null, pass.Finished, pass.Typist == caller);

    public static PaperMarkDto ToDto(this PaperBallotMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return new PaperMarkDto(mark.Spoiled, [.. mark.Choices.Select(c => new BallotChoiceDto(c.Proposal.Number, c.Points))]);
    }

    public static PaperDisagreementDto ToDisagreement(this PaperBatch batch, int position)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var first = batch.First.Ballots.GetValueOrDefault(position);
        var second = batch.Second.Ballots.GetValueOrDefault(position);
        var resolution = batch.Resolutions.GetValueOrDefault(position);
        return new PaperDisagreementDto(
            position,
            first?.ToDto(),
            second?.ToDto(),
            first?.Voter is { } a && second?.Voter is { } b && a == b,
            resolution is null ? null : resolution.Counted is null ? "set-aside" : "counted",
            resolution?.Counted?.ToDto(),
            resolution?.SetAsideReason);
    }
}
