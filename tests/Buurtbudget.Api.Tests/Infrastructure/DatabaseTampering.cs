using Microsoft.Data.Sqlite;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>What someone with write access to the database file can do behind the platform's back.</summary>
public static class DatabaseTampering
{
    /// <summary>Drops the append-only guard and turns the first stored ballot for proposal 1 into one for proposal 2.</summary>
    public static async Task ChangeFirstBallotForProposalOneAsync(TestDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        await using var database = new SqliteConnection($"Data Source={Path.Combine(directory.Data, "buurtbudget.db")};Pooling=False");
        database.Open();
        await using var tamper = database.CreateCommand();
        tamper.CommandText = """
            DROP TRIGGER events_no_update;
            UPDATE events SET payload = CAST(replace(CAST(payload AS TEXT), '"proposal":1', '"proposal":2') AS BLOB)
            WHERE seq = (SELECT min(seq) FROM events WHERE type = 'ballot-cast' AND instr(CAST(payload AS TEXT), '"proposal":1') > 0);
            """;
        Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
    }

    /// <summary>As <see cref="ChangeFirstBallotForProposalOneAsync"/>, and returns what puts that ballot back as it was
    /// stored: the chain holds again (the append-only guard stays dropped).</summary>
    public static async Task<Func<Task>> ChangeFirstBallotForProposalOneUndoablyAsync(TestDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        long row;
        byte[] stored;
        await using (var database = Open(directory))
        {
            await using var read = database.CreateCommand();
            read.CommandText = """
                SELECT rowid, payload FROM events
                WHERE seq = (SELECT min(seq) FROM events WHERE type = 'ballot-cast' AND instr(CAST(payload AS TEXT), '"proposal":1') > 0);
                """;
            await using var reader = await read.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            row = reader.GetInt64(0);
            stored = (byte[])reader.GetValue(1);
            Assert.False(await reader.ReadAsync());
        }

        await ChangeFirstBallotForProposalOneAsync(directory);
        return async () =>
        {
            await using var database = Open(directory);
            await using var restore = database.CreateCommand();
            restore.CommandText = "UPDATE events SET payload = $payload WHERE rowid = $row;";
            restore.Parameters.AddWithValue("$payload", stored);
            restore.Parameters.AddWithValue("$row", row);
            Assert.Equal(1, await restore.ExecuteNonQueryAsync());
        };
    }

    private static SqliteConnection Open(TestDirectory directory)
    {
        var database = new SqliteConnection($"Data Source={Path.Combine(directory.Data, "buurtbudget.db")};Pooling=False");
        database.Open();
        return database;
    }
}
