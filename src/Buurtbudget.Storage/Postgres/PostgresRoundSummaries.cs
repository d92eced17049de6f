using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Npgsql;
using NpgsqlTypes;

namespace Buurtbudget.Storage.Postgres;

/// <summary>The round summaries (the read model of the lists across rounds), in the same database as the events.</summary>
public sealed partial class PostgresEventStore
{
    public async Task UpsertAsync(StoredRoundSummary summary, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireSummary(summary);
        await InitializeAsync(cancellationToken);
        var action = $"write the summary of round {summary.RoundId}";
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { UpsertSummariesCommand([summary]) } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    public async Task<IReadOnlyList<StoredRoundSummary>> ListSummariesAsync(DistrictCode? district = null, RoundPhase? phase = null, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync("list round summaries", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT round_id, seq, district_code, phase, created_at_ticks, broken, document::text FROM round_summaries
                WHERE ($1::text IS NULL OR district_code = $1) AND ($2::integer IS NULL OR phase = $2)
                ORDER BY created_at_ticks DESC, round_id;
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = district is { } code ? code.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = phase is { } p ? (int)p : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });

            var summaries = new List<StoredRoundSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                summaries.Add(StoredRows.ReadSummary(reader));
            }

            return summaries;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure("list round summaries", exception);
        }
    }

    public async Task<IReadOnlyList<RoundId>> ListRoundsWithoutSummaryAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync("list rounds without a summary", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                $"""
                SELECT r.round_id FROM rounds r JOIN events e ON e.round_id = r.round_id AND e.seq = 1
                WHERE {WijkBudgetStreams.NotWijkBudgetSql("e.type")}
                  AND NOT EXISTS (SELECT 1 FROM round_summaries s WHERE s.round_id = r.round_id)
                ORDER BY r.first_at_ticks, r.listed_order;
                """,
                connection);
            var rounds = new List<RoundId>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rounds.Add(new RoundId(reader.GetGuid(0)));
            }

            return rounds;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure("list rounds without a summary", exception);
        }
    }

    /// <summary>The summaries, at most one per round, in one statement: a group commit writes the summaries of many
    /// rounds, and one statement costs the server one parse and one execution for all of them. A round's wijk and
    /// creation time are fixed when it is created, so an update leaves them (and the ordering index) alone.</summary>
    private static NpgsqlBatchCommand UpsertSummariesCommand(IReadOnlyCollection<StoredRoundSummary> summaries)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO round_summaries (round_id, seq, district_code, phase, created_at_ticks, broken, document)
            SELECT s.round_id, s.seq, s.district_code, s.phase, s.created_at_ticks, s.broken, s.document
            FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::integer[], $5::bigint[], $6::boolean[], $7::jsonb[])
                AS s (round_id, seq, district_code, phase, created_at_ticks, broken, document)
            ON CONFLICT (round_id) DO UPDATE SET
                seq = excluded.seq, phase = excluded.phase, broken = excluded.broken, document = excluded.document
            WHERE excluded.seq >= round_summaries.seq OR excluded.broken OR round_summaries.broken;
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = summaries.Select(s => s.RoundId.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = summaries.Select(s => s.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = summaries.Select(s => s.District.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = summaries.Select(s => (int)s.Phase).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = summaries.Select(s => s.CreatedAt.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = summaries.Select(s => s.Broken).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = summaries.Select(s => s.Document).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        return command;
    }
}
