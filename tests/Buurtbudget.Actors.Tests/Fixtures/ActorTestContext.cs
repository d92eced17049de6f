using Buurtbudget.Actors.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>A fresh data directory with the real SQLite event store in it, a manual clock, and the hosts
/// a test starts over them; all of it disposed (and the directory removed) at the end of the test.</summary>
public sealed class ActorTestContext : IAsyncDisposable
{
    /// <summary>Guards against a hang only; no test asserts anything about time.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly List<RoundActorHost> _hosts = [];
    private readonly List<IEventStore> _stores = [];

    public ActorTestContext()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "buurtbudget-actors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Clock = new ManualTimeProvider();
        Store = new ObservedEventStore(OpenStore());
    }

    public string DataDirectory { get; }

    /// <summary>Everything the hosts of this test logged.</summary>
    public RecordingLogger<RoundActorHost> Log { get; } = new();

    public ManualTimeProvider Clock { get; }

    /// <summary>The real store, seen through the observing decorator.</summary>
    public ObservedEventStore Store { get; }

    public static RoundActorOptions Options(Action<RoundActorOptions>? configure = null)
    {
        var options = new RoundActorOptions
        {
            MaxBatchSize = 2_000,
            IdleTimeout = TimeSpan.FromMinutes(10),
            SnapshotEvery = 1_000,
            ConflictRetries = 5,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Another connection to the same database file, as a second node would have.</summary>
    public IEventStore OpenStore()
    {
        var store = TestStores.OpenSqlite(DataDirectory);
        _stores.Add(store);
        return store;
    }

    public RoundActorHost StartHost(RoundActorOptions? options = null, IEventStore? store = null)
    {
        var host = new RoundActorHost(store ?? Store, options ?? Options(), Clock, Log);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless; failing the test over it would hide its real result.
        }
    }
}
