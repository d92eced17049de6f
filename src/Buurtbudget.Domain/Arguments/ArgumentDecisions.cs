using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Arguments;

/// <summary>The limits residents see on the argument form.</summary>
public static class ArgumentLimits
{
    /// <summary>Enough for "Veiliger voor kinderen", too short for a single word that says nothing.</summary>
    public const int TextMinLength = 10;

    /// <summary>Short: an argument, not an essay; the description is where a proposal is explained.</summary>
    public const int TextMaxLength = 500;

    public const int DisplayNameMinLength = 3;
    public const int DisplayNameMaxLength = 40;

    public const int HideReasonMinLength = 5;
    public const int HideReasonMaxLength = 300;
}

/// <summary>When a round takes part in the discussion, for the API and the web client as much as for the round.</summary>
public static class ArgumentRules
{
    /// <summary>Whether the round takes arguments and agreements in <paramref name="phase"/>: from submission until
    /// voting closes. After that the discussion is part of the record, no longer a way to sway the vote.</summary>
    public static bool IsOpen(RoundPhase phase) => phase is RoundPhase.Submission or RoundPhase.Review or RoundPhase.Voting;
}

/// <summary>What residents and coordinators may do with arguments: residents of the wijk (checked before the command
/// reaches the round) post and agree while the round is open for discussion; the wijk's coordinators hide an argument
/// with a reason at any time. Texts follow the rules of titles (<see cref="TextRules"/>, on one line).</summary>
internal static class ArgumentDecisions
{
    /// <summary>Refuses a post or an agreement outside <see cref="ArgumentRules.IsOpen"/>, naming the phases that allow it.</summary>
    private static DomainError? RequireOpen(RoundState state, RoundCommand command) =>
        ArgumentRules.IsOpen(state.Phase) ? null : PhaseRules.Require(state, command, RoundPhase.Submission, RoundPhase.Review, RoundPhase.Voting);

    public static Decision Post(RoundState state, PostArgument command, DateTimeOffset now)
    {
        var error = RequireOpen(state, command) ?? InTheRace(state, command.Proposal);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.Check(command.Text, "text", ArgumentLimits.TextMinLength, ArgumentLimits.TextMaxLength, multiline: false, out var text);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = ChooseName(state.Arguments, command.By, command.DisplayName, out var chosen);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        if (!Enum.IsDefined(command.Side))
        {
            throw new ArgumentException($"Unknown argument side {(int)command.Side}.", nameof(command));
        }

        var id = new ArgumentId(checked(state.Arguments.Arguments.Count + 1));
        return Decision.Accept(new ArgumentPosted(id, command.Proposal, command.Side, command.By, text, now, chosen));
    }

    public static Decision Agree(RoundState state, AgreeWithArgument command, DateTimeOffset now)
    {
        var error = RequireOpen(state, command);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        if (!state.Arguments.Arguments.TryGetValue(command.Argument, out var argument))
        {
            return Decision.Reject(DomainError.Of(ArgumentErrors.ArgumentNotFound, ("argument", command.Argument)));
        }

        error = argument switch
        {
            { Hidden: not null } => DomainError.Of(ArgumentErrors.ArgumentIsHidden, ("argument", argument.Id)),
            _ when argument.Author == command.By => DomainError.Of(ArgumentErrors.OwnArgument, ("argument", argument.Id)),
            _ when argument.AgreedBy.Contains(command.By) => DomainError.Of(ArgumentErrors.AlreadyAgreed, ("argument", argument.Id)),
            _ => InTheRace(state, argument.Proposal),
        };
        return error is null ? Decision.Accept(new ArgumentAgreed(argument.Id, command.By, now)) : Decision.Reject(error);
    }

    public static Decision Hide(RoundState state, HideArgument command, DateTimeOffset now)
    {
        if (!state.Arguments.Arguments.TryGetValue(command.Argument, out var argument))
        {
            return Decision.Reject(DomainError.Of(ArgumentErrors.ArgumentNotFound, ("argument", command.Argument)));
        }

        if (argument.Hidden is { } hidden)
        {
            return Decision.Reject(DomainError.Of(ArgumentErrors.ArgumentAlreadyHidden, ("argument", argument.Id), ("reason", hidden.Reason)));
        }

        var error = TextRules.Check(command.Reason, "reason", ArgumentLimits.HideReasonMinLength, ArgumentLimits.HideReasonMaxLength, multiline: false, out var reason);
        return error is null ? Decision.Accept(new ArgumentHidden(argument.Id, reason, command.By, now)) : Decision.Reject(error);
    }

    /// <summary>The form of a display name that uniqueness compares: compatibility-normalised, lower case, runs of
    /// spaces as one, so that "Buur Jan", "buur  jan" and "Ｂuur Jan" are one name.</summary>
    public static string NameKey(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var normalized = displayName.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var key = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString().TrimEnd();
    }

    /// <summary>Arguments are about proposals still in the race: not a withdrawn, merged or infeasible one.</summary>
    private static DomainError? InTheRace(RoundState state, ProposalId id)
    {
        if (!state.Proposals.TryGetValue(id, out var proposal))
        {
            return DomainError.Of(RoundErrors.ProposalNotFound, ("proposal", id));
        }

        return proposal.IsActive && proposal.Status != ProposalStatus.Infeasible
            ? null
            : DomainError.Of(RoundErrors.ProposalNotInRightState, ("proposal", id), ("status", proposal.Status.ToString()));
    }

    /// <summary>The name to record with this argument: the one asked for on a resident's first argument, nothing on
    /// later ones (their name is already known; asking for the same one again is fine, another is not).</summary>
    private static DomainError? ChooseName(ArgumentBoard board, ParticipantKey resident, string? asked, out string? chosen)
    {
        chosen = null;
        if (board.DisplayNames.TryGetValue(resident, out var known))
        {
            return string.IsNullOrWhiteSpace(asked) || string.Equals(NameKey(asked.Trim()), NameKey(known), StringComparison.Ordinal)
                ? null
                : DomainError.Of(ArgumentErrors.DisplayNameAlreadyChosen, ("name", known));
        }

        if (string.IsNullOrWhiteSpace(asked))
        {
            return DomainError.Of(ArgumentErrors.DisplayNameNeeded, ("min", ArgumentLimits.DisplayNameMinLength), ("max", ArgumentLimits.DisplayNameMaxLength));
        }

        var error = TextRules.Check(asked, "displayName", ArgumentLimits.DisplayNameMinLength, ArgumentLimits.DisplayNameMaxLength, multiline: false, out var name);
        if (error is not null)
        {
            return error;
        }

        if (board.NamesTaken.Contains(NameKey(name)))
        {
            return DomainError.Of(ArgumentErrors.DisplayNameTaken, ("name", name));
        }

        chosen = name;
        return null;
    }
}
