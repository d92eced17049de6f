namespace Buurtbudget.Storage.Reminders;

/// <summary>One durable reminder as the store keeps it. The store knows nothing of Orleans: the grain id is its text
/// form and <paramref name="GrainHash"/> the uniform hash Orleans spreads reminders over its silos by.</summary>
/// <param name="StartAt">The first tick, UTC.</param>
/// <param name="ETag">The row's version, new on every write; empty on a row not yet written.</param>
public sealed record StoredReminder(string GrainId, string Name, uint GrainHash, DateTime StartAt, TimeSpan Period, string ETag);

/// <summary>The reminders table in the platform's own database, for Orleans' reminder service where Orleans has no
/// provider for the store (SQLite). The contract is Orleans' reminder table's: rows by grain and by hash range (a
/// range whose start is not below its end wraps around), an upsert that always succeeds with a new ETag, and a
/// removal that succeeds only for the ETag the row has.</summary>
public interface IReminderRows
{
    Task<IReadOnlyList<StoredReminder>> ReadRemindersAsync(string grainId, CancellationToken cancellationToken = default);

    /// <summary>Rows whose grain hash lies in (<paramref name="begin"/>, <paramref name="end"/>]; when begin is not
    /// below end, the range wraps: above begin or at most end (begin equal to end is every row).</summary>
    Task<IReadOnlyList<StoredReminder>> ReadRemindersAsync(uint begin, uint end, CancellationToken cancellationToken = default);

    Task<StoredReminder?> ReadReminderAsync(string grainId, string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the row (its ETag is ignored); answers the row's new ETag.</summary>
    Task<string> UpsertReminderAsync(StoredReminder reminder, CancellationToken cancellationToken = default);

    /// <summary>Removes the row if it has <paramref name="eTag"/>; false when it does not exist or has another.</summary>
    Task<bool> RemoveReminderAsync(string grainId, string name, string eTag, CancellationToken cancellationToken = default);

    /// <summary>Removes every reminder (Orleans' test-only clear).</summary>
    Task ClearRemindersAsync(CancellationToken cancellationToken = default);
}
