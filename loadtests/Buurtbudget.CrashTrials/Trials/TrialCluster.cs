using System.Globalization;
using System.Security.Cryptography;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.LoadTesting.Voting;
using Npgsql;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>The cluster the silo-kill trials vote on: API nodes on one PostgreSQL database whose silos form one
/// Orleans cluster, behind nginx round-robin, all on loopback, as <c>infra/cluster.sh</c> runs them. Each node has
/// its own data directory, HTTP port and silo port, kept across a restart so that the proxy and the cluster find it
/// again where it was; all share one participant hash key, or one resident would be another person on each node.</summary>
internal sealed class TrialCluster : IAsyncDisposable
{
    private readonly ApiNodeSettings[] _settings;
    private readonly int[] _ports;
    private readonly ApiNode?[] _nodes;
    private readonly TimeSpan _startTimeout;
    private readonly string _clusterId;

    private TrialCluster(ApiNodeSettings[] settings, int[] ports, TimeSpan startTimeout, string clusterId)
    {
        _clusterId = clusterId;
        _settings = settings;
        _ports = ports;
        _nodes = new ApiNode?[settings.Length];
        _startTimeout = startTimeout;
    }

    public NginxProxy? Proxy { get; private set; }

    public Uri BaseAddress => (Proxy ?? throw new InvalidOperationException("The cluster has not started.")).BaseAddress;

    public int Nodes => _nodes.Length;

    public static async Task<TrialCluster> StartAsync(CrashTrialOptions options, string directory, string keyDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var clusterId = string.Create(CultureInfo.InvariantCulture, $"crash-trials-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        var settings = new ApiNodeSettings[options.ClusterNodes];
        var ports = new int[options.ClusterNodes];
        for (var i = 0; i < settings.Length; i++)
        {
            var node = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"node{i + 1}"));
            // Each node restarts where nginx expects it and where the other silos know it: ports no other process
            // can be handed while the node is down.
            ports[i] = ApiNode.StableLoopbackPort();
            var extra = new Dictionary<string, string>(options.NodeSettings, StringComparer.Ordinal)
            {
                ["Orleans:Clustering"] = "Postgres",
                ["Orleans:ClusterId"] = clusterId,
                ["Orleans:SiloPort"] = ApiNode.StableLoopbackPort().ToString(CultureInfo.InvariantCulture),
                ["Privacy:ParticipantHashKey"] = hashKey,
            };
            settings[i] = new ApiNodeSettings(
                options.ApiAssemblyPath,
                StoreKind.Postgres,
                Directory.CreateDirectory(Path.Combine(node, "data")).FullName,
                keyDirectory,
                Path.Combine(node, "logs"),
                options.ConnectionString,
                extra);
        }

        var cluster = new TrialCluster(settings, ports, options.NodeStartTimeout, clusterId);
        try
        {
            // The first node creates the schema (the others would wait on its advisory lock anyway); the rest then
            // join together.
            await cluster.StartNodeAsync(0, cancellationToken);
            await Task.WhenAll(Enumerable.Range(1, settings.Length - 1).Select(i => cluster.StartNodeAsync(i, cancellationToken)));
            cluster.Proxy = await NginxProxy.StartAsync(ports, Path.Combine(directory, "nginx"), cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>kill -9</c> of one node: its silo vanishes from the cluster without a word.</summary>
    public async Task KillAsync(int index)
    {
        if (_nodes[index] is { } node)
        {
            await node.KillAsync();
            await node.DisposeAsync();
            _nodes[index] = null;
        }
    }

    /// <summary>Waits until Orleans' membership table (in the cluster's own database) no longer lists the node's silo
    /// as active: the survivors have voted it dead. Until then a node restarted on the same silo endpoint would cut
    /// the detection short, and the trial would not show what the survivors do on their own.</summary>
    public async Task WaitUntilDeclaredDeadAsync(int index, TimeSpan limit, CancellationToken cancellationToken)
    {
        var settings = _settings[index];
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_cluster_members WHERE deployment_id = $1 AND port = $2 AND status = 3;", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _clusterId });
        command.Parameters.Add(new NpgsqlParameter { Value = int.Parse(settings.Settings!["Orleans:SiloPort"], CultureInfo.InvariantCulture) });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
        {
            if (waited.Elapsed > limit)
            {
                throw new TrialException(string.Create(CultureInfo.InvariantCulture, $"the cluster still lists the killed node {index + 1} as active after {limit.TotalSeconds:0} s"));
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Starts a node that is not running on its own settings and ports, and waits until it is ready.</summary>
    public async Task StartNodeAsync(int index, CancellationToken cancellationToken)
    {
        if (_nodes[index] is null)
        {
            _nodes[index] = await ApiNode.StartAsync(_settings[index], _startTimeout, cancellationToken, _ports[index]);
        }
    }

    /// <summary>After a trial that could not be carried out: every node running again, whatever the trial left.</summary>
    public async Task EnsureAllRunningAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { HasExited: true } exited)
            {
                await exited.DisposeAsync();
                _nodes[i] = null;
            }

            await StartNodeAsync(i, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Safe to call twice: the runner stops the cluster before removing its files, and disposes it again on the way out.
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
            Proxy = null;
        }

        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { } node)
            {
                await node.DisposeAsync();
                _nodes[i] = null;
            }
        }
    }
}
