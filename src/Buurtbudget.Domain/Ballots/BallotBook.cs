using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Ballots;

/// <summary>Every person's current ballot in a round, by voter: what <see cref="Rounds.RoundState.Ballots"/> holds.
/// Immutable as seen from outside, like the rest of the state: <see cref="Add"/> and <see cref="SetItem"/> return a new
/// book and leave this one as it was, so a published state stays a read view that no later turn changes, on any
/// thread.</summary>
/// <remarks>
/// <para><b>Why not an immutable dictionary</b> (what the state held before). Adding a key to one copies the path from
/// its tree's root, about 17 nodes at 100,000 ballots, and every node copied since the last collection is alive when
/// the collector comes: measured, a first ballot left 510 bytes of tree nodes to copy on their way to the old
/// generation besides the ballot itself (715 bytes in all), and allocated 2.2 KB. On the voting path the collector's
/// pauses follow what it copies, and those pauses set the p99. Here all books of a round share one append-only log in
/// a few large arrays, which the collector does not move: a ballot adds one entry to an array and no object besides
/// the ballot itself.</para>
/// <para><b>How a shared log stays immutable.</b> A book is a log and a length: it sees the log's entries below its
/// length only. Entries are only appended. When a person's ballot is replaced, their old entry records the index of
/// the new one, which is at or past the length of every book that existed before; a book treats a replacement at or
/// past its length as none. The hash index chains each bucket from its newest entry to its oldest, so a lookup in an
/// older book passes over the newer entries of its chain. Only the newest book of a log appends in place, under the
/// log's lock; adding to an older book (a working copy that a decision threw away) first copies its live ballots into
/// a log of its own, and so does adding to a log whose replaced entries outnumber its live ones, so that replaced
/// ballots are not kept for ever. Readers take no lock: entries and bucket heads are written before the length that
/// publishes them, and an array that grows is copied into a new one, never changed under a reader.</para>
/// </remarks>
public sealed class BallotBook : IReadOnlyDictionary<ParticipantKey, Ballot>
{
    /// <summary>How many replaced entries a log keeps before it may be copied without them.</summary>
    private const int ReplacedKeptAtLeast = 1_024;

    private readonly Log? _log;
    private readonly int _length;

    private BallotBook(Log? log, int length, int count)
    {
        _log = log;
        _length = length;
        Count = count;
    }

    public static BallotBook Empty { get; } = new(null, 0, 0);

    /// <summary>The number of persons with a ballot.</summary>
    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public IEnumerable<ParticipantKey> Keys => this.Select(pair => pair.Key);

    public IEnumerable<Ballot> Values => this.Select(pair => pair.Value);

    public Ballot this[ParticipantKey key] =>
        TryGetValue(key, out var ballot) ? ballot : throw new KeyNotFoundException($"{key} has no ballot in this round.");

    /// <summary>A book of <paramref name="ballots"/>, one per voter.</summary>
    /// <exception cref="ArgumentException">Two ballots have the same voter.</exception>
    public static BallotBook From(IEnumerable<Ballot> ballots)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var log = new Log(ballots.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var ballot in ballots)
        {
            if (ballot is null)
            {
                throw new ArgumentException("A ballot is missing.", nameof(ballots));
            }

            if (log.Find(ballot.Voter, log.Length) >= 0)
            {
                throw new ArgumentException($"Two ballots of {ballot.Voter}.", nameof(ballots));
            }

            log.Append(ballot, replaces: -1);
        }

