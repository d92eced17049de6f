using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using FsCheck;
using FsCheck.Fluent;

namespace Buurtbudget.Domain.Tests.Ballots;

public class BallotBookTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>A write: to which earlier book (0 the newest, 1 the one before, and so on), which of twelve voters, and
    /// whether it must be their first ballot.</summary>
    private static readonly Gen<(int Back, int Voter, bool First)> Write =
        from back in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Choose(1, 5)))
        from voter in Gen.Choose(1, 12)
        from first in Gen.Elements(true, false)
        select (back, voter, first);

    [Fact]
    public void Every_book_keeps_what_it_held_whatever_is_written_after_it_to_it_or_to_an_older_one()
    {
        Prop.ForAll(Gen.ArrayOf(Write).Resize(60).ToArbitrary(), writes =>
        {
            // The model: an immutable dictionary next to every book, written the same way.
            var books = new List<(BallotBook Book, ImmutableDictionary<ParticipantKey, Ballot> Model)> { (BallotBook.Empty, ImmutableDictionary<ParticipantKey, Ballot>.Empty) };
            var sequence = 0;
            foreach (var (back, voter, first) in writes)
            {
                var (book, model) = books[Math.Max(0, books.Count - 1 - back)];
                var ballot = BallotOf(voter, ++sequence);
                if (first && model.ContainsKey(ballot.Voter))
                {
                    Assert.Throws<ArgumentException>(() => book.Add(ballot));
                    continue;
                }

                books.Add(first ? (book.Add(ballot), model.Add(ballot.Voter, ballot)) : (book.SetItem(ballot), model.SetItem(ballot.Voter, ballot)));
            }

            foreach (var (book, model) in books)
            {
                AssertHolds(model, book);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_voters_second_first_ballot_is_refused_and_the_book_is_left_as_it_was()
    {
        var book = BallotBook.Empty.Add(BallotOf(1, 1)).Add(BallotOf(2, 2));

        var refused = Assert.Throws<ArgumentException>(() => book.Add(BallotOf(1, 3)));
        var after = book.Add(BallotOf(3, 4));

        Assert.Contains(Voter(1).Value, refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, book[Voter(1)].Sequence);
        Assert.Equal(2, book.Count);
        Assert.Equal([1, 2, 4], after.Values.Select(b => b.Sequence).Order());
    }

    [Fact]
    public void Thousands_of_replacements_leave_older_books_intact_when_the_log_is_copied_without_them()
    {
        // 20 voters, 5,000 ballots: the log passes its limit of replaced entries several times and starts anew.
        var kept = new List<(BallotBook Book, ImmutableDictionary<ParticipantKey, Ballot> Model)>();
        var book = BallotBook.Empty;
        var model = ImmutableDictionary<ParticipantKey, Ballot>.Empty;
        for (var sequence = 1; sequence <= 5_000; sequence++)
        {
            var ballot = BallotOf(sequence % 20, sequence);
            (book, model) = (book.SetItem(ballot), model.SetItem(ballot.Voter, ballot));
            if (sequence % 97 == 0)
            {
                kept.Add((book, model));
            }
        }

        Assert.Equal(20, book.Count);
        Assert.Equal(Enumerable.Range(4_981, 20), book.Values.Select(b => (int)b.Sequence).Order());
        foreach (var (older, olderModel) in kept)
        {
            AssertHolds(olderModel, older);
        }
    }

    [Fact]
    public async Task Readers_on_other_threads_see_every_published_book_whole_while_it_grows()
    {
        // One writer makes 60,000 writes, one in twenty a replacement, publishing each book; readers check the
        // books they catch: the book of the n-th write holds exactly the voters written before it, with their ballot of
        // that moment, also after the arrays under it were copied into larger ones.
        const int Writes = 60_000;
        var published = new Published(BallotBook.Empty, 0);
        var done = 0;
        var failures = new List<string>();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                var (book, writes) = Volatile.Read(ref published);
                if (Check(book, writes) is { } failure)
                {
                    lock (failures)
                    {
                        failures.Add(failure);
                    }

                    return;
                }
            }
        })).ToArray();

        var current = BallotBook.Empty;
        for (var write = 1; write <= Writes; write++)
        {
            current = write % 20 == 0 ? current.SetItem(BallotOf(VoterOf(write - 1), write)) : current.Add(BallotOf(VoterOf(write), write));
            Volatile.Write(ref published, new Published(current, write));
        }

        Volatile.Write(ref done, 1);
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(failures);
        Assert.Null(Check(current, Writes));
    }

    [Fact]
    public void A_book_is_made_from_ballots_of_different_voters_only()
    {
        var book = BallotBook.From([BallotOf(1, 1), BallotOf(2, 2)]);

        Assert.Equal(2, book.Count);
        Assert.True(book.ContainsKey(Voter(2)));
        Assert.False(book.ContainsKey(Voter(3)));
        Assert.Throws<KeyNotFoundException>(() => book[Voter(3)]);
        Assert.Throws<ArgumentException>(() => BallotBook.From([BallotOf(1, 1), BallotOf(1, 2)]));
    }

    /// <summary>Writes 1 to 60,000: a write whose number is a multiple of 20 replaces the ballot of the voter the write
    /// before added; every other write adds a voter of its own, numbered from 1,000,000 up.</summary>
    private static int VoterOf(int write) => 1_000_000 + write;

    private static string? Check(BallotBook book, int writes)
    {
        var added = writes - (writes / 20);
        if (book.Count != added || book.Count() != added)
        {
            return $"after {writes} writes: {book.Count} ballots, {book.Count()} enumerated, expected {added}";
        }

        // Spot checks: the newest voter, one not yet written, and the latest replacement.
        if (writes % 20 != 0 && !book.ContainsKey(Voter(VoterOf(writes))))
        {
            return $"after {writes} writes: voter of write {writes} missing";
        }

        if (book.ContainsKey(Voter(VoterOf(writes + 1))))
        {
            return $"after {writes} writes: voter of write {writes + 1} already there";
        }

        var replaced = writes / 20 * 20;
        if (replaced > 0 && (!book.TryGetValue(Voter(VoterOf(replaced - 1)), out var ballot) || ballot.Sequence != replaced))
        {
            return $"after {writes} writes: the ballot replaced at write {replaced} reads as {ballot?.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}";
        }

        return null;
    }

    private static void AssertHolds(ImmutableDictionary<ParticipantKey, Ballot> model, BallotBook book)
    {
        Assert.Equal(model.Count, book.Count);
        Assert.Equal(model.IsEmpty, book.IsEmpty);
        Assert.Equal(model.OrderBy(p => p.Key.Value, StringComparer.Ordinal), book.OrderBy(p => p.Key.Value, StringComparer.Ordinal));
        foreach (var voter in Enumerable.Range(0, 21).Select(Voter))
        {
            Assert.Equal(model.TryGetValue(voter, out var expected), book.TryGetValue(voter, out var actual));
            Assert.Same(expected, actual);
        }
    }

    private sealed record Published(BallotBook Book, int Writes);

    private static ParticipantKey Voter(int number) => new($"voter-{number}");

    private static Ballot BallotOf(int voter, int sequence) =>
        new(Voter(voter), [new BallotChoice(new ProposalId(1 + (sequence % 3)))], At, 1, sequence);
}
