using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>The round summaries (the read model of the lists across rounds), in the same file as the events.</summary>
public sealed partial class SqliteEventStore
{
    // A round's wijk and creation time are fixed when it is created, so an update leaves them, and with them the
    // ordering index, alone.
    private const string UpsertSummarySql = """
        INSERT INTO round_summaries (round_id, seq, district_code, phase, created_at, broken, document)
        VALUES ($round, $seq, $district, $phase, $createdAt, $broken, $document)
        ON CONFLICT (round_id) DO UPDATE SET
            seq = excluded.seq, phase = excluded.phase, broken = excluded.broken, document = excluded.document
        WHERE excluded.seq >= round_summaries.seq OR excluded.broken = 1 OR round_summaries.broken = 1;
        """;

    public async Task UpsertAsync(StoredRoundSummary summary, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireSummary(summary);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = AcquireWriter();
            try
            {
                writer.UpsertSummary(transaction: null, summary);
            }
            catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
            {
                AfterFailure(exception);
                throw Unavailable($"write the summary of round {summary.RoundId}", exception);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<StoredRoundSummary>> ListSummariesAsync(DistrictCode? district = null, RoundPhase? phase = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT round_id, seq, district_code, phase, created_at, broken, document FROM round_summaries
                WHERE ($district IS NULL OR district_code = $district) AND ($phase IS NULL OR phase = $phase)
                ORDER BY created_at DESC, round_id;
                """;
            command.Parameters.AddWithValue("$district", district is { } code ? code.Value : DBNull.Value);
            command.Parameters.AddWithValue("$phase", phase is { } p ? (int)p : DBNull.Value);

            var summaries = new List<StoredRoundSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                summaries.Add(StoredRows.ReadSummary(reader));
            }

            return summaries;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable("list round summaries", exception);
        }
    }

    public async Task<IReadOnlyList<RoundId>> ListRoundsWithoutSummaryAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT round_id FROM events
                WHERE seq = 1 AND {WijkBudgetStreams.NotWijkBudgetSql("type")}
                  AND NOT EXISTS (SELECT 1 FROM round_summaries s WHERE s.round_id = events.round_id)
                ORDER BY at, rowid;
                """;
            var rounds = new List<RoundId>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rounds.Add(RoundId.Parse(reader.GetString(0)));
            }

            return rounds;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable("list rounds without a summary", exception);
        }
    }
}
