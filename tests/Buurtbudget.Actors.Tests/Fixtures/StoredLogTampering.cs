using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>What someone with write access to the database file can do behind the platform's back: drop the
/// append-only guards and change the stored log.</summary>
public static class StoredLogTampering
{
    /// <summary>Appends a space to one event's payload: the event still reads as the same JSON, only its hash no longer
    /// matches, as with any edit that keeps the payload readable.</summary>
    public static Task ChangeEventAsync(string dataDirectory, RoundId roundId, long sequence) =>
        TamperAsync(dataDirectory, roundId, sequence, """
            DROP TRIGGER events_no_update;
            UPDATE events SET payload = CAST(payload || ' ' AS BLOB) WHERE round_id = $round AND seq = $seq;
            """);

    public static Task DropEventAsync(string dataDirectory, RoundId roundId, long sequence) =>
        TamperAsync(dataDirectory, roundId, sequence, """
            DROP TRIGGER events_no_delete;
            DELETE FROM events WHERE round_id = $round AND seq = $seq;
            """);

    private static async Task TamperAsync(string dataDirectory, RoundId roundId, long sequence, string sql)
    {
        await using var database = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, SqliteEventStore.DatabaseFileName)};Pooling=False");
        await database.OpenAsync();
        await using var tamper = database.CreateCommand();
        tamper.CommandText = sql;
        tamper.Parameters.AddWithValue("$round", roundId.Value.ToString("D"));
        tamper.Parameters.AddWithValue("$seq", sequence);
        Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
    }
}
