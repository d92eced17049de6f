using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Tests.Events;
using Buurtbudget.Testing.Postgres;
using Npgsql;

namespace Buurtbudget.Storage.Tests.Postgres;

/// <summary>The storage contract on a real PostgreSQL server, plus what only PostgreSQL has to show.
/// Each test gets a database of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreTests(PostgresServerFixture fixture) : EventStoreContract
{
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database was not created.");

    public override async Task InitializeAsync() => _connectionString = await fixture.Server.CreateDatabaseAsync();

    protected override IEventStore CreateStore() => new PostgresEventStore(ConnectionString);

    protected override GroupCommitCounts CommitsOf(IEventStore store) => Assert.IsType<PostgresEventStore>(store).GroupCommits;

    /// <summary>Another session locks the events table against writes: the store's insert waits for it.</summary>
    protected override async Task<IAsyncDisposable> HoldCommitsAsync() => await HoldTableAsync("events");

    [Fact]
    public async Task A_commit_that_fails_fails_every_append_merged_into_it_and_stores_none_of_them()
    {
        var store = new PostgresEventStore(ConnectionString);
        await using var closing = store;
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        var rounds = Enumerable.Range(0, 20).Select(_ => RoundId.New()).ToArray();
        var before = store.GroupCommits;

        Task<IReadOnlyList<StoredEvent>>[] appends;
        await using (await HoldTableAsync("round_summaries"))
        {
            // Each group's events are inserted, then its summaries wait for the lock: there the server ends the
            // session, as a crash or a failover would, in the middle of the shared transaction.
            appends = rounds.Select((round, i) => store.AppendAsync(round, 0, Events(2, $"r{i}"), Summary(round, 2))).ToArray();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!appends.All(append => append.IsCompleted))
            {
                Assert.True(DateTime.UtcNow < deadline, "The appends neither blocked nor finished.");
                await TerminateSessionsWaitingForALockAsync();
                await Task.WhenAny(Task.WhenAll(appends), Task.Delay(20));
            }
        }

        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => append);
        }

        var after = store.GroupCommits;
        Assert.Equal(0, after.Commits - before.Commits);
        Assert.InRange(after.FailedCommits - before.FailedCommits, 1, 2);
        await using (var raw = await OpenRawAsync())
        {
            Assert.Equal(1L, await ScalarAsync(raw, "SELECT count(*) FROM events;"));
            Assert.Equal(1L, await ScalarAsync(raw, "SELECT count(*) FROM rounds;"));
            Assert.Equal(0L, await ScalarAsync(raw, "SELECT count(*) FROM round_summaries;"));
        }

        await Task.WhenAll(rounds.Select((round, i) => store.AppendAsync(round, 0, Events(2, $"r{i}"), Summary(round, 2))));
        foreach (var round in rounds)
        {
            var read = await store.ReadAsync(round);
            Assert.Equal(2, read.Count);
            Assert.True(EventChain.Verify(read).IsIntact);
        }
    }

    [Fact]
    public async Task The_schema_is_migrated_once_and_recorded()
    {
        var store = OpenStore();
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        var second = OpenStore();
        Assert.True(await second.IsReadyAsync());

        await using var raw = await OpenRawAsync();
        // Every migration recorded once, the last one this build knows included.
        Assert.Equal((long)PostgresSchema.LatestVersion, await ScalarAsync(raw, "SELECT count(DISTINCT version) FROM schema_migrations;"));
        Assert.Equal((long)PostgresSchema.LatestVersion, await ScalarAsync(raw, "SELECT count(*) FROM schema_migrations;"));
        Assert.Equal(PostgresSchema.LatestVersion, await ScalarAsync(raw, "SELECT max(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Connections_commit_synchronously_even_where_the_database_default_says_otherwise()
    {
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, $"ALTER DATABASE \"{raw.Database}\" SET synchronous_commit = off;");
        }

        await using var plain = await OpenRawAsync();
        await using var store = new NpgsqlConnection(PostgresConnectionString.Prepare(ConnectionString).ConnectionString);
        await store.OpenAsync();

        Assert.Equal("off", await ScalarAsync(plain, "SHOW synchronous_commit;"));
        Assert.Equal("on", await ScalarAsync(store, "SHOW synchronous_commit;"));
    }

    [Fact]
    public async Task The_database_refuses_to_change_delete_truncate_or_unchain_an_event()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(3));
        await using var raw = await OpenRawAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw, $"UPDATE events SET payload = '\\x00' WHERE round_id = '{round}' AND seq = 2;"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw, $"DELETE FROM events WHERE round_id = '{round}' AND seq = 3;"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw, "TRUNCATE events CASCADE;"));
        var unchained = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw,
            $"INSERT INTO events SELECT round_id, 5, type, payload, at_ticks, hash, hash FROM events WHERE round_id = '{round}' AND seq = 3;"));
        var upsert = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(raw,
            $"INSERT INTO events SELECT * FROM events WHERE round_id = '{round}' AND seq = 2 ON CONFLICT (round_id, seq) DO UPDATE SET payload = '\\x00';"));

        Assert.Contains("append-only: UPDATE", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only: DELETE", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only: TRUNCATE", truncate.MessageText, StringComparison.Ordinal);
        Assert.Contains("must follow", unchained.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", upsert.MessageText, StringComparison.Ordinal);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, read.Count);
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task A_payload_byte_changed_behind_the_stores_back_is_caught_when_it_reads_it()
    {
        var store = OpenStore();
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5));

        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, "ALTER TABLE events DISABLE TRIGGER events_no_update;");
            await ExecuteAsync(raw, $"UPDATE events SET payload = overlay(payload placing '\\x41' from 1 for 1) WHERE round_id = '{round}' AND seq = 3;");
        }

        var verification = EventChain.Verify(await store.ReadAsync(round));

        Assert.Equal(ChainBreakReason.HashMismatch, verification.Break?.Reason);
        Assert.Equal(3, verification.Break?.ExpectedSequence);
    }

    [Fact]
    public async Task Two_nodes_racing_for_every_sequence_of_a_round_each_time_leave_exactly_one_winner()
    {
        const int sequences = 40;
        var nodeA = OpenStore();
        var nodeB = OpenStore();
        var round = RoundId.New();

        for (var expected = 0L; expected < sequences; expected++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = new[] { (Node: nodeA, Name: "a"), (Node: nodeB, Name: "b") }.Select(node => Task.Run(async () =>
            {
                await go.Task;
                try
                {
                    await node.Node.AppendAsync(round, expected, [Event("BallotCast", $"{{\"{node.Name}\":{expected}}}")]);
                    return (Won: true, Actual: expected + 1);
                }
                catch (ConcurrencyConflictException conflict)
                {
                    return (Won: false, Actual: conflict.ActualSequence);
                }
            })).ToArray();
            go.SetResult();
            var outcomes = await Task.WhenAll(attempts);

            Assert.Single(outcomes, outcome => outcome.Won);
            Assert.All(outcomes, outcome => Assert.Equal(expected + 1, outcome.Actual));
        }

        var seenByA = await nodeA.ReadAsync(round);
        var seenByB = await nodeB.ReadAsync(round);
        Assert.Equal(sequences, seenByA.Count);
        Assert.True(EventChain.Verify(seenByA).IsIntact, EventChain.Verify(seenByA).ToString());
        Assert.Equal(seenByA.Select(e => Convert.ToHexString(e.Hash.Span)), seenByB.Select(e => Convert.ToHexString(e.Hash.Span)));
    }

    [Fact]
    public async Task Nodes_starting_at_once_migrate_the_schema_without_error_and_exactly_once()
    {
        var nodes = Enumerable.Range(0, 8).Select(_ => (PostgresEventStore)OpenStore()).ToArray();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var starts = nodes.Select(node => Task.Run(async () =>
        {
            await go.Task;
            await node.InitializeAsync();
        })).ToArray();
        go.SetResult();
        await Task.WhenAll(starts);

        await using var raw = await OpenRawAsync();
        Assert.Equal((long)PostgresSchema.LatestVersion, await ScalarAsync(raw, "SELECT count(*) FROM schema_migrations;"));
        Assert.All(await Task.WhenAll(nodes.Select(node => node.IsReadyAsync())), Assert.True);
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var store = OpenStore();
        await store.AppendAsync(RoundId.New(), 0, Events(1));
        await using (var raw = await OpenRawAsync())
        {
            await ExecuteAsync(raw, "INSERT INTO schema_migrations (version) VALUES (99);");
        }

        var newer = OpenStore();

        Assert.False(await newer.IsReadyAsync());
        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => newer.AppendAsync(RoundId.New(), 0, Events(1)));
        Assert.Contains("newer", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_store_is_not_ready_and_refuses_work()
    {
        var store = new PostgresEventStore(ConnectionString);
        await store.AppendAsync(RoundId.New(), 0, Events(1));

        await store.DisposeAsync();

        Assert.False(await store.IsReadyAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(RoundId.New(), 0, Events(1)));
    }

    [Fact]
    public void The_connection_string_never_appears_with_its_password_in_messages()
    {
        var store = new PostgresEventStore("Host=db.example;Port=6432;Database=buurtbudget;Username=bb;Password=geheim");

        Assert.Equal("db.example:6432/buurtbudget", store.Description);
        store.Dispose();
    }

    private static StoredRoundSummary Summary(RoundId round, long sequence) =>
        new(round, sequence, DistrictCode.Parse("WK059903"), RoundPhase.Voting, Start, Broken: false, "{\"title\":\"Buurtbudget\"}");

    private async Task<IAsyncDisposable> HoldTableAsync(string table)
    {
        var connection = await OpenRawAsync();
        await ExecuteAsync(connection, $"BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE;");
        return new HeldLock(connection);
    }

    private async Task TerminateSessionsWaitingForALockAsync()
    {
        await using var admin = await OpenRawAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid();",
            admin);
        await command.ExecuteScalarAsync();
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync(connection, "COMMIT;");
            await connection.DisposeAsync();
        }
    }
}
