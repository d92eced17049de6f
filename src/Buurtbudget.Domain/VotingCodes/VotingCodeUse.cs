using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.VotingCodes;

/// <summary>How many codes were issued and how many of them have a ballot, never which code voted what.</summary>
/// <param name="Issued">Codes issued for the round, over all batches.</param>
/// <param name="Used">Codes with which a ballot was cast (a replaced ballot still counts once).</param>
/// <param name="Batches">How many batches were issued.</param>
public sealed record VotingCodeUse(int Issued, int Used, int Batches)
{
    public static VotingCodeUse Of(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Whichever set is smaller is walked, so a round with few codes and many ballots (or the reverse) reads fast.
        var used = state.Ballots.Count <= state.VotingCodes.Count
            ? state.Ballots.Keys.Count(state.VotingCodes.Contains)
            : state.VotingCodes.Count(state.Ballots.ContainsKey);
        return new VotingCodeUse(state.VotingCodes.Count, used, state.VotingCodeBatches);
    }
}
