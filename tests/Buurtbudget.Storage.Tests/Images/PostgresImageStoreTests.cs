using Buurtbudget.Storage.Images;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Testing.Postgres;

namespace Buurtbudget.Storage.Tests.Images;

/// <summary>The image store of a cluster: a table beside the events, in a database of the test's own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresImageStoreTests(PostgresServerFixture fixture) : ImageStoreContract
{
    private readonly List<PostgresEventStore> _stores = [];
    private string? _connectionString;

    public override async Task InitializeAsync() => _connectionString = await fixture.Server.CreateDatabaseAsync();

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override IImageStore CreateStore()
    {
        var store = new PostgresEventStore(_connectionString ?? throw new InvalidOperationException("The test database was not created."));
        _stores.Add(store);
        return store;
    }
}
