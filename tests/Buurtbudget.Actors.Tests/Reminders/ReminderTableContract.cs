namespace Buurtbudget.Reminders.Contract;

/// <summary>Orleans' reminder-table contract (IReminderTable, as Orleans' own ReminderTableTestsBase checks it): rows by
/// grain, by hash range (a range whose start is not below its end wraps around), an upsert that always answers a new
/// ETag, and a removal that needs the row's current ETag. Run against every table the platform's silos may use.</summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private static readonly GrainType RemindableType = GrainType.Create("round");

    protected IReminderTable Table { get; private set; } = null!;

    protected abstract Task<IReminderTable> CreateTableAsync();

    public virtual async Task InitializeAsync()
    {
        Table = await CreateTableAsync();
        await Table.StartAsync();
    }

    public virtual async Task DisposeAsync() => await Table.StopAsync();

    [Fact]
    public async Task A_reminder_reads_back_as_written_and_is_removed_only_with_its_current_etag()
    {
        var reminder = Reminder(NewGrain(), "calendar/fase#1?");
        var firstETag = await Table.UpsertRow(reminder);

        var read = await Table.ReadRow(reminder.GrainId, reminder.ReminderName);

        Assert.NotNull(read);
        Assert.Equal(firstETag, read.ETag);
        Assert.Equal(reminder.GrainId, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(reminder.Period, read.Period);

        reminder.StartAt = reminder.StartAt.AddHours(1);
        var secondETag = await Table.UpsertRow(reminder);
        Assert.NotNull(secondETag);
        Assert.NotEqual(firstETag, secondETag);
        Assert.Equal(reminder.StartAt, (await Table.ReadRow(reminder.GrainId, reminder.ReminderName))!.StartAt);

        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, firstETag!), "an old etag removes nothing");
        Assert.False(await Table.RemoveRow(reminder.GrainId, "another", secondETag!), "another name removes nothing");
        Assert.True(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondETag!));
        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondETag!), "a removed row is gone");
        Assert.Null(await Table.ReadRow(reminder.GrainId, reminder.ReminderName));
    }

    [Fact]
    public async Task Upserts_of_one_row_at_once_each_answer_their_own_etag()
    {
        var grain = NewGrain();
        var etags = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
        {
            var reminder = Reminder(grain, "calendar");
            reminder.StartAt = reminder.StartAt.AddSeconds(i);
            return Table.UpsertRow(reminder);
        }));

        Assert.Equal(5, etags.Distinct(StringComparer.Ordinal).Count());
        Assert.Single((await Table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Rows_by_grain_are_that_grains_rows_only()
    {
        var grain = NewGrain();
        await Table.UpsertRow(Reminder(grain, "calendar"));
        await Table.UpsertRow(Reminder(grain, "other"));
        await Table.UpsertRow(Reminder(NewGrain(), "calendar"));

        var rows = await Table.ReadRows(grain);

        Assert.Equal(["calendar", "other"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task Rows_by_hash_range_are_those_in_the_range_wrapped_ranges_included()
    {
        var grains = Enumerable.Range(0, 200).Select(_ => NewGrain()).ToList();
        await Task.WhenAll(grains.Select(grain => Table.UpsertRow(Reminder(grain, "calendar"))));
        var hashes = grains.Select(grain => grain.GetUniformHashCode()).ToArray();

        // The whole ring, asked both ways.
        Assert.Equal(200, (await Table.ReadRows(0, uint.MaxValue)).Reminders.Count(r => grains.Contains(r.GrainId)));
        Assert.Equal(200, (await Table.ReadRows(0, 0)).Reminders.Count(r => grains.Contains(r.GrainId)));

        // Ranges from one stored hash to another (exclusive start, inclusive end), both plain and wrapped, and random ones.
        var random = new Random(20_261_205);
        var ranges = Enumerable.Range(0, 40).Select(i => i < 20
            ? (hashes[random.Next(hashes.Length)], hashes[random.Next(hashes.Length)])
            : ((uint)random.NextInt64(0, 1L << 32), (uint)random.NextInt64(0, 1L << 32)));
        foreach (var (begin, end) in ranges)
        {
            var expected = hashes.Where(h => begin < end ? h > begin && h <= end : h > begin || h <= end).Order().ToArray();

            var rows = await Table.ReadRows(begin, end);

            Assert.Equal(expected, rows.Reminders.Where(r => grains.Contains(r.GrainId)).Select(r => r.GrainId.GetUniformHashCode()).Order().ToArray());
        }
    }

    private static GrainId NewGrain() => GrainId.Create(RemindableType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));

    private static ReminderEntry Reminder(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        // Whole milliseconds: PostgreSQL keeps timestamps to the millisecond, as Orleans' own tests assume.
        StartAt = new DateTime(2027, 3, 1, 9, 0, 0, 123, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(1),
    };
}
