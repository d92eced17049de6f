using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Sqlite;
using Buurtbudget.Storage.Telemetry;
using Buurtbudget.Storage.Tests.Events;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Storage.Tests.Sqlite;

public sealed class SqliteEventStoreTests : EventStoreContract
{
    private readonly TemporaryDirectory _root = new();

    private string DataPath => _root.Combine("data");

    private string DatabasePath => Path.Combine(DataPath, SqliteEventStore.DatabaseFileName);

    protected override IEventStore CreateStore() => new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System);

    protected override GroupCommitCounts CommitsOf(IEventStore store) => Assert.IsType<SqliteEventStore>(store).GroupCommits;

    /// <summary>Another connection holds the file's write lock: the store's writer waits for it (busy timeout).</summary>
    protected override Task<IAsyncDisposable> HoldCommitsAsync()
    {
        var connection = OpenRaw();
        Execute(connection, "BEGIN IMMEDIATE;");
        return Task.FromResult<IAsyncDisposable>(new HeldLock(connection));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Each_commit_records_once_how_many_appends_it_carried_and_how_long_it_took()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var durations = new ConcurrentQueue<double>();
        var sizes = new ConcurrentQueue<int>();
        using var listener = new MeterListener
        {
            // Only this test's meter: other tests record on meters of the same name at the same time.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && string.Equals(instrument.Meter.Name, BuurtbudgetMetrics.MeterName, StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "buurtbudget.store.commit.duration")
            {
                durations.Enqueue(value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "buurtbudget.store.commit.appends")
            {
                sizes.Enqueue(value);
            }
        });
        listener.Start();

        await using var store = new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System, logger: null, new BuurtbudgetMetrics(meterFactory));
        await store.AppendAsync(RoundId.New(), 0, Events(2));
        Task[] appends;
        await using (await HoldCommitsAsync())
        {
            appends = Enumerable.Range(0, 10).Select(i => (Task)store.AppendAsync(RoundId.New(), 0, Events(1, $"r{i}"))).ToArray();
        }

        await Task.WhenAll(appends);

        // One entry per commit, not per append or event: eleven appends in at most three commits.
        var commits = store.GroupCommits.Commits;
        Assert.InRange(commits, 2, 3);
        Assert.Equal(commits, sizes.Count);
        Assert.Equal(commits, durations.Count);
        Assert.Equal(11, sizes.Sum());
        Assert.All(durations, seconds => Assert.InRange(seconds, double.Epsilon, 60));
    }

    [Fact]
    public async Task The_database_is_one_file_in_the_data_directory_in_WAL_mode_with_its_schema_recorded()
    {
        var store = OpenStore();
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        var second = OpenStore();
        Assert.True(await second.IsReadyAsync());

        Assert.True(File.Exists(DatabasePath));
        await using var raw = OpenRaw();
        Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode;"));
        // Every migration recorded once, the last one this build knows included.
        Assert.Equal((long)SqliteSchema.LatestVersion, Scalar(raw, "SELECT count(*) FROM schema_migrations;"));
        Assert.Equal((long)SqliteSchema.LatestVersion, Scalar(raw, "SELECT max(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task The_writer_keeps_what_undoes_one_append_in_memory_not_in_a_temporary_file()
    {
        SqliteConnection? writer = null;
        await using var store = new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System, logger: null, writerOpened: connection => writer = connection);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(3));

        // 2 is MEMORY: the savepoint and statement journals of every append stay in memory (0, the default, spills
        // them to a temporary file past 64 KiB).
        Assert.Equal(2L, Scalar(writer!, "PRAGMA temp_store;"));
        Assert.Equal(3, (await store.ReadAsync(round)).Count);
    }

    [Fact]
    public async Task The_database_refuses_to_change_delete_replace_or_unchain_an_event()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(3));
        await using var raw = OpenRaw();

        var update = Assert.Throws<SqliteException>(() => Execute(raw, $"UPDATE events SET payload = x'00' WHERE round_id = '{round}' AND seq = 2;"));
        var delete = Assert.Throws<SqliteException>(() => Execute(raw, $"DELETE FROM events WHERE round_id = '{round}' AND seq = 3;"));
        var replace = Assert.Throws<SqliteException>(() => Execute(raw,
            $"INSERT OR REPLACE INTO events SELECT round_id, seq, type, x'00', at, prev_hash, hash FROM events WHERE round_id = '{round}' AND seq = 2;"));
        var unchained = Assert.Throws<SqliteException>(() => Execute(raw,
            $"INSERT INTO events SELECT round_id, 5, type, payload, at, hash, hash FROM events WHERE round_id = '{round}' AND seq = 3;"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", replace.Message, StringComparison.Ordinal);
        Assert.Contains("must follow", unchained.Message, StringComparison.Ordinal);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, read.Count);
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task A_payload_byte_changed_in_the_file_is_caught_when_the_store_reads_it()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var appended = await store.AppendAsync(round, 0, Events(5));
        var changed = appended[2].Payload.ToArray();
        changed[^1] ^= 0x20;

        await using (var raw = OpenRaw())
        {
            Execute(raw, "DROP TRIGGER events_no_update;");
            using var command = raw.CreateCommand();
            command.CommandText = "UPDATE events SET payload = $payload WHERE round_id = $round AND seq = 3;";
            command.Parameters.AddWithValue("$payload", changed);
            command.Parameters.AddWithValue("$round", round.ToString());
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var verification = EventChain.Verify(await store.ReadAsync(round));

        Assert.Equal(ChainBreakReason.HashMismatch, verification.Break?.Reason);
        Assert.Equal(3, verification.Break?.ExpectedSequence);
    }

    [Fact]
    public async Task A_log_read_in_pieces_verifies_as_the_whole_log_and_places_a_break_in_the_whole_log()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(10));
        var pieces = new List<long[]>();

        var (intact, intactLast) = await LogReading.ReadVerifiedAsync(store, round, pieceSize: 3, piece => pieces.Add([.. piece.Select(e => e.Sequence)]));

        var whole = EventChain.Verify(await store.ReadAsync(round));
        Assert.Equal([[1L, 2L, 3L], [4L, 5L, 6L], [7L, 8L, 9L], [10L]], pieces);
        Assert.True(intact.IsIntact);
        Assert.Equal((whole.VerifiedCount, whole.Head.Sequence), (intact.VerifiedCount, intact.Head.Sequence));
        Assert.Equal(whole.Head.Hash.ToArray(), intact.Head.Hash.ToArray());
        Assert.Equal(10, intactLast);

        await using (var raw = OpenRaw())
        {
            Execute(raw, "DROP TRIGGER events_no_delete;");
            Execute(raw, $"DELETE FROM events WHERE round_id = '{round}' AND seq = 8;");
        }

        pieces.Clear();
        var (broken, brokenLast) = await LogReading.ReadVerifiedAsync(store, round, pieceSize: 3, piece => pieces.Add([.. piece.Select(e => e.Sequence)]));

        var wholeBroken = EventChain.Verify(await store.ReadAsync(round));
        Assert.Equal(ChainBreakReason.SequenceGap, broken.Break?.Reason);
        Assert.Equal(wholeBroken.Break, broken.Break);
        Assert.Equal(7, broken.Break!.Position);
        Assert.Equal(wholeBroken.VerifiedCount, broken.VerifiedCount);

        // The events after the break are still handed over: an auditor reads them.
        Assert.Equal([[1L, 2L, 3L], [4L, 5L, 6L], [7L, 9L, 10L]], pieces);
        Assert.Equal(10, brokenLast);
    }

    [Fact]
    public async Task An_event_deleted_from_the_file_is_caught_when_the_store_reads_it()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));

        await using (var raw = OpenRaw())
        {
            Execute(raw, "DROP TRIGGER events_no_delete;");
            Execute(raw, $"DELETE FROM events WHERE round_id = '{round}' AND seq = 3;");
        }

        var verification = EventChain.Verify(await store.ReadAsync(round));

        Assert.Equal(ChainBreakReason.SequenceGap, verification.Break?.Reason);
        Assert.Equal(3, verification.Break?.ExpectedSequence);
    }

    [Fact]
    public async Task Two_events_swapped_in_the_file_are_caught_when_the_store_reads_them()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));

        await using (var raw = OpenRaw())
        {
            Execute(raw, "DROP TRIGGER events_no_update;");
            Execute(raw, $"""
                CREATE TEMP TABLE original AS SELECT * FROM events WHERE round_id = '{round}';
                UPDATE events SET (type, payload, at, prev_hash, hash) =
                    (SELECT type, payload, at, prev_hash, hash FROM original WHERE original.seq = 5 - events.seq)
                WHERE round_id = '{round}' AND seq IN (2, 3);
                """);
        }

        var read = await store.ReadAsync(round);
        var verification = EventChain.Verify(read);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], read.Select(e => e.Sequence));
        Assert.Equal(ChainBreakReason.PreviousHashMismatch, verification.Break?.Reason);
        Assert.Equal(2, verification.Break?.ExpectedSequence);
    }

    [Fact]
    public async Task A_data_directory_moved_away_makes_the_store_unavailable_until_it_is_back()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(2));
        Assert.True(await store.IsReadyAsync());
        var away = _root.Combine("away");

        Directory.Move(DataPath, away);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(round, 2, [Event("BallotCast", "{\"lost\":true}")]));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync(round));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ListRoundsAsync());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.SaveSnapshotAsync(new StoredSnapshot(round, 2, new byte[] { 2 }, Start)));
        Assert.False(await store.IsReadyAsync());

        Directory.Move(away, DataPath);

        Assert.Equal(2, (await store.ReadAsync(round)).Count);
        Assert.True(await store.IsReadyAsync());
        var continued = await store.AppendAsync(round, 2, [Event("BallotCast", "{\"after\":true}")]);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, continued[0].Sequence);
        Assert.Equal(3, read.Count);
        Assert.DoesNotContain(read, e => Text(e).Contains("lost", StringComparison.Ordinal));
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task A_deleted_database_is_not_replaced_by_an_empty_one()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(2));

        Directory.Delete(DataPath, recursive: true);
        Directory.CreateDirectory(DataPath);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(round, 2, Events(1)));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(RoundId.New(), 0, Events(1)));
        Assert.False(await store.IsReadyAsync());
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task A_full_database_fails_the_whole_batch_and_the_store_recovers_when_space_returns()
    {
        var round = RoundId.New();
        var first = OpenStore();
        await first.AppendAsync(round, 0, Events(1));
        await CloseAsync(first);

        long pageCount;
        await using (var raw = OpenRaw())
        {
            pageCount = (long)Scalar(raw, "PRAGMA page_count;")!;
        }

        // SQLite's own page limit gives a real SQLITE_FULL in the middle of the batch, as a full disk would.
        long? pageLimit = pageCount + 4;
        await using var store = new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System, logger: null, writerOpened: connection =>
        {
            if (pageLimit is { } limit)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA max_page_count = {limit};";
                command.ExecuteNonQuery();
            }
        });
        var batch = Enumerable.Range(1, 1000)
            .Select(i => new NewEvent("BallotCast", Enumerable.Repeat((byte)(i % 256), 1024).ToArray(), Start.AddSeconds(i)))
            .ToArray();

        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(round, 1, batch));

        Assert.Contains("full", failure.Message, StringComparison.Ordinal);
        Assert.Single(await store.ReadAsync(round));

        pageLimit = null;
        var appended = await store.AppendAsync(round, 1, batch);

        Assert.Equal(1001, appended[^1].Sequence);
        var read = await store.ReadAsync(round);
        Assert.Equal(1001, read.Count);
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task A_full_database_fails_every_append_merged_into_the_commit_and_stores_none_of_them()
    {
        var first = OpenStore();
        await first.AppendAsync(RoundId.New(), 0, Events(1));
        await CloseAsync(first);

        long pageCount;
        await using (var raw = OpenRaw())
        {
            pageCount = (long)Scalar(raw, "PRAGMA page_count;")!;
        }

        // Each append alone fits in the pages left; together they do not. Committed one by one, the first ones would
        // be stored before the database filled up; merged into one transaction, none is.
        long? pageLimit = pageCount + 4;
        await using var store = new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System, logger: null, writerOpened: connection =>
        {
            if (pageLimit is { } limit)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA max_page_count = {limit};";
                command.ExecuteNonQuery();
            }
        });
        Assert.Empty(await store.ReadAsync(RoundId.New()));
        var rounds = Enumerable.Range(0, 20).Select(_ => RoundId.New()).ToArray();
        NewEvent[] Ballot(int i) => [new("BallotCast", Enumerable.Repeat((byte)i, 2048).ToArray(), Start.AddSeconds(i))];
        var before = store.GroupCommits;

        Task<IReadOnlyList<StoredEvent>>[] appends;
        await using (await HoldCommitsAsync())
        {
            appends = rounds.Select((round, i) => store.AppendAsync(round, 0, Ballot(i))).ToArray();
        }

        // The committer merges every append waiting when it starts a commit. Usually all twenty wait behind the held
        // lock and fail together; on a busy machine its first commit may start while only the first few were queued,
        // and those fit and are stored. Either way an append is stored whole or not at all, and a commit that failed
        // stored none of the appends merged into it.
        var stored = new List<RoundId>();
        var failed = new List<RoundId>();
        for (var i = 0; i < appends.Length; i++)
        {
            try
            {
                Assert.Single(await appends[i]);
                stored.Add(rounds[i]);
            }
            catch (StorageUnavailableException failure)
            {
                Assert.Contains("full", failure.Message, StringComparison.Ordinal);
                failed.Add(rounds[i]);
            }
        }

        var after = store.GroupCommits;
        Assert.True(failed.Count >= 2, $"Only {failed.Count} of the 20 appends failed: the database limit let them all through.");
        Assert.InRange(after.FailedCommits - before.FailedCommits, 1, failed.Count);
        Assert.Equal(stored.Count, after.Appends - before.Appends);
        foreach (var round in failed)
        {
            Assert.Empty(await store.ReadAsync(round));
        }

        foreach (var round in stored)
        {
            Assert.Single(await store.ReadAsync(round));
        }

        Assert.Equal(1 + stored.Count, (await store.ListRoundsAsync()).Count);

        pageLimit = null;
        await Task.WhenAll(failed.Select(round => store.AppendAsync(round, 0, Ballot(Array.IndexOf(rounds, round)))));
        foreach (var round in rounds)
        {
            var read = await store.ReadAsync(round);
            Assert.Single(read);
            Assert.True(EventChain.Verify(read).IsIntact);
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var store = OpenStore();
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        await using (var raw = OpenRaw())
        {
            Execute(raw, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z');");
        }

        var newer = OpenStore();

        Assert.False(await newer.IsReadyAsync());
        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => newer.AppendAsync(RoundId.New(), 0, Events(1)));
        Assert.Contains("newer", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_store_lets_go_of_its_files()
    {
        var store = new SqliteEventStore(DataDirectory.Resolve(DataPath), TimeProvider.System);
        await store.AppendAsync(RoundId.New(), 0, Events(3));
        await store.ReadAsync(RoundId.New());

        await store.DisposeAsync();

        Assert.False(File.Exists(DatabasePath + "-wal"));
        Assert.False(await store.IsReadyAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(RoundId.New(), 0, Events(1)));
    }

    [Fact]
    public async Task Committed_events_are_copied_into_the_database_file_beside_the_writer()
    {
        // A few events, far below the writer's own checkpoint (10,000 pages): without the checkpointer beside it, they
        // would stay in the log until the store closes.
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));

        var copied = -1L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (copied != 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            copied = EventsInTheDatabaseFileAlone(round);
        }

        Assert.Equal(5, copied);
        // The log may still be written to: the store is open and takes the next append as before.
        await store.AppendAsync(round, 5, Events(1));
        Assert.Equal(6, (await store.ReadAsync(round)).Count);
    }

    /// <summary>The round's events in a copy of the database file without its write-ahead log: only what a checkpoint
    /// copied into the file. -1 when the copy caught the file mid-write.</summary>
    private long EventsInTheDatabaseFileAlone(RoundId round)
    {
        var copy = _root.Combine("copy-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(DatabasePath, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            return (long)Scalar(connection, $"SELECT count(*) FROM events WHERE round_id = '{round}';")!;
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private sealed class HeldLock(SqliteConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Execute(connection, "ROLLBACK;");
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
