using System.Text;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
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

    private static NewEvent Vote(long n) => new("BallotCast", Encoding.UTF8.GetBytes($"{{\"vote\":{n}}}"), Start.AddSeconds(n));
}
