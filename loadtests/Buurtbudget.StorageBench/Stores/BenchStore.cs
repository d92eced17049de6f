using Buurtbudget.Storage;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Sqlite;

namespace Buurtbudget.StorageBench.Stores;

/// <summary>One of the project's real event stores, opened the way the API opens it: SQLite in WAL mode with
/// synchronous=FULL in a fresh directory, or PostgreSQL with synchronous_commit=on.</summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private readonly string? _directory;

    private BenchStore(string name, IEventStore store, string? directory)
    {
        Name = name;
        Store = store;
        _directory = directory;
    }

    public string Name { get; }

    public IEventStore Store { get; }

    /// <summary>The store's commits so far and the appends they carried.</summary>
    public GroupCommitCounts Commits => Store switch
    {
        SqliteEventStore sqlite => sqlite.GroupCommits,
        PostgresEventStore postgres => postgres.GroupCommits,
        _ => default,
    };

    public static BenchStore Sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("buurtbudget-bench-").FullName;
        return new BenchStore("SQLite", new SqliteEventStore(DataDirectory.Resolve(directory), TimeProvider.System), directory);
    }

    /// <summary>Each measurement works in rounds of its own, so one database serves them all.</summary>
    public static async Task<BenchStore> PostgresAsync(string connectionString)
    {
        var store = new PostgresEventStore(connectionString);
        await store.InitializeAsync();
        return new BenchStore("PostgreSQL", store, directory: null);
    }

    public async ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory does not change a figure.
            }
        }
    }
}
