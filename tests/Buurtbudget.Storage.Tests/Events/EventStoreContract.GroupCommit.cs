using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>Group commit across rounds: appends of different rounds waiting at the same moment share one transaction,
/// and each keeps its own contract inside it.</summary>
public abstract partial class EventStoreContract
{
    private const int ManyRounds = 20;

    /// <summary>Holds the store's commits from outside, as another writer on the same storage would (a write lock on the
    /// file or the table), until the result is disposed: appends made meanwhile queue up behind the held one.</summary>
    protected abstract Task<IAsyncDisposable> HoldCommitsAsync();

    protected abstract GroupCommitCounts CommitsOf(IEventStore store);

    [Fact]
    public async Task Appends_of_many_rounds_waiting_at_once_share_one_commit()
    {
        var store = OpenStore();
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        var rounds = Enumerable.Range(0, ManyRounds).Select(_ => RoundId.New()).ToArray();
        var before = CommitsOf(store);

        Task<IReadOnlyList<StoredEvent>>[] appends;
        await using (await HoldCommitsAsync())
        {
            // At most the first append reaches the held lock alone; every other one waits behind it.
            appends = rounds
                .Select((round, i) => store.AppendAsync(round, 0, Events(i % 3 + 1, $"r{i}"), Summary(round, i % 3 + 1, Delfshaven, RoundPhase.Voting, i)))
                .ToArray();
        }

        var stored = await Task.WhenAll(appends);

        var after = CommitsOf(store);
        Assert.InRange(after.Commits - before.Commits, 1, 2);
        Assert.Equal(ManyRounds, after.Appends - before.Appends);
        Assert.Equal(0, after.FailedCommits - before.FailedCommits);
        var restarted = OpenStore();
        for (var i = 0; i < ManyRounds; i++)
        {
            var read = await restarted.ReadAsync(rounds[i]);
            Assert.Equal(stored[i].Select(e => e.Hash.ToArray()), read.Select(e => e.Hash.ToArray()));
            Assert.Equal(Enumerable.Range(1, i % 3 + 1).Select(n => $"{{\"r{i}\":{n}}}"), read.Select(Text));
            Assert.True(EventChain.Verify(read).IsIntact);
        }

        // Each round's summary was written in the shared transaction with its events.
        var listed = await Summaries(restarted).ListSummariesAsync(district: Delfshaven);
        Assert.Equal(rounds.Reverse(), listed.Select(s => s.RoundId));
        Assert.Equal(rounds.Select((_, i) => (long)(i % 3 + 1)).Reverse(), listed.Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_conflict_in_a_shared_commit_fails_only_that_rounds_append()
    {
        var store = OpenStore();
        var rounds = Enumerable.Range(0, 4).Select(_ => RoundId.New()).ToArray();
        foreach (var round in rounds)
        {
            await store.AppendAsync(round, 0, Events(2, "old"));
        }

        var fresh = RoundId.New();
        var before = CommitsOf(store);
        Task<IReadOnlyList<StoredEvent>> first, stale, second, twin, created, last;
        await using (await HoldCommitsAsync())
        {
            first = store.AppendAsync(rounds[0], 2, Events(1, "first"));
            stale = store.AppendAsync(rounds[1], 1, Events(1, "stale"));
            second = store.AppendAsync(rounds[2], 2, Events(2, "second"));

            // Two writers of one round in one group: the later one meets the head the earlier one leaves.
            twin = store.AppendAsync(rounds[3], 2, Events(2, "twin"));
            created = store.AppendAsync(fresh, 0, Events(1, "created"));
            last = store.AppendAsync(rounds[3], 2, Events(1, "late twin"));
        }

        var staleConflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => stale);
        var twinConflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => last);
        Assert.Equal((rounds[1], 1L, 2L), (staleConflict.RoundId, staleConflict.ExpectedSequence, staleConflict.ActualSequence));
        Assert.Equal((rounds[3], 2L, 4L), (twinConflict.RoundId, twinConflict.ExpectedSequence, twinConflict.ActualSequence));
        Assert.Equal([3L], (await first).Select(e => e.Sequence));
        Assert.Equal([3L, 4L], (await second).Select(e => e.Sequence));
        Assert.Equal([3L, 4L], (await twin).Select(e => e.Sequence));
        Assert.Equal([1L], (await created).Select(e => e.Sequence));

        var after = CommitsOf(store);
        Assert.InRange(after.Commits - before.Commits, 1, 2);
        Assert.Equal(4, after.Appends - before.Appends);

        var restarted = OpenStore();
        Assert.Equal(["{\"old\":1}", "{\"old\":2}"], (await restarted.ReadAsync(rounds[1])).Select(Text));
        Assert.Equal(["{\"old\":1}", "{\"old\":2}", "{\"twin\":1}", "{\"twin\":2}"], (await restarted.ReadAsync(rounds[3])).Select(Text));
        foreach (var round in rounds.Append(fresh))
        {
            Assert.True(EventChain.Verify(await restarted.ReadAsync(round)).IsIntact);
        }

        Assert.Equal(5, (await restarted.ListRoundsAsync()).Count);
    }
}
