using Buurtbudget.Actors.Reminders;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Reminders.Contract;
using Buurtbudget.Storage.Reminders;

namespace Buurtbudget.Actors.Tests.Reminders;

/// <summary>Orleans' reminder-table contract on the platform's own SQLite table, through a fresh database file.</summary>
public sealed class SqliteReminderTableTests : ReminderTableContract
{
    private readonly ActorTestContext _context = new();

    protected override Task<IReminderTable> CreateTableAsync() =>
        Task.FromResult<IReminderTable>(new PlatformReminderTable((IReminderRows)_context.OpenStore()));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _context.DisposeAsync();
    }

    [Fact]
    public async Task An_etag_this_table_never_gave_out_removes_nothing()
    {
        var grain = GrainId.Create(GrainType.Create("round"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));
        await Table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "calendar", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        Assert.False(await Table.RemoveRow(grain, "calendar", "not-an-etag"));
        Assert.NotNull(await Table.ReadRow(grain, "calendar"));
    }

    [Fact]
    public async Task Reminders_outlive_the_store_that_wrote_them()
    {
        var grain = GrainId.Create(GrainType.Create("round"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));
        var etag = await Table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "calendar", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        var reopened = new PlatformReminderTable((IReminderRows)_context.OpenStore());

        Assert.Equal(etag, (await reopened.ReadRow(grain, "calendar"))?.ETag);
    }
}
