using System.Globalization;
using Buurtbudget.Storage.Reminders;

namespace Buurtbudget.Actors.Reminders;

/// <summary>Orleans' reminder table over the platform's own store (<see cref="IReminderRows"/>), for SQLite, where
/// Orleans' ADO.NET provider has no scripts. Only translates: a grain id is stored as its text and its uniform hash, so
/// that each silo reads the hash range it owns in one indexed query.</summary>
internal sealed class PlatformReminderTable(IReminderRows rows) : IReminderTable
{
    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new((await rows.ReadRemindersAsync(grainId.ToString())).Select(ToEntry));

    public async Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        new((await rows.ReadRemindersAsync(begin, end)).Select(ToEntry));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        await rows.ReadReminderAsync(grainId.ToString(), reminderName) is { } row ? ToEntry(row) : null;

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await rows.UpsertReminderAsync(new StoredReminder(
            entry.GrainId.ToString(), entry.ReminderName, entry.GrainId.GetUniformHashCode(), entry.StartAt.Kind == DateTimeKind.Local ? entry.StartAt.ToUniversalTime() : entry.StartAt, entry.Period, ""));
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        rows.RemoveReminderAsync(grainId.ToString(), reminderName, eTag);

    public Task TestOnlyClearTable() => rows.ClearRemindersAsync();

    private static ReminderEntry ToEntry(StoredReminder row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId, CultureInfo.InvariantCulture),
        ReminderName = row.Name,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}
