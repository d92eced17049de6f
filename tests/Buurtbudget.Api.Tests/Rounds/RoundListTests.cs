using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Rounds;

/// <summary>The lists across rounds (the rounds list, the city-wide open data) come from the round summaries the
/// grains keep on commit, not from activating every round.</summary>
public sealed class RoundListTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task After_a_restart_the_rounds_list_and_the_city_open_data_activate_no_round()
    {
        string tallied, draft;
        await using (var before = new BuurtbudgetApp(_directory))
        {
            tallied = await RoundScenario.InVotingAsync(before, 1_000_000, [400_000], district: Http.Noord, categories: ["lighting"]);
            await before.Resident("bewoner-noord", Http.Noord).Put($"/api/rounds/{tallied}/ballot", Http.Ballot(1)).Ok();
            await RoundScenario.MoveAsync(before.Coordinator(Http.Noord), tallied, "tallied");
            draft = await RoundScenario.CreateAsync(before);
        }

        await using var app = new BuurtbudgetApp(_directory);
        var reader = app.Resident("lezer", Http.Delfshaven);

        var rounds = (await reader.GetAsync("/api/rounds").Ok()).AsArray();
        var roundsCsv = await reader.GetStringAsync("/api/open-data/city/rounds.csv");
        var wijken = await reader.GetAsync("/api/open-data/city/city.json").Ok();

        Assert.Equal([draft, tallied], rounds.Select(r => (string?)r!["id"]));
        var listed = rounds.Single(r => (string?)r!["id"] == tallied)!;
        Assert.Equal(("tallied", 1L, 1, "intact", 1_000_000L), ((string?)listed["phase"], (long)listed["turnout"]!, (int)listed["proposalCount"]!, (string?)listed["integrity"], (long)listed["budgetCents"]!));
        Assert.Equal(("Noord", "Rotterdam"), ((string?)listed["district"]!["name"], (string?)listed["district"]!["municipalityName"]));
        Assert.Contains(tallied, roundsCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, roundsCsv, StringComparison.Ordinal);
        Assert.Equal("400000", (string?)wijken["wijken"]![0]!["funded_cents"]);

        Assert.Equal(0, await RoundActivationsAsync(app));
    }

    [Fact]
    public async Task The_list_shows_what_a_command_changed_as_soon_as_it_is_answered()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var reader = app.Resident("lezer", Http.Delfshaven);
        Assert.Equal("draft", (string?)Listed(await reader.GetAsync("/api/rounds").Ok(), round)["phase"]);

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "submission");
        await (await app.Resident("indiener", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("Bankjes", 80_000))).Json(HttpStatusCode.Created);

        var listed = Listed(await reader.GetAsync("/api/rounds").Ok(), round);
        Assert.Equal(("submission", 1), ((string?)listed["phase"], (int)listed["proposalCount"]!));
        Assert.Single((await reader.GetAsync("/api/rounds?phase=submission").Ok()).AsArray());
        Assert.Empty((await reader.GetAsync("/api/rounds?phase=draft").Ok()).AsArray());
        Assert.Empty((await reader.GetAsync($"/api/rounds?district={Http.Noord}").Ok()).AsArray());
    }

    [Fact]
    public async Task A_round_stored_before_the_read_model_existed_is_listed_after_start_up()
    {
        string round;
        await using (var before = new BuurtbudgetApp(_directory))
        {
            round = await RoundScenario.CreateAsync(before);
            await RoundScenario.MoveAsync(before.Coordinator(Http.Delfshaven), round, "submission");
        }

        // The database as an installation from before the read model has it: events, and no summaries.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Data, SqliteEventStore.DatabaseFileName)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM round_summaries;";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using var app = new BuurtbudgetApp(_directory);
        var listed = Listed(await app.Resident("lezer", Http.Delfshaven).GetAsync("/api/rounds").Ok(), round);
        Assert.Equal("submission", (string?)listed["phase"]);
    }

    private static JsonNode Listed(JsonNode list, string round) => list.AsArray().Single(r => (string?)r!["id"] == round)!;

    private static async Task<int> RoundActivationsAsync(BuurtbudgetApp app)
    {
        var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("RoundGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
