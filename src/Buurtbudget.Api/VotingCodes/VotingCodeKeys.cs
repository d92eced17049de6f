using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Identity.Privacy;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>A voting code as the platform stores it: the keyed hash of the normalised code under an issuer of its
/// round. That hash is also the participant key of the ballot cast with the code, so it is unrelated to any person,
/// and the same code typed for another round hashes to a key that round never issued.</summary>
internal static class VotingCodeKeys
{
    /// <summary>The code's key in the voting-code index (<see cref="Storage.VotingCodes.IVotingCodeIndex"/>).</summary>
    /// <param name="code">A code as <see cref="Domain.VotingCodes.VotingCode.TryNormalize"/> gives it.</param>
    public static string IndexKeyFor(ParticipantHasher hasher, string code)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return hasher.Hash(VotingCode.IndexIssuer, code).Value;
    }

    /// <param name="code">A code as <see cref="Domain.VotingCodes.VotingCode.TryNormalize"/> gives it.</param>
    public static ParticipantKey For(ParticipantHasher hasher, RoundId round, string code)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return hasher.Hash(VotingCode.KeyIssuerFor(round), code);
    }
}
