using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Images;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Tests.Backups;

public sealed class SqliteBackupTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_backup_taken_while_votes_are_appended_restores_a_whole_prefix_of_the_log()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        await using var store = new SqliteEventStore(live, TimeProvider.System);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, [Vote(0)]);
        var firstBackupDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new CancellationTokenSource();

        // Voting goes on during the backup; it stops only after the backup has finished.
        var voting = Task.Run(async () =>
        {
            var sequence = 1L;
            while (!stop.IsCancellationRequested)
            {
                sequence = (await store.AppendAsync(round, sequence, [Vote(sequence), Vote(sequence + 1)]))[^1].Sequence;
                if (sequence >= 200)
                {
                    await firstBackupDone.Task;
                }
            }

            return sequence;
        });
        while ((await store.ReadAsync(round)).Count < 50)
        {
            await Task.Yield();
        }

        var backupFile = _root.Combine("buurtbudget-backup.db");
        var report = await SqliteBackup.BackupAsync(live, backupFile);
        firstBackupDone.SetResult();
        await stop.CancelAsync();
        var lastLive = await voting;

        var restoredDirectory = DataDirectory.Resolve(_root.Combine("restored"));
        var restoreReport = await SqliteBackup.RestoreAsync(backupFile, restoredDirectory);
        await using var restored = new SqliteEventStore(restoredDirectory, TimeProvider.System);
        var restoredEvents = await restored.ReadAsync(round);
        var liveEvents = await store.ReadAsync(round);

        Assert.True(report.IsIntact, report.ToString());
        Assert.True(restoreReport.IsIntact, restoreReport.ToString());
        Assert.InRange(restoredEvents.Count, 50, (int)lastLive);
        Assert.Equal(report.EventCount, restoredEvents.Count);
        Assert.Equal(
            liveEvents.Take(restoredEvents.Count).Select(e => Convert.ToHexString(e.Hash.Span)),
            restoredEvents.Select(e => Convert.ToHexString(e.Hash.Span)));
        Assert.True(EventChain.Verify(restoredEvents).IsIntact);
        Assert.Equal(restoredEvents.Count + 1, (await restored.AppendAsync(round, restoredEvents.Count, [Vote(-1)]))[0].Sequence);
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file_and_a_restore_never_overwrites_a_database()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(RoundId.New(), 0, [Vote(1)]);
        }

        var existing = _root.Combine("existing.db");
        await File.WriteAllTextAsync(existing, "keep me");

        await Assert.ThrowsAsync<IOException>(() => SqliteBackup.BackupAsync(live, existing));
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));

        var backup = _root.Combine("backup.db");
        await SqliteBackup.BackupAsync(live, backup);
        await Assert.ThrowsAsync<IOException>(() => SqliteBackup.RestoreAsync(backup, live));
    }

    [Fact]
    public async Task A_database_with_nothing_in_it_yet_cannot_be_backed_up_by_accident_of_a_wrong_path()
    {
        var empty = DataDirectory.Resolve(_root.Combine("nothing-here"));

        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.BackupAsync(empty, _root.Combine("backup.db")));

        Assert.Contains("no database", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.Combine("backup.db")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_or_whose_chain_is_broken_is_not_restored()
    {
        var notADatabase = _root.Combine("not-a-database.db");
        await File.WriteAllTextAsync(notADatabase, new string('x', 8192));
        var target = DataDirectory.Resolve(_root.Combine("target"));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.RestoreAsync(notADatabase, target));
        Assert.False(File.Exists(target.GetFilePath(SqliteEventStore.DatabaseFileName)));

        var live = DataDirectory.Resolve(_root.Combine("live"));
        var round = RoundId.New();
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(round, 0, [Vote(1), Vote(2), Vote(3)]);
        }

        var backup = _root.Combine("backup.db");
        await SqliteBackup.BackupAsync(live, backup);
        await using (var raw = new SqliteConnection($"Data Source={backup};Pooling=false"))
        {
            raw.Open();
            using var tamper = raw.CreateCommand();
            tamper.CommandText = $"DROP TRIGGER events_no_update; UPDATE events SET payload = x'00' WHERE round_id = '{round}' AND seq = 2;";
            tamper.ExecuteNonQuery();
        }

        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.RestoreAsync(backup, target));

        Assert.Contains("HashMismatch", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target.GetFilePath(SqliteEventStore.DatabaseFileName)));
    }

    [Fact]
    public async Task Pictures_are_in_the_backup_and_come_back_byte_identical_at_their_paths_and_an_erased_one_stays_erased()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        var images = new FileImageStore(live);
        var phone = Picture(40_000);
        var thumbnail = Picture(3_000);
        var erased = Picture(20_000);
        foreach (var (hash, bytes) in new[] { phone, thumbnail, erased })
        {
            await images.PutAsync(hash, bytes);
        }

        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(RoundId.New(), 0, [ImageAdded(phone.Hash, thumbnail.Hash), ImageAdded(erased.Hash, erased.Hash)]);
        }

        Assert.True(await images.DeleteAsync(erased.Hash));
        var backup = _root.Combine("backup.db");

        var report = await SqliteBackup.BackupAsync(live, backup);
        var target = DataDirectory.Resolve(_root.Combine("restored"));
        var restoreReport = await SqliteBackup.RestoreAsync(backup, target);

        Assert.Equal(2, report.ImageCount);
        Assert.True(restoreReport.IsIntact, restoreReport.ToString());
        Assert.Equal(ImageFiles(live), ImageFiles(target));
        foreach (var (hash, bytes) in new[] { phone, thumbnail })
        {
            var restored = Path.Combine(target.Path, FileImageStore.FolderName, hash.Value[..2], hash.Value);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(restored));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(DataDirectory.OwnerOnlyFile, File.GetUnixFileMode(restored));
            }
        }

        Assert.Equal(2, ImageFiles(target).Length);
        Assert.Null(await new FileImageStore(target).GetAsync(erased.Hash));
        Assert.True((await File.ReadAllBytesAsync(backup)).AsSpan().IndexOf(erased.Bytes.AsSpan(0, 256)) < 0, "The erased picture's bytes are in the backup.");
        Assert.True((await File.ReadAllBytesAsync(backup)).AsSpan().IndexOf(phone.Bytes.AsSpan(0, 256)) >= 0, "The picture's bytes are not in the backup file.");
        Assert.False(HasTable(target.GetFilePath(SqliteEventStore.DatabaseFileName), "backup_images"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(DataDirectory.OwnerOnlyFile, File.GetUnixFileMode(backup));
            Assert.Equal(DataDirectory.OwnerOnlyFile, File.GetUnixFileMode(target.GetFilePath(SqliteEventStore.DatabaseFileName)));
        }
    }

    [Fact]
    public async Task A_picture_damaged_on_disk_fails_the_backup_by_name_and_leaves_nothing_at_the_destination()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        var images = new FileImageStore(live);
        var good = Picture(10_000);
        var damaged = Picture(10_000);
        await images.PutAsync(good.Hash, good.Bytes);
        await images.PutAsync(damaged.Hash, damaged.Bytes);
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(RoundId.New(), 0, [ImageAdded(good.Hash, damaged.Hash)]);
        }

        var file = Path.Combine(live.Path, FileImageStore.FolderName, damaged.Hash.Value[..2], damaged.Hash.Value);
        var changed = damaged.Bytes.ToArray();
        changed[5000] ^= 0x01;
        await File.WriteAllBytesAsync(file, changed);
        var backupFolder = Directory.CreateDirectory(_root.Combine("backups")).FullName;
        var backup = Path.Combine(backupFolder, "backup.db");

        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.BackupAsync(live, backup));

        Assert.Contains(damaged.Hash.Value, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(good.Hash.Value, failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(backupFolder));
    }

    [Fact]
    public async Task A_backup_from_before_pictures_were_backed_up_restores_with_no_pictures_to_put_back()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        var round = RoundId.New();
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(round, 0, [Vote(1), Vote(2)]);
        }

        var picture = Picture(1000);
        await new FileImageStore(live).PutAsync(picture.Hash, picture.Bytes);
        // What the earlier version wrote: the database alone, through SQLite's online backup API.
        var oldBackup = _root.Combine("old-backup.db");
        await using (var source = new SqliteConnection($"Data Source={live.GetFilePath(SqliteEventStore.DatabaseFileName)};Mode=ReadOnly;Pooling=false"))
        await using (var destination = new SqliteConnection($"Data Source={oldBackup};Pooling=false"))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
        }

        var target = DataDirectory.Resolve(_root.Combine("restored"));
        var report = await SqliteBackup.RestoreAsync(oldBackup, target);

        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(0, report.ImageCount);
        Assert.Equal(2, report.EventCount);
        Assert.Empty(ImageFiles(target));
        await using var restored = new SqliteEventStore(target, TimeProvider.System);
        Assert.Equal(2, (await restored.ReadAsync(round)).Count);
    }

    [Fact]
    public async Task A_restore_never_overwrites_a_picture_file_with_other_bytes_and_then_puts_nothing_in_place()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        var kept = Picture(8000);
        var other = Picture(8000);
        await new FileImageStore(live).PutAsync(kept.Hash, kept.Bytes);
        await new FileImageStore(live).PutAsync(other.Hash, other.Bytes);
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(RoundId.New(), 0, [ImageAdded(kept.Hash, other.Hash)]);
        }

        var backup = _root.Combine("backup.db");
        await SqliteBackup.BackupAsync(live, backup);
        var target = DataDirectory.Resolve(_root.Combine("target"));
        var existing = Path.Combine(target.Path, FileImageStore.FolderName, kept.Hash.Value[..2], kept.Hash.Value);
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        await File.WriteAllTextAsync(existing, "not these bytes");

        var refusal = await Assert.ThrowsAsync<IOException>(() => SqliteBackup.RestoreAsync(backup, target));

        Assert.Contains(kept.Hash.Value, refusal.Message, StringComparison.Ordinal);
        Assert.Equal("not these bytes", await File.ReadAllTextAsync(existing));
        Assert.Null(await new FileImageStore(target).GetAsync(other.Hash));
        Assert.False(File.Exists(target.GetFilePath(SqliteEventStore.DatabaseFileName)));

        // The same bytes there already are no conflict: the restore goes on around them.
        await File.WriteAllBytesAsync(existing, kept.Bytes);
        var report = await SqliteBackup.RestoreAsync(backup, target);

        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(other.Bytes, await new FileImageStore(target).GetAsync(other.Hash));
    }

    [Fact]
    public async Task A_backup_whose_picture_was_changed_or_misnamed_after_it_was_written_is_not_restored()
    {
        var live = DataDirectory.Resolve(_root.Combine("live"));
        var picture = Picture(6000);
        await new FileImageStore(live).PutAsync(picture.Hash, picture.Bytes);
        await using (var store = new SqliteEventStore(live, TimeProvider.System))
        {
            await store.AppendAsync(RoundId.New(), 0, [ImageAdded(picture.Hash, picture.Hash)]);
        }

        var changed = _root.Combine("changed.db");
        var misnamed = _root.Combine("misnamed.db");
        await SqliteBackup.BackupAsync(live, changed);
        await SqliteBackup.BackupAsync(live, misnamed);
        Tamper(changed, $"UPDATE backup_images SET bytes = CAST(x'00' || bytes AS BLOB) WHERE hash = '{picture.Hash}';");
        Tamper(misnamed, $"UPDATE backup_images SET hash = '../../escaped' WHERE hash = '{picture.Hash}';");
        var target = DataDirectory.Resolve(_root.Combine("target"));

        var damaged = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.RestoreAsync(changed, target));
        var escaping = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteBackup.RestoreAsync(misnamed, target));

        Assert.Contains(picture.Hash.Value, damaged.Message, StringComparison.Ordinal);
        Assert.Contains("../../escaped", escaping.Message, StringComparison.Ordinal);
        Assert.Empty(ImageFiles(target));
        Assert.False(File.Exists(_root.Combine("escaped")));
        Assert.False(File.Exists(target.GetFilePath(SqliteEventStore.DatabaseFileName)));
    }

    private static (ImageHash Hash, byte[] Bytes) Picture(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (ImageHash.Parse(Convert.ToHexStringLower(SHA256.HashData(bytes))), bytes);
    }

    private static NewEvent ImageAdded(ImageHash phone, ImageHash thumbnail) =>
        new("ProposalImageAdded", Encoding.UTF8.GetBytes($"{{\"image\":\"{phone}\",\"thumbnail\":\"{thumbnail}\"}}"), Start);

    /// <summary>The picture files under <c>images/</c>, by their path relative to the data directory.</summary>
    private static string[] ImageFiles(DataDirectory directory)
    {
        var folder = Path.Combine(directory.Path, FileImageStore.FolderName);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(directory.Path, file)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    private static bool HasTable(string database, string table)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Tamper(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static NewEvent Vote(long n) => new("BallotCast", Encoding.UTF8.GetBytes($"{{\"vote\":{n}}}"), Start.AddSeconds(n));
}
