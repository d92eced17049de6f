using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Ballots;

/// <summary>How a ballot reached the round. Every channel leads to the same single ballot per person (see
/// <see cref="Participants.ParticipantResolution"/>): the channel only says which way it came, for the voter ("which of my
/// ballots counts") and for auditors (how many ballots each channel brought and how many a later one replaced).
/// Every channel other than <see cref="SignIn"/> names its voter by a letter code, so a new channel (paper at a
/// voting evening) is one more value here and goes through the same code-to-person binding.</summary>
public enum BallotChannel
{
    /// <summary>A resident who signed in (DigiD through the broker): the voter is the keyed hash of their identity.</summary>
    SignIn = 0,

    /// <summary>A one-time code from a letter, typed without an account.</summary>
    LetterCode = 1,

    /// <summary>A paper ballot at a voting evening, typed twice by two coordinators; its voter is the letter code
    /// printed on the paper (<see cref="PaperBallots.PaperBatch"/>).</summary>
    Paper = 2,
}

/// <summary>One channel's count: ballots of this channel that count now, and ballots of this channel that a later
/// ballot of the same person through another channel replaced (a replacement in the same channel is an ordinary
/// change of mind and is in neither number).</summary>
public sealed record ChannelCount(BallotChannel Channel, long Counted, long ReplacedByOtherChannel);

/// <summary>The per-channel counts of a round's ballots, kept up to date by every ballot event like the
/// <see cref="Tally"/>. Ordered by channel, one entry per channel that brought a ballot. The counted numbers add up
/// to the turnout: a person is counted once, through the channel of their last ballot.</summary>
public sealed record ChannelTally(ImmutableArray<ChannelCount> Channels)
{
    public static ChannelTally Empty { get; } = new([]);

    public ChannelCount For(BallotChannel channel)
    {
        foreach (var count in Channels)
        {
            if (count.Channel == channel)
            {
                return count;
            }
        }

        return new ChannelCount(channel, 0, 0);
    }

    /// <summary>The counted ballots summed over the channels: the turnout.</summary>
    [JsonIgnore]
    public long Counted => Channels.Sum(count => count.Counted);

    /// <summary>A first ballot of a person.</summary>
    internal ChannelTally Cast(BallotChannel channel) => With(channel, counted: +1, replaced: 0);

    /// <summary>A person's ballot through <paramref name="from"/> replaced by one through <paramref name="to"/>.</summary>
    internal ChannelTally Replace(BallotChannel from, BallotChannel to) =>
        from == to ? this : With(from, counted: -1, replaced: +1).With(to, counted: +1, replaced: 0);

    /// <summary>The counts of the ballots that count now, for a state stored before channels were counted: then no
    /// person could reach the round through two channels (a code was its own participant), so none was replaced by
    /// another channel.</summary>
    public static ChannelTally Of(IEnumerable<Ballot> ballots)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var tally = Empty;
        foreach (var group in ballots.GroupBy(ballot => ballot.Channel).OrderBy(group => group.Key))
        {
            tally = new ChannelTally(tally.Channels.Add(new ChannelCount(group.Key, group.LongCount(), 0)));
        }

        return tally;
    }

    private ChannelTally With(BallotChannel channel, int counted, int replaced)
    {
        for (var index = 0; index < Channels.Length; index++)
        {
            if (Channels[index].Channel == channel)
            {
                var current = Channels[index];
                return new ChannelTally(Channels.SetItem(index, current with
                {
                    Counted = current.Counted + counted,
                    ReplacedByOtherChannel = current.ReplacedByOtherChannel + replaced,
                }));
            }
        }

        var at = 0;
        while (at < Channels.Length && Channels[at].Channel < channel)
        {
            at++;
        }

        return new ChannelTally(Channels.Insert(at, new ChannelCount(channel, counted, replaced)));
    }

    // Compared by content: the snapshot and replay tests compare states, and record equality would compare the arrays
    // by reference.
    public bool Equals(ChannelTally? other) => other is not null && Channels.SequenceEqual(other.Channels);

    public override int GetHashCode() => Channels.Length;
}
