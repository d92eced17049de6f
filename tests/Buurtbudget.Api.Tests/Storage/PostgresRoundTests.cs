using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Testing.Postgres;

namespace Buurtbudget.Api.Tests.Storage;

/// <summary>The API on PostgreSQL (<c>Storage:Provider=Postgres</c>), over HTTP, against a real server the tests start.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRoundTests(PostgresServerFixture fixture) : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_short_round_runs_on_PostgreSQL_and_a_second_node_sees_the_same_round()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var settings = Postgres(connectionString);
        string round;
        long events;
        await using (var app = new BuurtbudgetApp(_directory, settings: settings))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000, 500_000, 300_000]);
            for (var resident = 1; resident <= 12; resident++)
            {
                var client = app.Resident($"bewoner-{resident}", Http.Delfshaven);
                await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(resident % 3 == 0 ? [2] : [1, 3])).Ok();
            }

            // One resident changes their mind: the last ballot counts.
            await app.Resident("bewoner-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();
            await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
            events = await RoundScenario.EventCountAsync(app, round);
        }

        // Another node (or a restart) on the same database: the round is all there.
        await using var node = new BuurtbudgetApp(_directory, settings: settings);
        var results = await node.Resident("bewoner-2", Http.Delfshaven).GetAsync($"/api/rounds/{round}/results").Ok();
        var tally = await node.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();

        Assert.Equal(events, await RoundScenario.EventCountAsync(node, round));
        Assert.Equal(12, (long)tally["turnout"]!);
        Assert.Equal([7L, 5L, 7L], tally["proposals"]!.AsArray().OrderBy(p => (int)p!["proposalId"]!).Select(p => (long)p!["voters"]!).ToArray());
        Assert.Equal([1, 3], results["proposals"]!.AsArray().Where(p => (bool)p!["won"]!).Select(p => (int)p!["proposalId"]!).Order().ToArray());

        await using var store = new PostgresEventStore(connectionString);
        var stored = await store.ReadAsync(RoundId.Parse(round));
        Assert.Equal(events, stored.Count);
        Assert.True(EventChain.Verify(stored).IsIntact);
        Assert.False(File.Exists(Path.Combine(_directory.Data, "buurtbudget.db")));
    }

    [Fact]
    public async Task While_the_database_is_down_votes_get_503_with_a_retry_hint_and_voting_resumes_when_it_is_back()
    {
        // A server of this test's own, so stopping it disturbs no other test.
        await using var server = await PostgresServer.StartAsync();
        await using var app = new BuurtbudgetApp(_directory, settings: Postgres(await server.CreateDatabaseAsync()));
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000, 500_000]);
        var resident = app.Resident("bewoner-1", Http.Delfshaven);
        await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();

        await server.StopAsync();

        var refused = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);

        await server.StartAgainAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
        await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();
        var mine = await resident.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal([2], mine["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!).ToArray());
    }

    private static Dictionary<string, string?> Postgres(string connectionString) => new(StringComparer.Ordinal)
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = connectionString,
    };
}
