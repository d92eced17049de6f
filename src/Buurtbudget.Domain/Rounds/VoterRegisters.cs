using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A round's voter register: the keyed hashes of the people who may vote, computed by the municipality
/// with the platform's hash key (e.g. from the BRP for residents aged 16 and over), so that the platform learns
/// nobody's identity. Replaced as a whole until voting opens; frozen with the rules after that.</summary>
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
        return Decision.Accept(new VoterRegisterImported(voters.Length, [.. voters], command.By, now));
    }
}
