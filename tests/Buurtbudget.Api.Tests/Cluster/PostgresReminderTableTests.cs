using Buurtbudget.Reminders.Contract;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Buurtbudget.Api.Tests.Cluster;

/// <summary>Orleans' reminder-table contract on PostgreSQL: Orleans' own ADO.NET reminder provider, as a cluster's silos
/// configure it, over the table and queries of the platform's own migration. Each test gets a database of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresServerFixture fixture) : ReminderTableContract
{
    private ServiceProvider? _services;

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        await using (var store = new PostgresEventStore(connectionString))
        {
            await store.InitializeAsync();
        }

        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = "reminders";
            cluster.ServiceId = "buurtbudget";
        });
        services.UseAdoNetReminderService(reminders => reminders.Configure(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        }));
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IReminderTable>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
