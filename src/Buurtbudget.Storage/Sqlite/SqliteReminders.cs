using System.Globalization;
using Buurtbudget.Storage.Reminders;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>Orleans' durable reminders, in the same file as the events: one writer, one set of migrations, one backup.</summary>
public sealed partial class SqliteEventStore : IReminderRows
{
    private const string ReminderColumns = "grain_id, name, grain_hash, start_at, period, version";

    public Task<IReadOnlyList<StoredReminder>> ReadRemindersAsync(string grainId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainId);
        return ReadRemindersAsync(
            $"SELECT {ReminderColumns} FROM reminders WHERE grain_id = $grain;",
            command => command.Parameters.AddWithValue("$grain", grainId),
            "read a grain's reminders",
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredReminder>> ReadRemindersAsync(uint begin, uint end, CancellationToken cancellationToken = default) =>
        ReadRemindersAsync(
            begin < end
                ? $"SELECT {ReminderColumns} FROM reminders WHERE grain_hash > $begin AND grain_hash <= $end;"
                : $"SELECT {ReminderColumns} FROM reminders WHERE grain_hash > $begin OR grain_hash <= $end;",
            command =>
            {
                command.Parameters.AddWithValue("$begin", (long)begin);
                command.Parameters.AddWithValue("$end", (long)end);
            },
            "read reminders by hash range",
            cancellationToken);

    public async Task<StoredReminder?> ReadReminderAsync(string grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await ReadRemindersAsync(
            $"SELECT {ReminderColumns} FROM reminders WHERE grain_id = $grain AND name = $name;",
            command =>
            {
                command.Parameters.AddWithValue("$grain", grainId);
                command.Parameters.AddWithValue("$name", name);
            },
            "read a reminder",
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string> UpsertReminderAsync(StoredReminder reminder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentException.ThrowIfNullOrEmpty(reminder.GrainId, nameof(reminder));
        ArgumentException.ThrowIfNullOrEmpty(reminder.Name, nameof(reminder));
        return await WriteReminderAsync(
            writer =>
            {
                using var command = writer.Connection.CreateCommand();
                // The version only ever grows, whoever writes, so every write answers an ETag no earlier write had.
                command.CommandText = """
                    INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, version)
                    VALUES ($grain, $name, $hash, $startAt, $period, 1)
                    ON CONFLICT (grain_id, name) DO UPDATE SET
                        grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period,
                        version = reminders.version + 1
                    RETURNING version;
                    """;
                command.Parameters.AddWithValue("$grain", reminder.GrainId);
                command.Parameters.AddWithValue("$name", reminder.Name);
                command.Parameters.AddWithValue("$hash", (long)reminder.GrainHash);
                command.Parameters.AddWithValue("$startAt", DateTime.SpecifyKind(reminder.StartAt, DateTimeKind.Utc).Ticks);
                command.Parameters.AddWithValue("$period", reminder.Period.Ticks);
                return ETagOf((long)command.ExecuteScalar()!);
            },
            $"write reminder '{reminder.Name}'",
            cancellationToken);
    }

    public async Task<bool> RemoveReminderAsync(string grainId, string name, string eTag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            // Not an ETag this table gave out, so not the one the row has.
            return false;
        }

        return await WriteReminderAsync(
            writer =>
            {
                using var command = writer.Connection.CreateCommand();
                command.CommandText = "DELETE FROM reminders WHERE grain_id = $grain AND name = $name AND version = $version;";
                command.Parameters.AddWithValue("$grain", grainId);
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$version", version);
                return command.ExecuteNonQuery() == 1;
            },
            $"remove reminder '{name}'",
            cancellationToken);
    }

    public Task ClearRemindersAsync(CancellationToken cancellationToken = default) =>
        WriteReminderAsync(
            writer =>
            {
                using var command = writer.Connection.CreateCommand();
                command.CommandText = "DELETE FROM reminders;";
                return command.ExecuteNonQuery();
            },
            "clear the reminders",
            cancellationToken);

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private async Task<T> WriteReminderAsync<T>(Func<Writer, T> write, string what, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = AcquireWriter();
            try
            {
                return write(writer);
            }
            catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
            {
                AfterFailure(exception);
                throw Unavailable(what, exception);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<IReadOnlyList<StoredReminder>> ReadRemindersAsync(
        string sql, Action<SqliteCommand> bind, string what, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var reminders = new List<StoredReminder>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                reminders.Add(new StoredReminder(
                    reader.GetString(0),
                    reader.GetString(1),
                    checked((uint)reader.GetInt64(2)),
                    new DateTime(reader.GetInt64(3), DateTimeKind.Utc),
                    TimeSpan.FromTicks(reader.GetInt64(4)),
                    ETagOf(reader.GetInt64(5))));
            }

            return reminders;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable(what, exception);
        }
    }
}
