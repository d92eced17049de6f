using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.VotingCodes;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>The voting-code index, in the same file as the events.</summary>
public sealed partial class SqliteEventStore : IVotingCodeIndex
{
    public async Task AddVotingCodesAsync(RoundId round, IReadOnlyCollection<string> codeKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeKeys);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = AcquireWriter();
            try
            {
                // One transaction for the batch: either every code of a letter run finds its round, or none was handed out.
                using var transaction = writer.Connection.BeginTransaction();
                using var command = writer.Connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO voting_code_index (code_key, round_id) VALUES ($key, $round) ON CONFLICT (code_key) DO NOTHING;";
                var key = command.Parameters.Add("$key", SqliteType.Text);
                command.Parameters.AddWithValue("$round", Key(round));
                foreach (var codeKey in codeKeys)
                {
                    key.Value = codeKey;
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
            {
                AfterFailure(exception);
                throw Unavailable($"index the voting codes of round {round}", exception);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<RoundId?> FindRoundOfVotingCodeAsync(string codeKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeKey);
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT round_id FROM voting_code_index WHERE code_key = $key;";
            command.Parameters.AddWithValue("$key", codeKey);
            return await command.ExecuteScalarAsync(cancellationToken) is string round ? RoundId.Parse(round) : null;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable("find the round of a voting code", exception);
        }
    }
}
