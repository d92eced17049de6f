using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Ballots;

/// <summary>One ballot event on the bulletin board: its receipt, its choices without its voter, and whether it counted
/// or a later ballot of the same voter replaced it.</summary>
/// <param name="SupersededBy">The receipt of the ballot that replaced this one; null for a ballot that counted.</param>
public sealed record BulletinEntry(BallotReceipt Receipt, ImmutableArray<BallotChoice> Choices, BallotReceipt? SupersededBy)
{
    public bool Counted => SupersededBy is null;
}

/// <summary>What a round publishes once voting has closed: every ballot event of its log with its receipt and its
/// anonymised choices, so that a resident can check their ballot was counted as cast and that a replaced ballot is
/// visibly superseded. It holds no voters and no times, and its entries are ordered by receipt (a hash, so random),
/// never by when they were cast: neither the entries nor their order link a ballot to a person.</summary>
public sealed class BulletinBoard
{
    private BulletinBoard(ImmutableArray<BulletinEntry> entries)
    {
        Entries = entries;
        Counted = entries.Count(entry => entry.Counted);
    }

    /// <summary>Every entry, ordered by receipt.</summary>
    public ImmutableArray<BulletinEntry> Entries { get; }

    /// <summary>The entries that counted: one per voter, the turnout.</summary>
    public int Counted { get; }

    /// <summary>The board of a round's log, read in order up to voting closed: each event with its chain hash (the
    /// receipt's source). Events after voting closed cannot be ballots and are not read.</summary>
    public static BulletinBoard From(IEnumerable<(RoundEvent Event, ReadOnlyMemory<byte> Hash)> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var entries = new List<BulletinEntry>();
        var current = new Dictionary<ParticipantKey, int>();
        foreach (var (roundEvent, hash) in log)
        {
            switch (roundEvent)
            {
                case BallotCast cast:
                    current[cast.Voter] = entries.Count;
                    entries.Add(new BulletinEntry(BallotReceipt.FromEventHash(hash.Span), cast.Choices, null));
                    break;
                case BallotReplaced replaced:
                    var receipt = BallotReceipt.FromEventHash(hash.Span);
                    if (!current.TryGetValue(replaced.Voter, out var previous))
                    {
                        throw new InvalidOperationException("The log replaces a ballot that was never cast.");
                    }

                    entries[previous] = entries[previous] with { SupersededBy = receipt };
                    current[replaced.Voter] = entries.Count;
                    entries.Add(new BulletinEntry(receipt, replaced.Choices, null));
                    break;
                case VotingClosed:
                    return Sorted(entries);
            }
        }

        return Sorted(entries);
    }

    /// <summary>The entry with this receipt, or null.</summary>
    public BulletinEntry? Find(BallotReceipt receipt)
    {
        var index = FirstNotBefore(receipt);
        return index < Entries.Length && Entries[index].Receipt == receipt ? Entries[index] : null;
    }

    /// <summary>Up to <paramref name="limit"/> entries whose receipt comes after <paramref name="after"/> (from the first
    /// when null): a page, and the next page starts after its last receipt.</summary>
    public ImmutableArray<BulletinEntry> Page(BallotReceipt? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var start = 0;
        if (after is { } last)
        {
            start = FirstNotBefore(last);
            if (start < Entries.Length && Entries[start].Receipt == last)
            {
                start++;
            }
        }

        return Entries.Slice(start, Math.Min(limit, Entries.Length - start));
    }

    private static BulletinBoard Sorted(List<BulletinEntry> entries)
    {
        entries.Sort((a, b) => a.Receipt.CompareTo(b.Receipt));
        return new BulletinBoard([.. entries]);
    }

    /// <summary>The index of the first entry whose receipt is not before <paramref name="receipt"/>.</summary>
    private int FirstNotBefore(BallotReceipt receipt)
    {
        int low = 0, high = Entries.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Entries[middle].Receipt < receipt)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