        return new BallotBook(log, log.Length, log.Length);
    }

    public bool ContainsKey(ParticipantKey key) => _log is { } log && log.Find(key, _length) >= 0;

    public bool TryGetValue(ParticipantKey key, [MaybeNullWhen(false)] out Ballot value)
    {
        var index = _log is { } log ? log.Find(key, _length) : -1;
        value = index >= 0 ? _log!.EntryAt(index).Ballot : null;
        return value is not null;
    }

    /// <summary>This book with the first ballot of <paramref name="ballot"/>'s voter.</summary>
    /// <exception cref="ArgumentException">The voter already has a ballot in this book.</exception>
    public BallotBook Add(Ballot ballot) => Write(ballot, mustBeFirst: true);

    /// <summary>This book with <paramref name="ballot"/> as its voter's ballot, replacing the one they had.</summary>
    public BallotBook SetItem(Ballot ballot) => Write(ballot, mustBeFirst: false);

    public IEnumerator<KeyValuePair<ParticipantKey, Ballot>> GetEnumerator()
    {
        if (_log is null)
        {
            yield break;
        }

        _ = _log.Length; // a volatile read: the entries below it were written before it.
        for (var index = 0; index < _length; index++)
        {
            var entry = _log.EntryAt(index);
            if (entry.ReplacedBy < 0 || entry.ReplacedBy >= _length)
            {
                yield return new KeyValuePair<ParticipantKey, Ballot>(entry.Ballot.Voter, entry.Ballot);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private BallotBook Write(Ballot ballot, bool mustBeFirst)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        if (_log is { } shared)
        {
            lock (shared.Gate)
            {
                if (shared.Length == _length && shared.Replaced <= Math.Max(ReplacedKeptAtLeast, Count))
                {
                    return AppendTo(shared, ballot, mustBeFirst);
                }
            }
        }

        // No log yet, an older book than the log's newest, or a log mostly of replaced ballots: go on in a log of this
        // book's own, which nobody else sees until this returns.
        var own = new Log(Count + 1);
        foreach (var (_, kept) in this)
        {
            own.Append(kept, replaces: -1);
        }

        return AppendTo(own, ballot, mustBeFirst);
    }

    private BallotBook AppendTo(Log log, Ballot ballot, bool mustBeFirst)
    {
        var replaces = log.Find(ballot.Voter, log.Length);
        if (replaces >= 0 && mustBeFirst)
        {
            throw new ArgumentException($"{ballot.Voter} already has a ballot in this round.", nameof(ballot));
        }

        log.Append(ballot, replaces);
        return new BallotBook(log, log.Length, replaces >= 0 ? Count : Count + 1);
    }

    private struct Entry
    {
        public Ballot Ballot;
        public int Hash;

        /// <summary>The next older entry in the same bucket; -1 at a chain's end.</summary>
        public int Next;

        /// <summary>The entry of the same voter's next ballot; -1 while none.</summary>
        public int ReplacedBy;
    }

    /// <summary>The entries and the hash index over them. Never changed once a larger table replaced it.</summary>
    private sealed class Table
    {
        public Table(int capacity)
        {
            Entries = new Entry[capacity];
            Buckets = new int[capacity];
            Array.Fill(Buckets, -1);
        }

        public Entry[] Entries { get; }

        /// <summary>Per bucket, the newest entry whose hash falls in it; -1 for none. As many as entries fit, a power of
        /// two.</summary>
        public int[] Buckets { get; }

        public ref int BucketOf(int hash) => ref Buckets[hash & (Buckets.Length - 1)];
    }

    private sealed class Log(int capacity)
    {
        private Table _table = new((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, capacity)));
        private int _length;

        public Lock Gate { get; } = new();

        /// <summary>Entries in the log, written ones only.</summary>
        public int Length => Volatile.Read(ref _length);

        /// <summary>Entries whose voter cast a later ballot in this log.</summary>
        public int Replaced { get; private set; }

        public Entry EntryAt(int index) => Volatile.Read(ref _table).Entries[index];

        /// <summary>The newest entry below <paramref name="length"/> of <paramref name="voter"/>; -1 if none.</summary>
        public int Find(ParticipantKey voter, int length)
        {
            var table = Volatile.Read(ref _table);
            var hash = voter.GetHashCode();
            var index = Volatile.Read(ref table.BucketOf(hash));
            while (index >= 0)
            {
                ref readonly var entry = ref table.Entries[index];
                if (index < length && entry.Hash == hash && entry.Ballot.Voter == voter)
                {
                    return index;
                }

                index = entry.Next;
            }

            return -1;
        }

        /// <summary>Appends <paramref name="ballot"/>; <paramref name="replaces"/> is its voter's entry it replaces, or
        /// -1. Only one writer at a time: under <see cref="Gate"/>, or before the log is shared.</summary>
        public void Append(Ballot ballot, int replaces)
        {
            var index = _length;
            var table = _table;
            if (index == table.Entries.Length)
            {
                table = Grown(table, index);
                Volatile.Write(ref _table, table);
            }

            var hash = ballot.Voter.GetHashCode();
            ref var bucket = ref table.BucketOf(hash);
            table.Entries[index] = new Entry { Ballot = ballot, Hash = hash, Next = bucket, ReplacedBy = -1 };
            Volatile.Write(ref bucket, index);
            if (replaces >= 0)
            {
                // Past the length of every existing book, so none of them sees the change.
                table.Entries[replaces].ReplacedBy = index;
                Replaced++;
            }

            Volatile.Write(ref _length, index + 1);
        }

        private static Table Grown(Table table, int length)
        {
            var grown = new Table(table.Entries.Length * 2);
            for (var index = 0; index < length; index++)
            {
                var entry = table.Entries[index];
                ref var bucket = ref grown.BucketOf(entry.Hash);
                entry.Next = bucket;
                grown.Entries[index] = entry;
                bucket = index;
            }

            return grown;
        }
    }
}
