using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Privacy;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>A voting code as the platform stores it: the keyed hash of the normalised code under an issuer of its
/// round. That hash is also the participant key of the ballot cast with the code, so it is unrelated to any person,
/// and the same code typed for another round hashes to a key that round never issued.</summary>
internal static class VotingCodeKeys
{
    public static string IssuerFor(RoundId round) => $"buurtbudget-voting-code:{round}";

    /// <summary>The issuer of a code's key in the voting-code index: one for every round, so that the code alone finds its
    /// round, and apart from every round's own issuer, so that the index holds no key a round's events hold.</summary>
    public const string IndexIssuer = "buurtbudget-voting-code-index";

    /// <summary>The code's key in the voting-code index (<see cref="Storage.VotingCodes.IVotingCodeIndex"/>).</summary>
    /// <param name="code">A code as <see cref="Domain.VotingCodes.VotingCode.TryNormalize"/> gives it.</param>
    public static string IndexKeyFor(ParticipantHasher hasher, string code)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return hasher.Hash(IndexIssuer, code).Value;
    }

    /// <param name="code">A code as <see cref="Domain.VotingCodes.VotingCode.TryNormalize"/> gives it.</param>
    public static ParticipantKey For(ParticipantHasher hasher, RoundId round, string code)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return hasher.Hash(IssuerFor(round), code);
    }
}
