using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Api.Tests.Rounds;
using Buurtbudget.Testing.Postgres;
using Npgsql;

namespace Buurtbudget.Api.Tests.Cluster;

/// <summary>A node of a PostgreSQL cluster keeps a round's calendar reminder in PostgreSQL, through Orleans' ADO.NET
/// reminder provider, so that whichever silo owns the round's hash range after a failure fires it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCalendarTests(PostgresServerFixture fixture) : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_calendars_reminder_is_kept_in_postgresql()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Orleans:Clustering"] = "Postgres",
            ["Orleans:ClusterId"] = "cluster-" + Guid.NewGuid().ToString("N"),
        };
        await using var node = new BuurtbudgetApp(_directory, settings: settings);
        var round = await RoundScenario.CreateAsync(node);

        await node.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/calendar", RoundCalendarApiTests.Calendar(7, 21, 28, 35)).Ok();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%' || $1 || '%' AND reminder_name = 'calendar';", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(round).ToString("N") });
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
