using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.VotingCodes;

/// <summary>How many codes were issued and how many of them have a ballot, never which code voted what.</summary>
/// <param name="Issued">Codes of the round: those the platform issued, over all batches, and the letter codes the voter
/// register binds to its persons.</param>
/// <param name="Used">Codes with which a ballot was cast, each once (a replaced ballot still counts once; so does a
/// letter code whose person later voted through another channel).</param>
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
        // A bound code's ballot is stored under its person, so whether it was used is kept apart (see RoundState.UsedCodes).
        var usedLetters = state.UsedCodes.Count(state.CodeHolders.ContainsKey);
        return new VotingCodeUse(state.VotingCodes.Count + state.CodeHolders.Count, used + usedLetters, state.VotingCodeBatches);
    }
}
