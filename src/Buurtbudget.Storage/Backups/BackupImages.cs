using Buurtbudget.Domain.Proposals;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Images;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Backups;

/// <summary>
/// The embedded store's pictures inside a backup file, so that one file is the whole backup: a table
/// <c>backup_images(hash, bytes)</c> that only backups have. The live store never reads it, and a restore drops it.
/// </summary>
/// <remarks>
/// A picture's file name is its hash and the thumbnail is a picture of its own, so the hash alone names a row; there is
/// no variant column. A backup taken before pictures were backed up has no table, and restores with no pictures.
/// </remarks>
internal static class BackupImages
{
    private const string Table = "backup_images";

    /// <summary>Copies every picture file present now into the staged backup database.</summary>
    /// <remarks>
    /// Every file present after the database copy, rather than the hashes the copied events name: the API stores a
    /// picture before the event that names it is appended, so every picture a copied event names is on disk by now,
    /// unless it was erased, and then it must not be in the backup. Reading the events instead would tie the backup to
    /// every event type that names a picture, now and later, and one missed type would lose pictures silently. The
    /// price: a picture uploaded but never named (an append that failed) is backed up too, as any copy of the
    /// directory would. A picture erased while this runs is left out, as its file is gone.
    /// </remarks>
    /// <returns>How many pictures were copied.</returns>
    public static async Task<int> CopyIntoAsync(FileImageStore images, string stagedDatabase, CancellationToken cancellationToken)
    {
        await using var connection = Open(stagedDatabase);
        Execute(connection, $"CREATE TABLE {Table} (hash TEXT PRIMARY KEY NOT NULL, bytes BLOB NOT NULL) STRICT;");
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {Table} (hash, bytes) VALUES ($hash, $bytes);";
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        var bytes = insert.Parameters.Add("$bytes", SqliteType.Blob);
        var copied = 0;
        foreach (var stored in images.ListStored())
        {
            if (await images.GetAsync(stored, cancellationToken) is not { } content)
            {
                continue;
            }

            hash.Value = stored.Value;
            bytes.Value = content;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            copied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    /// <summary>Adds the pictures' check to <paramref name="report"/>: every picture's bytes must hash to its name.</summary>
    /// <exception cref="StorageUnavailableException">A row is named by something that is not a picture's hash; such a
    /// backup was not written by this program, and its names must never become paths.</exception>
    public static async Task<StoreVerificationReport> VerifyAsync(string stagedDatabase, StoreVerificationReport report, CancellationToken cancellationToken)
    {
        await using var connection = Open(stagedDatabase);
        if (!HasTable(connection))
        {
            return report with { ImageCount = 0 };
        }

        var count = 0;
        var damaged = new List<ImageHash>();
        await foreach (var (hash, bytes) in ReadAsync(connection, cancellationToken))
        {
            count++;
            if (ImageHash.Of(bytes) != hash)
            {
                damaged.Add(hash);
            }
        }

        return report with { ImageCount = count, DamagedImages = damaged };
    }

    /// <summary>Puts the backup's pictures into <paramref name="images"/>, after checking that none of them would
    /// replace a file with different bytes. Pictures that are there already with the same bytes stay as they are.</summary>
    /// <exception cref="IOException">A picture file in the target has other bytes than the backup's picture of the
    /// same name; nothing was written.</exception>
    public static async Task<int> RestoreAsync(string stagedDatabase, FileImageStore images, string imagesFolder, CancellationToken cancellationToken)
    {
        await using var connection = Open(stagedDatabase);
        if (!HasTable(connection))
        {
            return 0;
        }

        // All conflicts first, so that a refused restore has written nothing.
        var conflicts = new List<ImageHash>();
        await foreach (var (hash, bytes) in ReadAsync(connection, cancellationToken))
        {
            if (await images.GetAsync(hash, cancellationToken) is { } existing && !existing.AsSpan().SequenceEqual(bytes))
            {
                conflicts.Add(hash);
            }
        }

        if (conflicts.Count > 0)
        {
            throw new IOException(
                $"{conflicts.Count} picture file(s) under '{imagesFolder}' have other bytes than the backup's picture of the same name: " +
                $"{string.Join(", ", conflicts.Take(5))}{(conflicts.Count > 5 ? ", …" : "")}. Move them aside; a restore never overwrites a picture.");
        }

        var restored = 0;
        await foreach (var (hash, bytes) in ReadAsync(connection, cancellationToken))
        {
            // The image store's own write: the same layout, the same owner-only files, written whole and renamed.
            await images.PutAsync(hash, bytes, cancellationToken);
            restored++;
        }

        return restored;
    }

    /// <summary>Removes the pictures from a restored database: the live store keeps them as files, and a copy in the
    /// database would only keep erased pictures' bytes where no erase reaches them.</summary>
    public static void Drop(string stagedDatabase)
    {
        using var connection = Open(stagedDatabase);
        if (!HasTable(connection))
        {
            return;
        }

        Execute(connection, $"DROP TABLE {Table};");
        // Gives the pictures' pages back, so that their bytes are not left in the file's free pages either.
        Execute(connection, "VACUUM;");
    }

    private static async IAsyncEnumerable<(ImageHash Hash, byte[] Bytes)> ReadAsync(SqliteConnection connection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT hash, bytes FROM {Table} ORDER BY hash;";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (!ImageHash.TryParse(name, out var hash))
            {
                throw new StorageUnavailableException($"The backup holds a picture named '{name}', which is not a picture's hash (64 lower-case hexadecimal digits); it was not written by 'buurtbudget backup'.");
            }

            yield return (hash, reader.GetFieldValue<byte[]>(1));
        }
    }

    private static bool HasTable(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", Table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Read-write even to read: the staged copy is this program's own file, and SQLite opens a database in WAL
    /// mode read-only only under conditions (its -shm file there already) not worth depending on.</summary>
    private static SqliteConnection Open(string stagedDatabase)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = stagedDatabase, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
