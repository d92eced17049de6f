using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Arguments;

/// <summary>Which column an argument stands in.</summary>
public enum ArgumentSide
{
    For = 0,
    Against = 1,
}

/// <summary>A resident's short argument for or against a proposal, as the round holds it. The author is their keyed
/// hash; residents see the display name the author chose (<see cref="ArgumentBoard.DisplayNames"/>), never the key.</summary>
/// <param name="AgreedBy">The residents who agreed, in the order they did; one entry each.</param>
/// <param name="Hidden">Set when a coordinator hid the argument: the text stays here and in the log, but no view shows it.</param>
public sealed record Argument(
    ArgumentId Id,
    ProposalId Proposal,
    ArgumentSide Side,
    ParticipantKey Author,
    string Text,
    DateTimeOffset PostedAt,
    ImmutableArray<ParticipantKey> AgreedBy = default,
    ArgumentHiding? Hidden = null)
{
    // A default ImmutableArray throws on enumeration and cannot be serialised: normalise it once here.
    public ImmutableArray<ParticipantKey> AgreedBy { get; init; } = AgreedBy.IsDefault ? [] : AgreedBy;
}

/// <summary>Why and when a coordinator hid an argument; the reason is shown in the argument's place.</summary>
public sealed record ArgumentHiding(string Reason, ParticipantKey By, DateTimeOffset At);

/// <summary>A resident's display name in a round, as a snapshot stores it.</summary>
public sealed record ChosenDisplayName(ParticipantKey Resident, string DisplayName);

/// <summary>The arguments of a round and the display names their authors chose. Immutable, like the state it is part of.</summary>
public sealed record ArgumentBoard
{
    public static ArgumentBoard Empty { get; } = new();

    public ImmutableSortedDictionary<ArgumentId, Argument> Arguments { get; init; } = ImmutableSortedDictionary<ArgumentId, Argument>.Empty;

    /// <summary>Each resident's one display name in this round: a keyed hash to a name the resident typed, never
    /// anything derived from who they are.</summary>
    public ImmutableDictionary<ParticipantKey, string> DisplayNames { get; init; } = ImmutableDictionary<ParticipantKey, string>.Empty;

    /// <summary>The names taken, in the form compared for uniqueness (<see cref="ArgumentDecisions.NameKey"/>).</summary>
    public ImmutableHashSet<string> NamesTaken { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public ArgumentBoard WithName(ParticipantKey resident, string displayName) => this with
    {
        DisplayNames = DisplayNames.Add(resident, displayName),
        NamesTaken = NamesTaken.Add(ArgumentDecisions.NameKey(displayName)),
    };

    public ArgumentBoard With(Argument argument) => this with { Arguments = Arguments.SetItem(argument.Id, argument) };

    /// <summary>The board again from what a snapshot stored.</summary>
    public static ArgumentBoard From(IEnumerable<Argument> arguments, IEnumerable<ChosenDisplayName> names)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(names);
        var board = Empty with { Arguments = arguments.ToImmutableSortedDictionary(a => a.Id, a => a) };
        foreach (var name in names)
        {
            board = board.WithName(name.Resident, name.DisplayName);
        }

        return board;
    }

    /// <summary>The names in a deterministic order, for a snapshot.</summary>
    public ImmutableArray<ChosenDisplayName> NamesInOrder() =>
        [.. DisplayNames.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal).Select(pair => new ChosenDisplayName(pair.Key, pair.Value))];

    /// <summary>One proposal's arguments as <paramref name="reader"/> (a resident's key, or null for an anonymous
    /// reader) sees them: display names instead of keys, no text of a hidden argument, and only whether the reader
    /// wrote or agreed with each, never who else did.</summary>
    public ProposalArguments For(ProposalId proposal, ParticipantKey? reader)
    {
        var views = Arguments.Values.Where(argument => argument.Proposal == proposal).Select(argument => ViewOf(argument, reader));
        return new ProposalArguments(proposal, reader is { } key ? DisplayNames.GetValueOrDefault(key) : null, [.. views]);
    }

    /// <summary>One argument as <paramref name="reader"/> sees it (see <see cref="For"/>); null when there is no such argument.</summary>
    public ArgumentView? View(ArgumentId id, ParticipantKey? reader) =>
        Arguments.TryGetValue(id, out var argument) ? ViewOf(argument, reader) : null;

    private ArgumentView ViewOf(Argument argument, ParticipantKey? reader) => new(
        argument.Id,
        argument.Proposal,
        argument.Side,
        argument.Hidden is null ? DisplayNames.GetValueOrDefault(argument.Author) : null,
        argument.Hidden is null ? argument.Text : null,
        argument.PostedAt,
        argument.AgreedBy.Length,
        reader is { } mine && argument.Author == mine,
        reader is { } agreeing && argument.AgreedBy.Contains(agreeing),
        argument.Hidden?.Reason,
        argument.Hidden?.At);
}

/// <summary>A proposal's arguments as one reader sees them: small, and without any participant key.</summary>
/// <param name="ReaderDisplayName">The name the reader shows under in this round; null before their first argument
/// (or for an anonymous reader).</param>
public sealed record ProposalArguments(ProposalId Proposal, string? ReaderDisplayName, ImmutableArray<ArgumentView> Arguments);

/// <param name="DisplayName">Null when the argument is hidden.</param>
/// <param name="Text">Null when the argument is hidden: <paramref name="HiddenReason"/> is shown instead.</param>
/// <param name="Mine">Whether the reader wrote it.</param>
/// <param name="AgreedByReader">Whether the reader agreed with it.</param>
public sealed record ArgumentView(
    ArgumentId Id,
    ProposalId Proposal,
    ArgumentSide Side,
    string? DisplayName,
    string? Text,
    DateTimeOffset PostedAt,
    int Agreements,
    bool Mine,
    bool AgreedByReader,
    string? HiddenReason,
    DateTimeOffset? HiddenAt);
