using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Storage.VotingCodes;

/// <summary>Which round issued a voting code, so that the code alone finds its round: one row per code, keyed by a
/// keyed hash of the code (never the code in the clear, and not the round's own key of it, which the round's events
/// hold), written when the codes are issued, beside the events in the same store. Not part of the audit trail: a row
/// only points at a round, and that round still decides whether it issued the code.</summary>
public interface IVotingCodeIndex
{
    /// <summary>Records that <paramref name="round"/> issued the codes of <paramref name="codeKeys"/>, durably, before the
    /// codes are handed out. A key that is already recorded keeps its round (codes are random and 78 bits long; a
    /// repeat is a retry, not a second round).</summary>
    Task AddVotingCodesAsync(RoundId round, IReadOnlyCollection<string> codeKeys, CancellationToken cancellationToken = default);

    /// <summary>The round that issued the code with <paramref name="codeKey"/>; null when no round did.</summary>
    Task<RoundId?> FindRoundOfVotingCodeAsync(string codeKey, CancellationToken cancellationToken = default);
}
