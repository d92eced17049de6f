using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.VotingCodes;
using Npgsql;
using NpgsqlTypes;

namespace Buurtbudget.Storage.Postgres;

/// <summary>The voting-code index, in the same database as the events.</summary>
public sealed partial class PostgresEventStore : IVotingCodeIndex
{
    public async Task AddVotingCodesAsync(RoundId round, IReadOnlyCollection<string> codeKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeKeys);
        await InitializeAsync(cancellationToken);
        var action = $"index the voting codes of round {round}";
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            // One statement for the batch: either every code of a letter run finds its round, or none was handed out.
            await using var command = new NpgsqlCommand(
                "INSERT INTO voting_code_index (code_key, round_id) SELECT key, $2 FROM unnest($1::text[]) AS key ON CONFLICT (code_key) DO NOTHING;",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = codeKeys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = round.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    public async Task<RoundId?> FindRoundOfVotingCodeAsync(string codeKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeKey);
        await InitializeAsync(cancellationToken);
        const string action = "find the round of a voting code";
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT round_id FROM voting_code_index WHERE code_key = $1;", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = codeKey, NpgsqlDbType = NpgsqlDbType.Text });
            return await command.ExecuteScalarAsync(cancellationToken) is Guid round ? new RoundId(round) : null;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }
}
