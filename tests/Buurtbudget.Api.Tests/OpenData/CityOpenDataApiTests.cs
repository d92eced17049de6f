using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Tests.OpenData;

public sealed class CityOpenDataApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Wijken_are_compared_on_turnout_categories_funded_and_approved_spend_and_undecided_rounds_stay_out()
    {
        await using var app = new BuurtbudgetApp(_directory);

        // Delfshaven: € 10.000; lighting (€ 6.000) and greenery (€ 3.000) funded; € 2.500 spent and approved, € 500 pending.
        var delfshaven = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 300_000, 500_000], categories: ["lighting", "greenery", "youth"]);
        foreach (var voter in new[] { "bewoner-1", "bewoner-2", "bewoner-3" })
        {
            await app.Resident(voter, Http.Delfshaven).Put($"/api/rounds/{delfshaven}/ballot", Http.Ballot(1, 2)).Ok();
        }

        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, delfshaven, "tallied");
        await RoundScenario.MoveAsync(coordinator, delfshaven, "spending");
        await (await coordinator.Post($"/api/rounds/{delfshaven}/spending/spends", Spend(1, 250_000))).Json(HttpStatusCode.Created);
        await (await coordinator.Post($"/api/rounds/{delfshaven}/spending/spends", Spend(2, 50_000))).Json(HttpStatusCode.Created);
        await app.As(Role.Coordinator, "coordinator-tweede", Http.Delfshaven).PostAsync($"/api/rounds/{delfshaven}/spending/spends/1/approval", null).Ok();

        // Noord: one lighting project funded by one ballot, nothing spent yet; and a round still in voting, left out.
        var noord = await RoundScenario.InVotingAsync(app, 500_000, [200_000], district: Http.Noord, categories: ["lighting"]);
        await app.Resident("bewoner-noord", Http.Noord).Put($"/api/rounds/{noord}/ballot", Http.Ballot(1)).Ok();
        await RoundScenario.MoveAsync(app.Coordinator(Http.Noord), noord, "tallied");
        await RoundScenario.InVotingAsync(app, 500_000, [100_000], district: Http.Noord);

        var resident = app.Resident("bewoner-9", Http.Noord);
        var wijken = await CsvAsync(resident, "wijken.csv");
        Assert.Equal(
            [
                "municipality,district_code,district_name,rounds,ballots,budget_cents,funded_cents,spent_cents",
                "Rotterdam,WK059903,Delfshaven,1,3,1000000,900000,250000",
                "Rotterdam,WK059905,Noord,1,1,500000,200000,0",
            ],
            wijken);

        var categories = await CsvAsync(resident, "categories.csv");
        Assert.Equal(
            [
                "municipality,district_code,district_name,category,funded_projects,funded_cents,spent_cents",
                "Rotterdam,WK059903,Delfshaven,greenery,1,300000,0",
                "Rotterdam,WK059903,Delfshaven,lighting,1,600000,250000",
                "Rotterdam,WK059905,Noord,lighting,1,200000,0",
            ],
            categories.OrderBy(line => line.StartsWith("municipality", StringComparison.Ordinal) ? "" : line, StringComparer.Ordinal));

        var rounds = await CsvAsync(resident, "rounds.csv");
        Assert.Equal(3, rounds.Length);
        var delfshavenRow = rounds.Single(line => line.Contains(delfshaven, StringComparison.Ordinal)).Split(',');
        // Then per channel (sign-in, letter code, paper) the ballots that count, and those another channel replaced.
        Assert.Equal(["spending", "1000000", "3", "", "", "2", "900000", "250000", "50000", "3", "0", "0", "0", "0", "0"], delfshavenRow[5..].Where((_, i) => i != 1));

        var json = await resident.GetAsync("/api/open-data/city/city.json").Ok();
        Assert.Equal("2", (string?)json["meta"]!["rounds"]);
        Assert.Equal("250000", (string?)json["wijken"]![0]!["spent_cents"]);
        Assert.Equal(3, json["categories"]!.AsArray().Count);

        await (await resident.GetAsync("/api/open-data/city/stemmen.csv")).Problem(HttpStatusCode.BadRequest, "invalid-value");
    }

    private static object Spend(int proposal, long cents) => new
    {
        proposalId = proposal,
        amountCents = cents,
        description = "Termijn aannemer",
        supplier = "Stadsbeheer BV",
        invoiceReference = $"F-{proposal}",
        invoiceDate = "2026-01-05",
    };

    [Fact]
    public async Task Titles_and_names_a_spreadsheet_would_run_as_formulas_are_text_in_every_csv()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var created = await (await app.Admin().Post("/api/rounds", new
        {
            districtCode = Http.Delfshaven,
            districtName = "=HYPERLINK(\"http://evil.example\",\"Delfshaven\")",
            municipalityName = "Rotterdam",
            title = "-2+3 buurtronde",
            rules = Http.Rules(1_000_000),
        })).Json(HttpStatusCode.Created);
        var round = (string)created["id"]!;
        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        await (await app.Resident("indiener", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("@SUM(1+1)*cmd|' /C calc'!A0", 400_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        await (await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents = 400_000 })).Json(HttpStatusCode.OK);
        await RoundScenario.MoveAsync(coordinator, round, "voting");
        await app.Resident("stemmer", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        var reader = app.Resident("lezer", Http.Delfshaven);

        var rounds = string.Join('\n', await CsvAsync(reader, "rounds.csv"));
        var wijken = string.Join('\n', await CsvAsync(reader, "wijken.csv"));
        var projects = await reader.GetStringAsync($"/api/rounds/{round}/results/open-data/projects.csv");

        Assert.Contains(",'-2+3 buurtronde,", rounds, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(", rounds, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(", wijken, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(1+1)*cmd|' /C calc'!A0,", projects, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", rounds + wijken, StringComparison.Ordinal);

        // The Pabulib file itself stays exact.
        Assert.Contains(";@SUM(1+1)*cmd|' /C calc'!A0;", await reader.GetStringAsync($"/api/rounds/{round}/results/pabulib"), StringComparison.Ordinal);
    }

    private static async Task<string[]> CsvAsync(HttpClient client, string part)
    {
        var response = await client.GetAsync($"/api/open-data/city/{part}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
