using Buurtbudget.LoadTesting.Nodes;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>What a run of crash trials does. The defaults are a full-sized trial; the CI run makes them small.</summary>
public sealed record CrashTrialOptions
{
    public required StoreKind Store { get; init; }

    public required int Trials { get; init; }

    /// <summary>The built Buurtbudget.Api.dll. By default the one next to the harness (it references the API).</summary>
    public string ApiAssemblyPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "Buurtbudget.Api.dll");

    /// <summary>For <see cref="StoreKind.Postgres"/>: the server's connection string. Each trial votes in a round of
    /// its own, so one database serves every trial.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Distinct residents per trial; about a third of them replace their ballot.</summary>
    public int Residents { get; init; } = 1_000;

    /// <summary>Ballots in flight at once.</summary>
    public int Concurrency { get; init; } = 64;

    public int Proposals { get; init; } = 6;

    /// <summary>The node is killed once this fraction of the planned ballots is acknowledged, at most; the instant
    /// is drawn uniformly below it, so that some trials kill before the first vote and none after the last.</summary>
    public double LatestKill { get; init; } = 0.9;

    /// <summary>The whole run stops by itself after this long, reporting the trials it finished.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long a node may take to become ready.</summary>
    public TimeSpan NodeStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where trial directories are made (and removed after a passing trial).</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "buurtbudget-crash-trials");

    /// <summary>Seeds the random plans and kill instants, so that a failing run can be repeated.</summary>
    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>True: each trial starts its node on a data directory of its own. False: one data directory for the
    /// run, and the node restarted after one trial's kill is the node the next trial votes on, which saves a start
    /// per trial and restarts over a growing history of killed rounds (each trial still checks its own round).</summary>
    public bool DataPerTrial { get; init; } = true;

    /// <summary>True: silo-kill trials. <see cref="ClusterNodes"/> nodes on one PostgreSQL database form one Orleans
    /// cluster behind nginx; residents vote through the proxy and keep voting (retrying what failed) while one
    /// node, drawn at random, is killed, its rounds move to the survivors and it is restarted.</summary>
    public bool Cluster { get; init; }

    public int ClusterNodes { get; init; } = 3;

    /// <summary>In a cluster trial, how long residents keep retrying without any ballot being acknowledged before the
    /// trial gives up: far above the membership's detection time, so that reaching it means the cluster did not
    /// recover.</summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Further node configuration by configuration path, e.g. "Actors:MaxBatchSize".</summary>
    public IReadOnlyDictionary<string, string> NodeSettings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What is wrong with these options, one sentence each; empty when they can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Trials < 1)
        {
            failures.Add($"trials must be at least 1, not {Trials}.");
        }

        if (Residents < 1)
        {
            failures.Add($"residents must be at least 1, not {Residents}.");
        }

        if (Concurrency < 1)
        {
            failures.Add($"concurrency must be at least 1, not {Concurrency}.");
        }

        if (Proposals is < 2 or > 20)
        {
            failures.Add($"proposals must be between 2 and 20, not {Proposals}.");
        }

        if (LatestKill is <= 0 or > 1)
        {
            failures.Add($"the latest kill must be a fraction above 0 and at most 1, not {LatestKill}.");
        }

        if (Store == StoreKind.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add("PostgreSQL trials need a connection string.");
        }

        if (Cluster && Store != StoreKind.Postgres)
        {
            failures.Add("cluster trials keep the cluster's membership and events in PostgreSQL: use the postgres store.");
        }

        if (Cluster && ClusterNodes < 2)
        {
            failures.Add($"a cluster needs at least 2 nodes, so that one survives the kill, not {ClusterNodes}.");
        }

        if (TimeLimit <= TimeSpan.Zero)
        {
            failures.Add($"the time limit must be positive, not {TimeLimit}.");
        }

        return failures;
    }
}
