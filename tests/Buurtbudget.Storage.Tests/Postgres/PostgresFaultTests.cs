using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Testing.Postgres;
using Npgsql;

namespace Buurtbudget.Storage.Tests.Postgres;

/// <summary>The server goes away and comes back. These tests run a server of their own, so stopping it cannot
/// disturb the shared one; they sit in the shared collection only to run one at a time with it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    private PostgresServer? _server;

    private PostgresServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stopped_server_makes_the_store_unavailable_and_it_recovers_by_itself_when_the_server_is_back()
    {
        await using var store = new PostgresEventStore(await Server.CreateDatabaseAsync());
        var round = RoundId.New();
        await store.AppendAsync(round, 0, [Vote("before-1"), Vote("before-2")]);
        Assert.True(await store.IsReadyAsync());

        await Server.StopAsync();

        var append = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(round, 2, [Vote("lost")]));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync(round));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ListRoundsAsync());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.SaveSnapshotAsync(new StoredSnapshot(round, 2, new byte[] { 2 }, Start)));
        Assert.False(await store.IsReadyAsync());
        Assert.Contains("PostgreSQL at 127.0.0.1", append.Message, StringComparison.Ordinal);

        await Server.StartAgainAsync();

        Assert.True(await store.IsReadyAsync());
        var continued = await store.AppendAsync(round, 2, [Vote("after")]);
        var read = await store.ReadAsync(round);
        Assert.Equal(3, continued[0].Sequence);
        Assert.Equal(["before-1", "before-2", "after"], read.Select(e => System.Text.Encoding.UTF8.GetString(e.Payload.Span)));
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    [Fact]
    public async Task A_store_created_while_the_server_is_down_migrates_and_works_once_it_is_up()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await Server.StopAsync();
        await using var store = new PostgresEventStore(connectionString);

        Assert.False(await store.IsReadyAsync());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());

        await Server.StartAgainAsync();

        Assert.True(await store.IsReadyAsync());
        Assert.Equal(1, (await store.AppendAsync(RoundId.New(), 0, [Vote("first")]))[0].Sequence);
    }

    [Fact]
    public async Task Sessions_killed_by_the_server_are_replaced_without_a_failed_call_afterwards()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await using var store = new PostgresEventStore(connectionString);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, [Vote("one")]);

        // What a failover or an operator's pg_terminate_backend does to the idle connections in the pool.
        await using (var admin = new NpgsqlConnection(Server.ConnectionString() + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid();",
                admin);
            kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = new NpgsqlConnectionStringBuilder(connectionString).Database });
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1);
        }

        // The first call may meet a dead pooled connection: it fails as unavailable (never as a half-write) and clears the pool.
        try
        {
            await store.AppendAsync(round, 1, [Vote("two")]);
        }
        catch (StorageUnavailableException)
        {
            await store.AppendAsync(round, 1, [Vote("two")]);
        }

        var read = await store.ReadAsync(round);
        Assert.Equal(2, read.Count);
        Assert.True(EventChain.Verify(read).IsIntact);
    }

    private static NewEvent Vote(string text) => new("BallotCast", System.Text.Encoding.UTF8.GetBytes(text), Start);
}
