using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Testing.Postgres;
using Npgsql;

namespace Buurtbudget.Api.Tests.Cluster;

/// <summary>Two API nodes whose silos form one Orleans cluster, with the membership in the platform's PostgreSQL
/// database (<c>Orleans:Clustering=Postgres</c>): a round has one activation in the cluster, whichever node a
/// request reaches.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServerFixture fixture) : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Two_nodes_join_one_cluster_and_every_read_on_either_shows_every_write_on_the_other()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var settings = ClusterNode(connectionString, clusterId: "cluster-" + Guid.NewGuid().ToString("N"));
        await using var nodeA = new BuurtbudgetApp(_directory, settings: settings);
        await using var nodeB = new BuurtbudgetApp(_directory, settings: settings);
        var round = await RoundScenario.InVotingAsync(nodeA, 1_000_000, [400_000, 500_000, 300_000]);

        // Writes alternate between the nodes and each is read back at once on the other. Silos that were not one
        // cluster would each hold an activation of the round, and the second node's would not have seen the write.
        for (var resident = 1; resident <= 10; resident++)
        {
            var (writer, reader) = resident % 2 == 0 ? (nodeA, nodeB) : (nodeB, nodeA);
            await writer.Resident($"bewoner-{resident}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1 + (resident % 3))).Ok();
            var tally = await reader.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();
            Assert.Equal(resident, (long)tally["turnout"]!);
        }

        // One resident changes their mind on the other node: one ballot, the last one.
        await nodeA.Resident("bewoner-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(3)).Ok();
        var mine = await nodeB.Resident("bewoner-1", Http.Delfshaven).GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal([3], mine["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!).ToArray());
        Assert.Equal(10, (long)(await nodeA.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok())["turnout"]!);

        // Both silos are in the membership table, alive (status 3: active).
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_cluster_members WHERE deployment_id = $1 AND status = 3;", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = settings["Orleans:ClusterId"] });
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("Orleans:Clustering", "Postgres", "Storage:Provider to Postgres")]
    [InlineData("Orleans:Clustering", "Zookeeper", "Orleans:Clustering is 'Localhost'")]
    [InlineData("Orleans:SiloPort", "70000", "Orleans:SiloPort must be between")]
    [InlineData("Orleans:AdvertisedAddress", "silo-1", "Orleans:AdvertisedAddress must be an IP address")]
    public async Task A_bad_silo_setting_stops_the_start_with_its_reason(string key, string value, string reason)
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(reason, app.StartupErrors, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ClusterNode(string connectionString, string clusterId) => new(StringComparer.Ordinal)
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = connectionString,
        ["Orleans:Clustering"] = "Postgres",
        ["Orleans:ClusterId"] = clusterId,
    };
}
