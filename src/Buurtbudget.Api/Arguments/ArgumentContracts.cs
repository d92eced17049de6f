using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.Arguments;

/// <param name="Side">for or against.</param>
/// <param name="Text">The argument: 10 to 500 characters on one line.</param>
/// <param name="DisplayName">The name to show it under: needed with one's first argument in the round (3 to 40
/// characters, not taken by another resident of the round), and kept for every later one.</param>
public sealed record ArgumentRequest(string? Side, string? Text, string? DisplayName = null);

/// <param name="Reason">Shown in the argument's place: 5 to 300 characters.</param>
public sealed record HideArgumentRequest(string? Reason);

/// <summary>A proposal's arguments as the caller sees them. Never a participant key: authors show under the display
/// name they chose, and only the caller's own part (<see cref="ArgumentDto.Mine"/>, <see cref="ArgumentDto.AgreedByMe"/>)
/// is told.</summary>
/// <param name="Open">Whether the round takes arguments and agreements now (submission, review and voting).</param>
/// <param name="MyDisplayName">The caller's display name in this round; null until their first argument.</param>
public sealed record ProposalArgumentsDto(
    int ProposalId,
    bool Open,
    string? MyDisplayName,
    IReadOnlyList<ArgumentDto> For,
    IReadOnlyList<ArgumentDto> Against);

/// <param name="DisplayName">Null when the argument is hidden.</param>
/// <param name="Text">Null when the argument is hidden; <see cref="Hidden"/> says why.</param>
/// <param name="Agreements">How many residents agreed with it.</param>
public sealed record ArgumentDto(
    int Id,
    int ProposalId,
    string Side,
    string? DisplayName,
    string? Text,
    DateTimeOffset PostedAt,
    int Agreements,
    bool Mine,
    bool AgreedByMe,
    ArgumentHiddenDto? Hidden);

public sealed record ArgumentHiddenDto(string Reason, DateTimeOffset At);

internal static class ArgumentMapping
{
    public const string For = "for";
    public const string Against = "against";

    public static string Name(ArgumentSide side) => side == ArgumentSide.For ? For : Against;

    public static (ArgumentSide Side, DomainError? Error) ParseSide(string? side) => side switch
    {
        For => (ArgumentSide.For, null),
        Against => (ArgumentSide.Against, null),
        null => (default, RoundMapping.Missing("side")),
        _ => (default, RoundMapping.Invalid("side", side, $"{For}, {Against}")),
    };

    public static ProposalArgumentsDto ToDto(this ProposalArguments arguments, RoundPhase phase)
    {
        var all = arguments.Arguments.Select(argument => argument.ToDto()).ToList();
        return new ProposalArgumentsDto(
            arguments.Proposal.Number,
            ArgumentRules.IsOpen(phase),
            arguments.ReaderDisplayName,
            [.. all.Where(a => string.Equals(a.Side, For, StringComparison.Ordinal))],
            [.. all.Where(a => string.Equals(a.Side, Against, StringComparison.Ordinal))]);
    }

    public static ArgumentDto ToDto(this ArgumentView view) => new(
        view.Id.Number,
        view.Proposal.Number,
        Name(view.Side),
        view.DisplayName,
        view.Text,
        view.PostedAt,
        view.Agreements,
        view.Mine,
        view.AgreedByReader,
        view.HiddenReason is { } reason ? new ArgumentHiddenDto(reason, view.HiddenAt!.Value) : null);
}
