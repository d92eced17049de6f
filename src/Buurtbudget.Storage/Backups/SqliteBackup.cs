using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Images;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Backups;

/// <summary>
/// Whole-database backups of the embedded store, taken while the platform runs, and their restore.
/// </summary>
/// <remarks>
/// The copy uses SQLite's online backup API: it reads one consistent snapshot of the database, including what is
/// still in the write-ahead log. In WAL mode it blocks no writer, so voting goes on during the backup. A copy of the
/// file with <c>cp</c> could miss committed events that still sit in the <c>-wal</c> file, or tear a page. Every
/// backup is checked before it is reported done. It must pass SQLite's integrity check, every round's chain must
/// verify, and every picture must match its hash. Only then does it get its final name, so a file at the destination
/// is always a good backup. The embedded store's pictures are files beside the database; the backup copies them into
/// a table of its own (see <see cref="BackupImages"/>), so that one file is the whole backup, and a restore puts them
/// back as files.
/// </remarks>
public static class SqliteBackup
{
    /// <summary>Backs up the database and the pictures in <paramref name="dataDirectory"/> to
    /// <paramref name="destinationFile"/>, which must not exist yet.</summary>
    /// <exception cref="StorageUnavailableException">There is no database, or it cannot be read, or the copy fails its checks.</exception>
    /// <exception cref="IOException">The destination exists or cannot be written.</exception>
    public static async Task<StoreVerificationReport> BackupAsync(DataDirectory dataDirectory, string destinationFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFile);

        var source = dataDirectory.GetFilePath(SqliteEventStore.DatabaseFileName);
        var destination = Path.GetFullPath(destinationFile);
        if (!File.Exists(source))
        {
            throw new StorageUnavailableException($"There is no database at '{source}' to back up.");
        }

        if (File.Exists(destination))
        {
            throw new IOException($"'{destination}' exists already; a backup never overwrites a file.");
        }

        var staging = DataDirectory.Resolve(Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial"));
        try
        {
            var staged = staging.GetFilePath(SqliteEventStore.DatabaseFileName);
            Copy(source, staged);
            StoreVerificationReport report;
            try
            {
                await BackupImages.CopyIntoAsync(new FileImageStore(dataDirectory), staged, cancellationToken);
                report = await VerifyFileAsync(staging, cancellationToken);
            }
            catch (SqliteException exception)
            {
                throw new StorageUnavailableException($"Could not copy the pictures of '{dataDirectory.Path}' into the backup: {exception.Message}", exception);
            }

            if (!report.IsIntact)
            {
                throw new StorageUnavailableException($"The backup of '{dataDirectory.Path}' does not verify, so it was not written: {report}");
            }

            File.Move(staged, destination, overwrite: false);
            return report;
        }
        finally
        {
            TryDelete(staging.Path);
        }
    }

    /// <summary>Puts <paramref name="backupFile"/> in place as the database of <paramref name="dataDirectory"/>, and its
    /// pictures back under <c>images/</c>, after checking it. Run it with the platform stopped; it refuses to replace an
    /// existing database or picture.</summary>
    /// <exception cref="IOException">The data directory holds a database already, or a picture file under its
    /// <c>images/</c> has other bytes than the backup's picture of that name; nothing was put in place.</exception>
    /// <exception cref="StorageUnavailableException">The backup cannot be read or does not verify; nothing was put in place.</exception>
    public static async Task<StoreVerificationReport> RestoreAsync(string backupFile, DataDirectory dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupFile);
        ArgumentNullException.ThrowIfNull(dataDirectory);

        var target = dataDirectory.GetFilePath(SqliteEventStore.DatabaseFileName);
        if (File.Exists(target) || File.Exists(target + "-wal"))
        {
            throw new IOException($"'{target}' exists already. Stop the platform and move the current database aside first; a restore never overwrites one.");
        }

        if (!File.Exists(backupFile))
        {
            throw new StorageUnavailableException($"There is no backup file '{backupFile}'.");
        }

        var staging = DataDirectory.Resolve(Path.Combine(dataDirectory.Path, $".restore.{Guid.NewGuid():N}.partial"));
        try
        {
            var staged = staging.GetFilePath(SqliteEventStore.DatabaseFileName);
            // Through the backup API rather than a file copy: it reads the backup as a database, so a file that is
            // not one fails here, not at the first vote.
            Copy(Path.GetFullPath(backupFile), staged);

            StoreVerificationReport report;
            try
            {
                report = await VerifyFileAsync(staging, cancellationToken);
                if (!report.IsIntact)
                {
                    throw new StorageUnavailableException($"The backup '{backupFile}' does not verify, so it was not restored: {report}");
                }

                // Pictures before the database: a restore that stops half-way leaves no database, so it is plainly
                // not done, and running it again finds the pictures it already wrote identical and goes on.
                await BackupImages.RestoreAsync(staged, new FileImageStore(dataDirectory), Path.Combine(dataDirectory.Path, FileImageStore.FolderName), cancellationToken);
                BackupImages.Drop(staged);
            }
            catch (SqliteException exception)
            {
                throw new StorageUnavailableException($"Could not read the pictures in the backup '{backupFile}', so it was not restored: {exception.Message}", exception);
            }

            File.Move(staged, target, overwrite: false);
            return report;
        }
        finally
        {
            TryDelete(staging.Path);
        }
    }

    private static void Copy(string sourceFile, string destinationFile)
    {
        try
        {
            // Owner-only before SQLite writes a byte: the copy holds every ballot's event and the residents' pictures,
            // and a file keeps its mode through the final rename (a backup was world-readable under a usual umask).
            DataDirectory.CreateOwnerOnlyFile(destinationFile);
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sourceFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destinationFile, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);

            using var check = destination.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var integrity = check.ExecuteScalar() as string;
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
            {
                throw new StorageUnavailableException($"The copy of '{sourceFile}' fails SQLite's integrity check: {integrity}");
            }
        }
        catch (SqliteException exception)
        {
            throw new StorageUnavailableException($"Could not copy the database '{sourceFile}': {exception.Message}", exception);
        }
    }

    /// <summary>Opens the copy as the store would (which also refuses a schema newer than this build), verifies every
    /// chain, and checks every picture in it against its hash.</summary>
    private static async Task<StoreVerificationReport> VerifyFileAsync(DataDirectory directory, CancellationToken cancellationToken)
    {
        StoreVerificationReport chains;
        await using (var store = new SqliteEventStore(directory, TimeProvider.System))
        {
            chains = await StoreVerification.VerifyAsync(store, cancellationToken);
        }

        return await BackupImages.VerifyAsync(directory.GetFilePath(SqliteEventStore.DatabaseFileName), chains, cancellationToken);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover staging directory is harmless and named as such; the backup's outcome is what matters.
        }
    }
}
