using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A round's voter register: the keyed hashes of the people who may vote, computed by the municipality
/// with the platform's hash key (e.g. from the BRP for residents aged 16 and over), so that the platform learns
/// nobody's identity. Each entry is one person: their sign-in key, and the key of the letter code printed for them
/// when a letter is sent, so that both channels lead to the same single ballot
/// (<see cref="ParticipantResolution"/>). Replaced as a whole until voting opens; frozen with the rules after that.</summary>
internal static class VoterRegisters
{
    /// <summary>Far above the largest wijk; a bigger register is a mistake, not a wijk.</summary>
    public const int MaxVoters = 500_000;

    public static Decision Import(RoundState state, ImportVoterRegister command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Draft, RoundPhase.Submission, RoundPhase.Review);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        if (command.Voters.IsDefaultOrEmpty || command.Voters.Length > MaxVoters)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvalidVoterRegister, ("count", command.Voters.IsDefault ? 0 : command.Voters.Length), ("max", MaxVoters)));
        }

        var voters = command.Voters.Distinct().OrderBy(voter => voter.Value, StringComparer.Ordinal).ToArray();
        error = CheckCodes(state, command.Codes, [.. voters], out var codes);
        return error is not null
            ? Decision.Reject(error)
            : Decision.Accept(new VoterRegisterImported(voters.Length, [.. voters], command.By, now, codes.IsDefault ? null : codes));
    }

    /// <summary>The bindings as the event records them: each code once, ordered by code, and default (left out of the
    /// event, whose bytes are then as before bindings existed) when there are none. A code bound to two persons would let one letter vote for either, so it is refused,
    /// as is a code the platform already issued to nobody and a code that is someone's sign-in key.</summary>
    private static DomainError? CheckCodes(RoundState state, ImmutableArray<CodeBinding> asked, HashSet<ParticipantKey> voters, out ImmutableArray<CodeBinding> codes)
    {
        codes = default;
        if (asked.IsDefaultOrEmpty)
        {
            return null;
        }

        var holders = new Dictionary<ParticipantKey, ParticipantKey>(asked.Length);
        foreach (var binding in asked)
        {
            if (holders.TryGetValue(binding.Code, out var holder))
            {
                if (holder != binding.Person)
                {
                    return DomainError.Of(RoundErrors.VotingCodeBoundTwice, ("code", binding.Code));
                }

                continue;
            }

            var reason = !voters.Contains(binding.Person) ? CodeBindingReasons.PersonNotInRegister
                : voters.Contains(binding.Code) ? CodeBindingReasons.CodeIsAPerson
                : state.VotingCodes.Contains(binding.Code) ? CodeBindingReasons.CodeAlreadyIssued
                : null;
            if (reason is not null)
            {
                return DomainError.Of(RoundErrors.InvalidCodeBinding, ("reason", reason), ("code", binding.Code));
            }

            holders.Add(binding.Code, binding.Person);
        }

        codes = [.. holders.Select(pair => new CodeBinding(pair.Key, pair.Value)).OrderBy(binding => binding.Code.Value, StringComparer.Ordinal)];
        return null;
    }
}
