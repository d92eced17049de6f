using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Buurtbudget.Actors.Hosting;
using Buurtbudget.Api.Hosting.Dashboard;
using Buurtbudget.Api.Telemetry;
using Buurtbudget.Storage.Hosting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Hosting;

/// <summary>Where this process's Orleans silo listens and which cluster it belongs to (section "Orleans").</summary>
internal sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    /// <summary>One node on its own (the embedded default).</summary>
    public const string LocalhostClustering = "Localhost";

    /// <summary>Several nodes as one cluster, their membership kept in the platform's PostgreSQL database.</summary>
    public const string PostgresClustering = "Postgres";

    /// <summary><see cref="LocalhostClustering"/> or <see cref="PostgresClustering"/>.</summary>
    public string Clustering { get; set; } = LocalhostClustering;

    /// <summary>The port other silos reach this one on; 0 takes a free one at start-up. The silo records the port it
    /// took in the membership table, so 0 also serves a cluster whose silos share one machine.</summary>
    public int SiloPort { get; set; }

    /// <summary>The address other silos reach this one on: loopback for silos on one machine, the host's own address
    /// for a cluster of several machines.</summary>
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    public string ClusterId { get; set; } = "buurtbudget";

    public string ServiceId { get; set; } = "buurtbudget";

    public bool UsesPostgres => string.Equals(Clustering, PostgresClustering, StringComparison.OrdinalIgnoreCase);
}

internal sealed class SiloOptionsValidator(IOptions<StorageOptions> storageOptions) : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = storageOptions.Value;
        var failures = new List<string>();
        if (!string.Equals(options.Clustering, SiloOptions.LocalhostClustering, StringComparison.OrdinalIgnoreCase) && !options.UsesPostgres)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.Clustering)} is '{SiloOptions.LocalhostClustering}' (one node) or '{SiloOptions.PostgresClustering}' (a cluster), not '{options.Clustering}'.");
        }

        if (options.UsesPostgres && !storage.UsesPostgres)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.Clustering)} '{SiloOptions.PostgresClustering}' keeps the cluster's membership in the platform's PostgreSQL database: set Storage:Provider to Postgres with Storage:ConnectionString.");
        }

        if (options.SiloPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)} must be between 0 (a free port) and {IPEndPoint.MaxPort}, not {options.SiloPort}.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.AdvertisedAddress)} must be an IP address, not '{options.AdvertisedAddress}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.ClusterId)} and {SiloOptions.SectionName}:{nameof(SiloOptions.ServiceId)} must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class Silo
{
    /// <summary>Hosts the grains in this process: one silo that also serves the API, so a call from an endpoint to a
    /// round's grain on this node is a method call without a network hop or a copy. With Postgres clustering the
    /// silos of every node form one cluster, and Orleans routes each call to the round's one activation, wherever it
    /// lives.</summary>
    public static IServiceCollection AddBuurtbudgetSilo(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked at start with every other setting, so that a bad one stops the start with its reason before
        // anything runs.
        var section = configuration.GetSection(SiloOptions.SectionName);
        services.AddOptions<SiloOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();

        // The silo itself is configured now, while the host is built. Settings that fail their check leave it
        // configured as one node; the start stops at the check before the silo would run.
        var options = section.Get<SiloOptions>() ?? new SiloOptions();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (new SiloOptionsValidator(Options.Create(storage)).Validate(null, options).Failed)
        {
            options = new SiloOptions();
        }

        var siloPort = options.SiloPort == 0 ? FreePort() : options.SiloPort;
        services.AddOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });

            // No gateway: no client connects from outside, every node hosts its own silo.
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), siloPort, gatewayPort: 0, listenOnAnyHostAddress: false);
            if (options.UsesPostgres)
            {
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = "Npgsql";
                    clustering.ConnectionString = storage.ConnectionString;
                });
            }
            else
            {
                silo.UseDevelopmentClustering(primarySiloEndpoint: new IPEndPoint(IPAddress.Parse(options.AdvertisedAddress), siloPort));
            }

            // The rounds' calendars are durable reminders, kept where the events are: in PostgreSQL through Orleans'
            // ADO.NET provider (the platform's own migration made its table and queries), in SQLite in the
            // platform's own reminder table, since Orleans has no SQLite scripts.
            if (storage.UsesPostgres)
            {
                silo.UseAdoNetReminderService(reminders =>
                {
                    reminders.Invariant = "Npgsql";
                    reminders.ConnectionString = storage.ConnectionString;
                });
            }
            else
            {
                silo.UsePlatformReminders();
            }

            silo.AddBuurtbudgetGrains(configuration.GetSection("Actors"));
            silo.AddClusterDashboard(configuration);
            if (PlatformTelemetry.RecordsTraces(configuration))
            {
                // A grain call joins the trace of the request that made it (Orleans' spans "Microsoft.Orleans.*").
                silo.AddActivityPropagation();
            }
        });
        return services;
    }

    // Ports this process has handed to a silo already: two hosts starting at once (tests) never get the same one.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A free port for the silo, below Linux's ephemeral range (32768–60999). A port the OS chose for us would
    /// lie in that range, where an outgoing connection (to the database, say) could take it between this check and
    /// the silo binding it; that happened in the test suite.</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (HandedOut.TryAdd(port, 0) && IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port for the silo between 20000 and 32000; set {SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
