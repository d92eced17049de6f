using System.Globalization;
using Buurtbudget.Actors.Hosting;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>A fresh data directory with the real SQLite event store in it, a manual clock for the rounds, and the
/// Orleans test clusters a test starts over them; all of it disposed (and the directory removed) at the end of the
/// test. Tests call the grains through the cluster's client, so every command and answer crosses the wire as it
/// would between two silos.</summary>
public sealed class ActorTestContext : IAsyncDisposable
{
    /// <summary>Guards against a hang only; no test asserts anything about time.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly List<InProcessTestCluster> _clusters = [];
    private readonly List<IEventStore> _stores = [];

    public ActorTestContext()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "buurtbudget-actors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Clock = new ManualTimeProvider();
        Store = new ObservedEventStore(OpenStore());
    }

    public string DataDirectory { get; }

    /// <summary>Everything the round grains of this test logged.</summary>
    public RecordingLogger Log { get; } = new();

    /// <summary>The rounds' clock; Orleans' own timers keep real time.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>The real store, seen through the observing decorator.</summary>
    public ObservedEventStore Store { get; }

    /// <summary>The last cluster started.</summary>
    public InProcessTestCluster Cluster => _clusters[^1];

    /// <summary>Another connection to the same database file, as a second node would have.</summary>
    public IEventStore OpenStore()
    {
        var store = TestStores.OpenSqlite(DataDirectory);
        _stores.Add(store);
        return store;
    }

    /// <summary>Starts a one-silo test cluster hosting the round grains over <paramref name="store"/> (default: the
    /// observed store), and answers its client. With <paramref name="reminders"/>, Orleans' durable reminders run over
    /// the platform's reminder table in this test's database file (so a later cluster finds them), and may tick every
    /// second.</summary>
    public async Task<IGrainFactory> StartClusterAsync(Action<RoundGrainOptions>? configure = null, IEventStore? store = null, bool reminders = false)
    {
        var options = new RoundGrainOptions { MaxBatchSize = 2_000, SnapshotEvery = 1_000, ConflictRetries = 5 };
        configure?.Invoke(options);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Actors:MaxBatchSize"] = options.MaxBatchSize.ToString(CultureInfo.InvariantCulture),
            ["Actors:IdleTimeout"] = options.IdleTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Actors:SnapshotEvery"] = options.SnapshotEvery.ToString(CultureInfo.InvariantCulture),
            ["Actors:SnapshotWhenQuietFor"] = options.SnapshotWhenQuietFor.ToString("c", CultureInfo.InvariantCulture),
            ["Actors:SnapshotAtLatestAfter"] = options.SnapshotAtLatestAfter.ToString(CultureInfo.InvariantCulture),
            ["Actors:ConflictRetries"] = options.ConflictRetries.ToString(CultureInfo.InvariantCulture),
            ["Actors:CalendarReminderPeriod"] = options.CalendarReminderPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Actors:CalendarRetryAfter"] = options.CalendarRetryAfter.ToString("c", CultureInfo.InvariantCulture),
        };
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Actors");
        var roundStore = store ?? Store;
        var reminderRows = reminders ? (IReminderRows)OpenStore() : null;

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(roundStore);
            silo.Services.AddKeyedSingleton<TimeProvider>(RoundGrainOptions.ClockKey, Clock);
            silo.Services.AddSingleton<ILoggerProvider>(new RecordingLoggerProvider(Log, typeof(RoundGrain).FullName!));
            silo.AddBuurtbudgetGrains(section);
            if (reminderRows is not null)
            {
                silo.UsePlatformReminders(_ => reminderRows);
                silo.Services.Configure<ReminderOptions>(reminderOptions => reminderOptions.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            }

            // Orleans answers a call that takes 30 s with a timeout; a big round on a machine shared by many test runs
            // can take that long without anything being wrong. The tests' own guard is HangGuard.
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = 2 * HangGuard);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSerializer(serializer => serializer.AddDomainSerialization());
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = 2 * HangGuard);
        });
        var cluster = builder.Build();
        _clusters.Add(cluster);
        await cluster.DeployAsync();
        return cluster.Client;
    }

    /// <summary>Sends <paramref name="command"/> and waits until the round has queued it behind the commands already
    /// waiting. Calls cross the wire in no guaranteed order, so a test that needs an order sends one at a time.</summary>
    public Task<Task<CommandResult>> SendQueuedAsync(IRoundGrain grain, RoundCommand command) =>
        SendQueuedAsync(grain, g => g.ExecuteAsync(command));

    /// <inheritdoc cref="SendQueuedAsync(IRoundGrain, RoundCommand)"/>
    public async Task<Task<TResult>> SendQueuedAsync<TResult>(IRoundGrain grain, Func<IRoundGrain, Task<TResult>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        var before = Queued(grain);
        var answer = send(grain);
        await WaitUntilAsync(() => Queued(grain) > before || answer.IsCompleted);
        return answer;
    }

    /// <summary>Waits until <paramref name="count"/> commands wait for a turn of the round.</summary>
    public Task WaitUntilQueuedAsync(IRoundGrain grain, int count) => WaitUntilAsync(() => Queued(grain) >= count);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }

    private int Queued(IRoundGrain grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var activation) && activation.GrainInstance is RoundGrain round ? round.Queued : 0;

    /// <summary>Stops the last cluster's silos gracefully, as a node that shuts down: every grain is deactivated.</summary>
    public Task StopClusterAsync() => Cluster.StopAllSilosAsync();

    /// <summary>Deactivates a round's grain as Orleans does when it is idle, and waits until it is gone.</summary>
    public Task DeactivateAsync(IRoundGrain grain) => Cluster.DeactivateAsync(grain);

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
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
