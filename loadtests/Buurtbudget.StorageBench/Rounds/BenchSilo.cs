using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Buurtbudget.Actors.Hosting;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.StorageBench.Rounds;

/// <summary>One Orleans silo hosting the round grains over the measured store, as one node runs them; a new silo is a
/// restarted node.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(IEventStore store, int maxBatchSize = 2_000, int snapshotEvery = 1_000)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Actors:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
            ["Actors:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton(store);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: 0, serviceId: "bench", clusterId: "bench-" + Guid.NewGuid().ToString("N"))
            .AddBuurtbudgetGrains(builder.Configuration.GetSection("Actors")));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>The round activations in this silo now, as Orleans' management grain counts them.</summary>
    public async Task<int> RoundActivationsAsync()
    {
        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("RoundGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
