using Buurtbudget.CrashTrials.Trials;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.Testing.Postgres;
using Xunit.Abstractions;

namespace Buurtbudget.CrashTrials.Tests.Trials;

/// <summary>The CI-sized silo-kill trials: three API nodes on one PostgreSQL database form one Orleans cluster
/// behind nginx on loopback; one node, drawn at random, is killed with SIGKILL while residents vote through the
/// proxy, its rounds move to the survivors, and it is restarted. PostgreSQL is the storage tests' own server and
/// nginx is Debian's, installed with apt-get when missing: a machine that cannot run them fails this test.</summary>
public sealed class ClusterCrashTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task No_acknowledged_ballot_is_lost_or_counted_twice_when_a_silo_is_killed()
    {
        // Two trials: each waits out the membership's detection of the dead silo (seconds), so more would cost
        // the suite more than they add; the full runs are loadtests/crash-trials.sh --cluster.
        await using var server = await PostgresServer.StartAsync();
        var options = new CrashTrialOptions
        {
            Store = StoreKind.Postgres,
            Cluster = true,
            ConnectionString = await server.CreateDatabaseAsync(),
            Trials = 2,
            Residents = 150,
            Concurrency = 24,
            Proposals = 3,
            TimeLimit = TimeSpan.FromMinutes(5),
        };

        var summary = await CrashTrialRunner.RunAsync(options, new XunitTextWriter(output), CancellationToken.None);

        Assert.True(summary.Failures.Count == 0, string.Join('\n', summary.Failures));
        Assert.Equal(2, summary.Trials);
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicated);
        Assert.Equal(0, summary.BrokenChains);
        Assert.True(summary.Acknowledged > 0, "No ballot was acknowledged in any trial, so nothing was tested.");
        Assert.NotNull(summary.LongestUnavailability);
        Assert.True(summary.Passed);
    }
}
