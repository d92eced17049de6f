using Buurtbudget.CrashTrials.Trials;
using Buurtbudget.LoadTesting.Nodes;
using Xunit.Abstractions;

namespace Buurtbudget.CrashTrials.Tests.Trials;

/// <summary>The CI-sized crash trials on the embedded store: the real API as a process of its own, killed with
/// SIGKILL while residents vote, restarted on the same SQLite file, and checked over HTTP.</summary>
public sealed class SqliteCrashTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task No_acknowledged_ballot_is_lost_or_counted_twice_through_twenty_kills()
    {
        // Small trials (a few hundred ballots) so that twenty of them fit in the suite; the kill falls anywhere from
        // before the first ballot to near the last. One data directory for the run: the node restarted after one
        // trial's kill carries the next trial, which halves the node starts and restarts over a growing history.
        var options = new CrashTrialOptions
        {
            Store = StoreKind.Sqlite,
            Trials = 20,
            Residents = 150,
            Concurrency = 24,
            Proposals = 3,
            DataPerTrial = false,
            TimeLimit = TimeSpan.FromMinutes(5),
        };

        var summary = await CrashTrialRunner.RunAsync(options, new XunitTextWriter(output), CancellationToken.None);

        Assert.True(summary.Failures.Count == 0, string.Join('\n', summary.Failures));
        Assert.Equal(20, summary.Trials);
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicated);
        Assert.Equal(0, summary.BrokenChains);
        Assert.True(summary.Acknowledged > 0, "No ballot was acknowledged in any trial, so nothing was tested.");
        Assert.True(summary.Passed);
    }
}
