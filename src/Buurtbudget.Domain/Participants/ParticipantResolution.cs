using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Participants;

/// <summary>One entry of a voter register: one person, as the municipality computed them with the platform's hash
/// key, so that the platform learns keyed hashes and the binding between them, never who anyone is.</summary>
/// <param name="Person">The keyed hash of the person's sign-in identity (issuer and subject): their key in the round,
/// under which every ballot of theirs is stored, whichever channel it came by.</param>
/// <param name="Code">The keyed hash of the letter code printed for this person (its key in this round, as
/// <c>buurtbudget register-hash --letters</c> computes it); null when no letter is sent.</param>
public sealed record RegisterEntry(ParticipantKey Person, ParticipantKey? Code = null);

/// <summary>A letter code bound to a register person: a ballot cast with <see cref="Code"/> is that person's ballot.</summary>
public sealed record CodeBinding(ParticipantKey Code, ParticipantKey Person);

/// <summary>The one owner of "which person does this ballot belong to", for every channel. A signed-in voter is their
/// own key. A letter code bound to a register entry is that entry's person, so their code ballot and their sign-in
/// ballot replace each other and the tally counts them once. A code from a platform batch, bound to nobody, is a
/// participant of its own (as before register bindings existed: one code, one participant).</summary>
public static class ParticipantResolution
{
    /// <summary>The person <paramref name="credential"/> casts for through <paramref name="channel"/>, or the error to
    /// answer. A sign-in key is taken as it is (the caller's identity was verified at the door); a code must be one the
    /// round knows. Costs one dictionary lookup for a code and none for a sign-in, so it stays off the hot path's
    /// budget.</summary>
    /// <param name="boundCode">The code's key when it is bound to a person other than itself, so that the ballot event
    /// can say which code it came with; null otherwise.</param>
    public static DomainError? Resolve(RoundState state, ParticipantKey credential, BallotChannel channel, out ParticipantKey person, out ParticipantKey? boundCode)
    {
        ArgumentNullException.ThrowIfNull(state);
        boundCode = null;
        person = credential;
        if (channel == BallotChannel.SignIn)
        {
            return null;
        }

        if (state.CodeHolders.TryGetValue(credential, out var holder))
        {
            person = holder;
            boundCode = credential;
            return null;
        }

        // Which codes were issued is the round's own knowledge, so this holds whichever node sent the ballot.
        return state.VotingCodes.Contains(credential) ? null : DomainError.Of(RoundErrors.UnknownVotingCode);
    }

    /// <summary>The person a key stands for: the holder of a bound letter code, else the key itself.</summary>
    public static ParticipantKey PersonOf(RoundState state, ParticipantKey key)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.CodeHolders.TryGetValue(key, out var holder) ? holder : key;
    }

    /// <summary>Whether <paramref name="key"/> is a letter code of this round: from a platform batch or bound to a
    /// register entry.</summary>
    public static bool IsCode(RoundState state, ParticipantKey key)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.VotingCodes.Contains(key) || state.CodeHolders.ContainsKey(key);
    }

    /// <summary>The channel a ballot event came by. Events name it only where the voter's key does not already say it,
    /// so that events from before channels were recorded (and every sign-in ballot) keep their bytes: a voter key that
    /// is an unbound code the round issued came by letter code, any other by sign-in.</summary>
    public static BallotChannel ChannelOf(RoundState state, ParticipantKey voter, BallotChannel? recorded)
    {
        ArgumentNullException.ThrowIfNull(state);
        return recorded ?? (state.VotingCodes.Contains(voter) ? BallotChannel.LetterCode : BallotChannel.SignIn);
    }

    /// <summary>What a ballot event records as its channel: null when <see cref="ChannelOf"/> reads it from the voter.</summary>
    public static BallotChannel? Recorded(RoundState state, ParticipantKey voter, BallotChannel channel) =>
        ChannelOf(state, voter, null) == channel ? null : channel;
}
