using Buurtbudget.Domain.Proposals;
using Buurtbudget.Storage.Images;
using Npgsql;
using NpgsqlTypes;

namespace Buurtbudget.Storage.Postgres;

/// <summary>Proposal images in the same database as the events, so that every node of a cluster serves them; apart
/// from the event log (their own table), so that their bytes can be deleted.</summary>
public sealed partial class PostgresEventStore : IImageStore
{
    public async Task PutAsync(ImageHash hash, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        const string action = "store an image";
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO proposal_images (hash, bytes, stored_at_ticks) VALUES (@hash, @bytes, @at) ON CONFLICT (hash) DO NOTHING;", connection);
            command.Parameters.AddWithValue("hash", hash.Value);
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("bytes", NpgsqlDbType.Bytea) { TypedValue = bytes });
            command.Parameters.AddWithValue("at", DateTimeOffset.UtcNow.UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    public async Task<byte[]?> GetAsync(ImageHash hash, CancellationToken cancellationToken = default)
    {
        const string action = "read an image";
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT bytes FROM proposal_images WHERE hash = @hash;", connection);
            command.Parameters.AddWithValue("hash", hash.Value);
            return await command.ExecuteScalarAsync(cancellationToken) as byte[];
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    public async Task<bool> DeleteAsync(ImageHash hash, CancellationToken cancellationToken = default)
    {
        const string action = "delete an image";
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("DELETE FROM proposal_images WHERE hash = @hash;", connection);
            command.Parameters.AddWithValue("hash", hash.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }
}
