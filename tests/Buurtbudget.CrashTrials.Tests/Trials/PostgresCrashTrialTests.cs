using Buurtbudget.CrashTrials.Trials;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.Testing.Postgres;
using Xunit.Abstractions;

namespace Buurtbudget.CrashTrials.Tests.Trials;

/// <summary>A smaller CI run of the crash trials on PostgreSQL: the API node is killed, the database keeps running
/// (as when one node of several dies). The server is the storage tests' own: initdb in a temporary directory on a
/// loopback port. It runs with fsync off, which does not matter here: the kill is of the API process, and what
/// the server already accepted stays in its memory and the OS's.</summary>
public sealed class PostgresCrashTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task No_acknowledged_ballot_is_lost_or_counted_twice_when_the_api_node_is_killed()
    {
        await using var server = await PostgresServer.StartAsync();
        var options = new CrashTrialOptions
        {
            Store = StoreKind.Postgres,
            ConnectionString = await server.CreateDatabaseAsync(),
            Trials = 6,
            Residents = 150,
            Concurrency = 24,
            Proposals = 3,
            DataPerTrial = false,
            TimeLimit = TimeSpan.FromMinutes(5),
        };

        var summary = await CrashTrialRunner.RunAsync(options, new XunitTextWriter(output), CancellationToken.None);

        Assert.True(summary.Failures.Count == 0, string.Join('\n', summary.Failures));
        Assert.Equal(6, summary.Trials);
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicated);
        Assert.Equal(0, summary.BrokenChains);
        Assert.True(summary.Acknowledged > 0, "No ballot was acknowledged in any trial, so nothing was tested.");
    }
}
