using System.Data.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Events;

/// <summary>How every store turns its rows back into events and snapshots. Both stores keep the same columns in the
/// same order and times as UTC ticks, so one reader serves them and they cannot drift apart.</summary>
internal static class StoredRows
{
    /// <summary>Reads rows of (seq, type, payload, at as UTC ticks, prev_hash, hash), in the order given.</summary>
    public static async Task<List<StoredEvent>> ReadEventsAsync(DbDataReader reader, RoundId roundId, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(
                roundId,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                FromTicks(reader.GetInt64(3)),
                reader.GetFieldValue<byte[]>(4),
                reader.GetFieldValue<byte[]>(5)));
        }

        return events;
    }

    /// <summary>Reads the current row of (seq, state, at as UTC ticks) as a snapshot.</summary>
    public static StoredSnapshot ReadSnapshot(DbDataReader reader, RoundId roundId) =>
        new(roundId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), FromTicks(reader.GetInt64(2)));

    /// <summary>Reads the current row of (round_id, seq, district_code, phase, created_at as UTC ticks, broken, document).</summary>
    public static StoredRoundSummary ReadSummary(DbDataReader reader) =>
        new(
            new RoundId(reader.GetGuid(0)),
            reader.GetInt64(1),
            DistrictCode.Parse(reader.GetString(2)),
            (RoundPhase)reader.GetInt32(3),
            FromTicks(reader.GetInt64(4)),
            reader.GetBoolean(5),
            reader.GetString(6));

    /// <summary>Times are stored as UTC ticks: exact, so the hash of a read-back event verifies.</summary>
    public static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
