using System.Globalization;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Sqlite;
using Buurtbudget.Testing.Postgres;
using Npgsql;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>pg_dump and pg_restore of a whole database, as the README tells operators to run them, and rounds
/// moved between PostgreSQL and SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupTests(PostgresServerFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_pg_dump_restored_with_pg_restore_into_a_new_database_has_every_event_and_keeps_its_guards()
    {
        var server = fixture.Server;
        var sourceConnection = await server.CreateDatabaseAsync();
        var round = RoundId.New();
        var other = RoundId.New();
        await using (var source = new PostgresEventStore(sourceConnection))
        {
            round = await RoundTransferTests.SeedAsync(source, 40);
            other = await RoundTransferTests.SeedAsync(source, 3);
            await source.SaveSnapshotAsync(new StoredSnapshot(round, 30, new byte[] { 3, 0 }, DateTimeOffset.UnixEpoch));
        }

        var dump = _root.Combine("buurtbudget.dump");
        var dumped = await server.RunToolAsync("pg_dump", ["--format=custom", "--file", dump, "--dbname", Libpq(sourceConnection)]);
        Assert.True(dumped.ExitCode == 0, dumped.Output);

        var targetConnection = await server.CreateDatabaseAsync();
        var restored = await server.RunToolAsync("pg_restore", ["--exit-on-error", "--no-owner", "--dbname", Libpq(targetConnection), dump]);
        Assert.True(restored.ExitCode == 0, restored.Output);

        await using var source2 = new PostgresEventStore(sourceConnection);
        await using var target = new PostgresEventStore(targetConnection);
        var report = await StoreVerification.VerifyAsync(target);
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal([round, other], await target.ListRoundsAsync());
        await RoundTransferTests.AssertSameEventsAsync(source2, target, round);
        Assert.Equal(30, (await target.ReadLatestSnapshotAsync(round))!.Sequence);

        // The restored database still refuses changes, and takes new rounds and votes.
        await using (var raw = new NpgsqlConnection(targetConnection + ";Pooling=false"))
        {
            await raw.OpenAsync();
            await using var update = new NpgsqlCommand($"UPDATE events SET type = 'x' WHERE round_id = '{round}';", raw);
            await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        }

        Assert.Equal(41, (await target.AppendAsync(round, 40, [new NewEvent("BallotCast", new byte[] { 1 }, DateTimeOffset.UnixEpoch)]))[0].Sequence);
        var newRound = RoundId.New();
        await target.AppendAsync(newRound, 0, [new NewEvent("RoundCreated", new byte[] { 1 }, DateTimeOffset.UnixEpoch.AddYears(60))]);
        Assert.Equal([round, other, newRound], await target.ListRoundsAsync());
    }

    [Fact]
    public async Task A_round_moves_from_PostgreSQL_to_SQLite_and_back_unchanged()
    {
        await using var postgres = new PostgresEventStore(await fixture.Server.CreateDatabaseAsync());
        await using var sqlite = new SqliteEventStore(DataDirectory.Resolve(_root.Combine("sqlite")), TimeProvider.System);
        await using var postgresAgain = new PostgresEventStore(await fixture.Server.CreateDatabaseAsync());
        var round = await RoundTransferTests.SeedAsync(postgres, 120);

        var toSqlite = await RoundTransfer.ImportAsync(sqlite, new MemoryStream(await RoundTransferTests.ExportAsync(postgres, round)));
        var backToPostgres = await RoundTransfer.ImportAsync(postgresAgain, new MemoryStream(await RoundTransferTests.ExportAsync(sqlite, round)));

        Assert.True(toSqlite.IsAccepted, toSqlite.Message);
        Assert.True(backToPostgres.IsAccepted, backToPostgres.Message);
        await RoundTransferTests.AssertSameEventsAsync(postgres, sqlite, round);
        await RoundTransferTests.AssertSameEventsAsync(postgres, postgresAgain, round);
        Assert.Equal([round], await postgresAgain.ListRoundsAsync());
    }

    private static string Libpq(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"host={builder.Host} port={builder.Port} user={builder.Username} dbname={builder.Database}");
    }
}
