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
}
