using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>What every <see cref="IEventStore"/> must do, whatever holds the events. A provider's test class
/// derives from this one and says how to open a store over storage of the test's own.</summary>
public abstract partial class EventStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1));

    private readonly List<IEventStore> _opened = [];

    /// <summary>A store over this test's own, initially empty storage. Every call opens another store over the
    /// same storage, as a restarted process or a second node would.</summary>
    protected abstract IEventStore CreateStore();

    protected IEventStore OpenStore()
    {
        var store = CreateStore();
        _opened.Add(store);
        return store;
    }

    protected static async Task CloseAsync(IEventStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await CloseAsync(store);
        }
    }

    protected static NewEvent Event(string type, string payload, DateTimeOffset? at = null) =>
        new(type, Encoding.UTF8.GetBytes(payload), at ?? Start);

    protected static NewEvent[] Events(int count, string prefix = "e") =>
        Enumerable.Range(1, count).Select(i => Event("BallotCast", $"{{\"{prefix}\":{i}}}", Start.AddSeconds(i))).ToArray();

    protected static string Text(StoredEvent stored) => Encoding.UTF8.GetString(stored.Payload.Span);

    [Fact]
    public async Task Appended_events_read_back_with_exact_bytes_and_time()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var at = new DateTimeOffset(2026, 3, 2, 10, 11, 12, TimeSpan.FromHours(2)).AddTicks(1234567);
        NewEvent[] events =
        [
            new("RoundCreated", everyByte, at),
            new("ProposalSubmitted", Array.Empty<byte>(), at.AddTicks(1)),
            new("Voorstel‑ingediend ✓", Encoding.UTF8.GetBytes("{\"titel\":\"Speeltuin Middelland\"}"), at.ToOffset(TimeSpan.FromHours(-5))),
        ];

        var appended = await store.AppendAsync(round, 0, events);
        var read = await store.ReadAsync(round);

        Assert.Equal(3, read.Count);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(round, read[i].RoundId);
            Assert.Equal(i + 1, read[i].Sequence);
            Assert.Equal(events[i].Type, read[i].Type);
            Assert.Equal(events[i].Payload.ToArray(), read[i].Payload.ToArray());
            Assert.Equal(events[i].At.UtcTicks, read[i].At.UtcTicks);
            Assert.Equal(TimeSpan.Zero, read[i].At.Offset);

            Assert.Equal(appended[i].Sequence, read[i].Sequence);
            Assert.Equal(appended[i].At, read[i].At);
            Assert.Equal(appended[i].Hash.ToArray(), read[i].Hash.ToArray());
            Assert.Equal(appended[i].PreviousHash.ToArray(), read[i].PreviousHash.ToArray());
            Assert.Equal(EventChain.Compute(read[i]).ToArray(), read[i].Hash.ToArray());
        }
    }

    [Fact]
    public async Task A_page_holds_at_most_its_limit_of_the_events_after_the_sequence_given_in_order()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(7));
        await store.AppendAsync(RoundId.New(), 0, Events(3));

        Assert.Equal([1L, 2L, 3L], (await store.ReadPageAsync(round, 0, 3)).Select(e => e.Sequence));
        Assert.Equal([4L, 5L, 6L], (await store.ReadPageAsync(round, 3, 3)).Select(e => e.Sequence));
        Assert.Equal([7L], (await store.ReadPageAsync(round, 6, 3)).Select(e => e.Sequence));
        Assert.Empty(await store.ReadPageAsync(round, 7, 3));
        Assert.Equal(
            (await store.ReadAsync(round, 2)).Select(e => (e.Sequence, Convert.ToHexString(e.Hash.Span), Text(e))),
            (await store.ReadPageAsync(round, 2, 100)).Select(e => (e.Sequence, Convert.ToHexString(e.Hash.Span), Text(e))));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadPageAsync(round, 0, 0));
    }

    [Fact]
    public async Task A_read_of_some_types_gives_only_those_events_after_the_sequence_in_order_and_how_far_it_went()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, [Event("proposal-submitted", "{\"p\":1}"), Event("ballot-cast", "{\"b\":1}"), Event("proposal-submitted", "{\"p\":2}"), Event("voting-opened", "{}"), Event("ballot-cast", "{\"b\":2}")]);
        await store.AppendAsync(RoundId.New(), 0, [Event("proposal-submitted", "{\"other\":1}")]);
        var whole = await store.ReadAsync(round);

        var read = await store.ReadOfTypesAsync(round, 0, ["proposal-submitted", "voting-opened"]);
        Assert.Equal(5, read.Through);
        Assert.Equal(
            whole.Where(e => e.Type != "ballot-cast").Select(e => (e.Sequence, e.Type, Convert.ToHexString(e.Hash.Span), Text(e))),
            read.Events.Select(e => (e.Sequence, e.Type, Convert.ToHexString(e.Hash.Span), Text(e))));

        // Nothing of the type after the sequence: no events, and still as far as the head, past the others.
        Assert.Equal(("", 5L), await ReadSequences(store, round, 3, "proposal-submitted"));
        Assert.Equal(("", 5L), await ReadSequences(store, round, 5, "proposal-submitted"));
        Assert.Equal(("", 0L), await ReadSequences(store, RoundId.New(), 0, "proposal-submitted"));

        await store.AppendAsync(round, 5, [Event("ballot-cast", "{\"b\":3}"), Event("voting-closed", "{}")]);
        Assert.Equal(("7", 7L), await ReadSequences(store, round, 5, "voting-closed", "voting-opened"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadOfTypesAsync(round, 0, []));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadOfTypesAsync(round, 0, [""]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadOfTypesAsync(round, -1, ["ballot-cast"]));

        static async Task<(string Sequences, long Through)> ReadSequences(IEventStore store, RoundId round, long after, params string[] types)
        {
            var read = await store.ReadOfTypesAsync(round, after, types);
            return (string.Join(",", read.Events.Select(e => e.Sequence)), read.Through);
        }
    }

    [Fact]
    public async Task Sequences_start_at_one_and_continue()
    {
        var store = OpenStore();
        var round = RoundId.New();

        var first = await store.AppendAsync(round, 0, Events(2));
        var second = await store.AppendAsync(round, 2, Events(3));
        var tail = await store.ReadAsync(round, afterSequence: 2);

        Assert.Equal([1L, 2L], first.Select(e => e.Sequence));
        Assert.Equal([3L, 4L, 5L], second.Select(e => e.Sequence));
        Assert.Equal([3L, 4L, 5L], tail.Select(e => e.Sequence));
        Assert.Empty(await store.ReadAsync(round, afterSequence: 5));
    }

    [Fact]
    public async Task An_append_expecting_an_old_sequence_conflicts_and_stores_nothing()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(3));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.AppendAsync(round, 1, [Event("BallotCast", "{\"late\":true}")]));

        Assert.Equal(round, conflict.RoundId);
        Assert.Equal(1, conflict.ExpectedSequence);
        Assert.Equal(3, conflict.ActualSequence);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, read.Count);
        Assert.DoesNotContain(read, e => Text(e).Contains("late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_append_expecting_events_a_new_round_does_not_have_conflicts()
    {
        var store = OpenStore();
        var round = RoundId.New();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(round, 4, Events(1)));

        Assert.Equal(0, conflict.ActualSequence);
        Assert.Empty(await store.ReadAsync(round));
        Assert.DoesNotContain(round, await store.ListRoundsAsync());
    }

    [Fact]
    public async Task A_batch_of_a_thousand_events_is_stored_as_one_chained_append()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(1, "first"));

        var appended = await store.AppendAsync(round, 1, Events(1000));
        var read = await store.ReadAsync(round);

        Assert.Equal(Enumerable.Range(2, 1000).Select(i => (long)i), appended.Select(e => e.Sequence));
        Assert.Equal(1001, read.Count);
        Assert.True(EventChain.Verify(read).IsIntact, EventChain.Verify(read).ToString());
        Assert.Equal(appended[^1].Hash.ToArray(), read[^1].Hash.ToArray());
    }

    [Fact]
    public async Task A_batch_with_one_invalid_event_stores_none_of_it()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var batch = Events(1000);
        batch[500] = Event("Ballot\nCast", "{}");

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(round, 0, batch));

        Assert.Empty(await store.ReadAsync(round));
        var retried = await store.AppendAsync(round, 0, Events(2));
        Assert.Equal(1, retried[0].Sequence);
    }

    [Fact]
    public async Task Malformed_appends_are_refused()
    {
        var store = OpenStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(RoundId.New(), 0, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AppendAsync(RoundId.New(), -1, Events(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(default, 0, Events(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(RoundId.New(), 0, [Event(" ", "{}")]));
    }

    [Fact]
    public async Task Rounds_are_independent()
    {
        var store = OpenStore();
        var north = RoundId.New();
        var south = RoundId.New();

        await store.AppendAsync(north, 0, Events(3, "north"));
        var southFirst = await store.AppendAsync(south, 0, Events(1, "south"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(north, 1, Events(1)));
        await store.AppendAsync(south, 1, Events(1, "south"));

        var northEvents = await store.ReadAsync(north);
        var southEvents = await store.ReadAsync(south);
        Assert.Equal(1, southFirst[0].Sequence);
        Assert.Equal(EventChain.GenesisHash.ToArray(), southFirst[0].PreviousHash.ToArray());
        Assert.Equal(3, northEvents.Count);
        Assert.Equal(2, southEvents.Count);
        Assert.All(northEvents, e => Assert.Contains("north", Text(e), StringComparison.Ordinal));
        Assert.All(southEvents, e => Assert.Contains("south", Text(e), StringComparison.Ordinal));
        Assert.True(EventChain.Verify(northEvents).IsIntact);
        Assert.True(EventChain.Verify(southEvents).IsIntact);
    }

    [Fact]
    public async Task Reading_a_round_without_events_gives_nothing()
    {
        var store = OpenStore();

        Assert.Empty(await store.ReadAsync(RoundId.New()));
        Assert.Null(await store.ReadLatestSnapshotAsync(RoundId.New()));
        Assert.Empty(await store.ListRoundsAsync());
    }

    [Fact]
    public async Task One_event_reads_back_by_its_sequence_exactly_as_appended()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var other = RoundId.New();
        await store.AppendAsync(other, 0, Events(3, "other"));
        var appended = await store.AppendAsync(round, 0, Events(3));
        appended = [.. appended, .. await store.AppendAsync(round, 3, Events(2, "later"))];

        foreach (var expected in appended)
        {
            var read = await OpenStore().ReadEventAsync(round, expected.Sequence);

            Assert.NotNull(read);
            Assert.Equal(round, read.RoundId);
            Assert.Equal(expected.Sequence, read.Sequence);
            Assert.Equal(expected.Type, read.Type);
            Assert.Equal(Text(expected), Text(read));
            Assert.Equal(expected.At, read.At);
            Assert.Equal(expected.PreviousHash.ToArray(), read.PreviousHash.ToArray());
            Assert.Equal(expected.Hash.ToArray(), read.Hash.ToArray());
        }
    }

    [Fact]
    public async Task Reading_an_event_that_does_not_exist_gives_nothing()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(2));

        Assert.Null(await store.ReadEventAsync(round, 3));
        Assert.Null(await store.ReadEventAsync(RoundId.New(), 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadEventAsync(round, 0));
    }

    [Fact]
    public async Task Rounds_are_listed_oldest_first()
    {
        var store = OpenStore();
        var middle = RoundId.New();
        var oldest = RoundId.New();
        var newest = RoundId.New();

        await store.AppendAsync(middle, 0, [Event("RoundCreated", "{}", Start.AddDays(1))]);
        await store.AppendAsync(oldest, 0, [Event("RoundCreated", "{}", Start)]);
        await store.AppendAsync(newest, 0, [Event("RoundCreated", "{}", Start.AddDays(2))]);
        await store.AppendAsync(oldest, 1, [Event("RoundOpened", "{}", Start.AddDays(3))]);

        Assert.Equal([oldest, middle, newest], await store.ListRoundsAsync());
    }

    [Fact]
    public async Task The_latest_snapshot_is_kept()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));
        var at = Start.AddHours(1).AddTicks(7);

        await store.SaveSnapshotAsync(new StoredSnapshot(round, 2, new byte[] { 2, 0, 2 }, Start));
        await store.SaveSnapshotAsync(new StoredSnapshot(round, 4, new byte[] { 4, 0, 4 }, at));
        var latest = await store.ReadLatestSnapshotAsync(round);

        Assert.NotNull(latest);
        Assert.Equal(round, latest.RoundId);
        Assert.Equal(4, latest.Sequence);
        Assert.Equal([4, 0, 4], latest.State.ToArray());
        Assert.Equal(at.UtcTicks, latest.At.UtcTicks);
    }

    [Fact]
    public async Task A_snapshot_written_in_segments_reads_back_as_the_same_bytes()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(3));
        var bytes = new byte[300_000];
        new Random(5).NextBytes(bytes);

        // Uneven segments, as an encoder's buffer leaves them; then a smaller one replaces it.
        await store.SaveSnapshotAsync(new StoredSnapshot(round, 2, Segments(bytes, 65_536, 1, 100_000, 65_536), Start));
        Assert.Equal(bytes, (await store.ReadLatestSnapshotAsync(round))!.State.ToArray());
        await store.SaveSnapshotAsync(new StoredSnapshot(round, 3, Segments(bytes.AsMemory(0, 70_000), 65_536, 1), Start));
        Assert.Equal(bytes[..70_000], (await store.ReadLatestSnapshotAsync(round))!.State.ToArray());
    }

    [Fact]
    public async Task An_older_snapshot_never_replaces_a_newer_one()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));

        await store.SaveSnapshotAsync(new StoredSnapshot(round, 4, new byte[] { 4 }, Start));
        await store.SaveSnapshotAsync(new StoredSnapshot(round, 3, new byte[] { 3 }, Start));

        Assert.Equal(4, (await store.ReadLatestSnapshotAsync(round))!.Sequence);
    }

    [Fact]
    public async Task A_snapshot_must_describe_a_stored_event()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(2));

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveSnapshotAsync(new StoredSnapshot(round, 3, new byte[] { 3 }, Start)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveSnapshotAsync(new StoredSnapshot(RoundId.New(), 1, new byte[] { 1 }, Start)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveSnapshotAsync(new StoredSnapshot(round, 0, new byte[] { 0 }, Start)));

        Assert.Null(await store.ReadLatestSnapshotAsync(round));
    }

    [Fact]
    public async Task Stored_events_form_a_verifiable_chain_across_appends()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var first = await store.AppendAsync(round, 0, Events(2));
        var second = await store.AppendAsync(round, 2, Events(3));

        var read = await store.ReadAsync(round);
        var verification = EventChain.Verify(read);

        Assert.True(verification.IsIntact, verification.ToString());
        Assert.Equal(new ChainHead(5, second[^1].Hash), verification.Head);
        Assert.Equal(first[^1].Hash.ToArray(), second[0].PreviousHash.ToArray());
        Assert.True(EventChain.Verify(await store.ReadAsync(round, afterSequence: 2), new ChainHead(2, first[^1].Hash)).IsIntact);
    }

    [Fact]
    public async Task A_reopened_store_has_everything_that_was_stored()
    {
        var round = RoundId.New();
        var other = RoundId.New();
        var store = OpenStore();
        var appended = await store.AppendAsync(round, 0, Events(4));
        await store.AppendAsync(other, 0, Events(1));
        await store.SaveSnapshotAsync(new StoredSnapshot(round, 3, new byte[] { 1, 2, 3 }, Start));
        await CloseAsync(store);

        var reopened = OpenStore();
        var read = await reopened.ReadAsync(round);

        Assert.Equal(appended.Select(e => (e.Sequence, e.Type, Text(e), e.At, Convert.ToHexString(e.Hash.Span))),
            read.Select(e => (e.Sequence, e.Type, Text(e), e.At, Convert.ToHexString(e.Hash.Span))));
        Assert.Equal([round, other], await reopened.ListRoundsAsync());
        Assert.Equal([1, 2, 3], (await reopened.ReadLatestSnapshotAsync(round))!.State.ToArray());
        var continued = await reopened.AppendAsync(round, 4, Events(1));
        Assert.Equal(5, continued[0].Sequence);
        Assert.True(EventChain.Verify(await reopened.ReadAsync(round)).IsIntact);
    }

    [Fact]
    public async Task Of_many_writers_racing_for_a_round_exactly_one_wins()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await store.AppendAsync(round, 0, Events(3, $"writer{writer}"));
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        })).ToArray();
        go.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, won => won);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, read.Count);
        Assert.Single(read.Select(e => Text(e).Split('"')[1]).Distinct(StringComparer.Ordinal));
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task Concurrent_writers_on_many_rounds_keep_every_chain_whole()
    {
        const int rounds = 6;
        const int writersPerRound = 3;
        const int appendsPerWriter = 8;
        var store = OpenStore();
        var roundIds = Enumerable.Range(0, rounds).Select(_ => RoundId.New()).ToArray();
        var conflicts = new ConcurrentBag<ConcurrencyConflictException>();

        var writers = roundIds.SelectMany(round => Enumerable.Range(0, writersPerRound).Select(writer => Task.Run(async () =>
        {
            var expected = 0L;
            for (var append = 0; append < appendsPerWriter; append++)
            {
                while (true)
                {
                    try
                    {
                        var stored = await store.AppendAsync(round, expected, Events(2, $"w{writer}a{append}"));
                        expected = stored[^1].Sequence;
                        break;
                    }
                    catch (ConcurrencyConflictException conflict)
                    {
                        conflicts.Add(conflict);
                        expected = conflict.ActualSequence;
                    }
                }
            }
        }))).ToArray();
        await Task.WhenAll(writers);

        foreach (var round in roundIds)
        {
            var read = await store.ReadAsync(round);
            Assert.Equal(writersPerRound * appendsPerWriter * 2, read.Count);
            Assert.True(EventChain.Verify(read).IsIntact, EventChain.Verify(read).ToString());
            Assert.Equal(writersPerRound * appendsPerWriter, read.Select(e => Text(e).Split('"')[1]).Distinct(StringComparer.Ordinal).Count());
        }

        Assert.All(conflicts, conflict => Assert.True(conflict.ActualSequence > conflict.ExpectedSequence));
        Assert.Equal(rounds, (await store.ListRoundsAsync()).Count);
    }

    [Fact]
    public async Task Two_stores_over_the_same_storage_see_each_others_appends_as_conflicts()
    {
        var nodeA = OpenStore();
        var nodeB = OpenStore();
        var round = RoundId.New();

        await nodeA.AppendAsync(round, 0, Events(2, "a"));
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => nodeB.AppendAsync(round, 0, Events(1, "b")));
        await nodeB.AppendAsync(round, conflict.ActualSequence, Events(1, "b"));

        var seenByA = await nodeA.ReadAsync(round);
        Assert.Equal(["a", "a", "b"], seenByA.Select(e => Text(e).Split('"')[1]));
        Assert.True(EventChain.Verify(seenByA).IsIntact);
    }

    [Fact]
    public async Task A_working_store_is_ready()
    {
        var store = OpenStore();

        Assert.True(await store.IsReadyAsync());
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        Assert.True(await store.IsReadyAsync());
    }

    /// <summary><paramref name="bytes"/> cut into pieces of these sizes (the last takes the rest).</summary>
    private static ReadOnlySequence<byte> Segments(ReadOnlyMemory<byte> bytes, params int[] sizes)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        for (var i = 0; offset < bytes.Length; i++)
        {
            var size = i < sizes.Length - 1 ? Math.Min(sizes[i], bytes.Length - offset) : bytes.Length - offset;
            pieces.Add(bytes.Slice(offset, size));
            offset += size;
        }

        return ByteSequence.Of(pieces);
    }
}
