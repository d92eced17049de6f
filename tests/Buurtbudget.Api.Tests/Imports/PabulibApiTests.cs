using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Api.Tests.Imports;

/// <summary>Pabulib in and out over HTTP: an admin imports a real file as a tallied round whose result is the
/// reference's, and anyone signed in downloads a tallied round as a file that recomputes to the same winners.</summary>
public sealed class PabulibApiTests : IDisposable
{
    private const string Import = "/api/rounds/imports/pabulib?districtCode=WK036300&districtName=Centrum&municipalityName=Amsterdam";
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Netherlands_Amsterdam_515.pb", "mes+greedy", 3140)]
    [InlineData("Poland_Czestochowa_2020_Grabowka.pb", "mes+greedy-per-cost", 201)]
    public async Task An_imported_file_becomes_a_tallied_round_with_the_references_result(string fileName, string rule, int voters)
    {
        await using var app = new BuurtbudgetApp(_directory);
        var text = await File.ReadAllTextAsync(PathOf(fileName));
        Assert.True(fileName != "Netherlands_Amsterdam_515.pb" || Encoding.UTF8.GetByteCount(text) > 64 * 1024, "the file proves the raised body limit");

        var imported = await (await app.Admin().PostAsync($"{Import}&rule={Uri.EscapeDataString(rule)}", Body(text))).Json(HttpStatusCode.Created);

        var round = (string)imported["round"]!["id"]!;
        Assert.Equal("tallied", (string?)imported["round"]!["phase"]);
        Assert.Equal(voters, (int)imported["ballots"]!);
        var projectOf = imported["projects"]!.AsArray().ToDictionary(p => (int)p!["proposalId"]!, p => (string)p!["projectId"]!);
        var results = await app.Resident("bewoner-centrum", "WK036300").GetAsync($"/api/rounds/{round}/results").Ok();
        Assert.Equal(voters, (int)results["turnout"]!);
        Assert.Equal(rule, (string?)results["rule"]);
        var winners = results["proposals"]!.AsArray().Where(p => (bool)p!["won"]!).Select(p => projectOf[(int)p!["proposalId"]!]).Order(StringComparer.Ordinal);
        Assert.Equal(ExpectedWinners(fileName, rule), winners);

        // Out again: the round as a Pabulib file, with numbered voters and its winners marked.
        var download = await app.Auditor().GetAsync($"/api/rounds/{round}/results/pabulib");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        var file = PabulibParser.Parse(await download.Content.ReadAsStringAsync()).File!;
        Assert.Equal(voters, file.Votes.Length);
        Assert.Equal(Enumerable.Range(1, voters).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), file.Votes.Select(v => v.VoterId));
        Assert.Equal(ExpectedWinners(fileName, rule), file.SelectedInFile!.Value.Select(id => projectOf[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_open_data_of_a_round_are_its_pabulib_file_as_csv_tables_and_as_json()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var imported = await (await app.Admin().PostAsync($"{Import}&rule=greedy", Body(await File.ReadAllTextAsync(PathOf("Poland_Czestochowa_2020_Grabowka.pb"))))).Json(HttpStatusCode.Created);
        var round = (string)imported["round"]!["id"]!;
        var reader = app.Resident("bewoner-centrum", "WK036300");
        var file = PabulibParser.Parse(await reader.GetStringAsync($"/api/rounds/{round}/results/pabulib")).File!;

        var projects = await reader.GetAsync($"/api/rounds/{round}/results/open-data/projects.csv");
        Assert.Equal("text/csv", projects.Content.Headers.ContentType?.MediaType);
        var projectLines = (await projects.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', file.ProjectColumns), projectLines[0]);
        Assert.Equal(file.Projects.Length + 1, projectLines.Length);

        // A ballot's projects are one field: quoted, because they hold commas.
        var voteLines = (await reader.GetStringAsync($"/api/rounds/{round}/results/open-data/votes.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(201 + 1, voteLines.Length);
        var many = file.Votes.First(v => v.Projects.Length > 1);
        Assert.Contains(voteLines, line => line.StartsWith($"{many.VoterId},\"{string.Join(',', many.Projects)}\",", StringComparison.Ordinal));

        var json = JsonNode.Parse(await reader.GetStringAsync($"/api/rounds/{round}/results/open-data/round.json"))!;
        Assert.Equal(file.MetaValue("budget"), (string?)json["meta"]!["budget"]);
        Assert.Equal(file.Votes.Select(v => v.VoterId), json["votes"]!.AsArray().Select(v => (string)v!["voter_id"]!));
        Assert.Equal(file.Projects.Select(p => p.Id), json["projects"]!.AsArray().Select(p => (string)p!["project_id"]!));

        await (await reader.GetAsync($"/api/rounds/{round}/results/open-data/round.xml")).Problem(HttpStatusCode.BadRequest, "invalid-value");
        var voting = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000]);
        await (await app.Auditor().GetAsync($"/api/rounds/{voting}/results/open-data/round.json")).Problem(HttpStatusCode.Conflict, "results-not-available");
    }

    [Fact]
    public async Task Only_an_admin_imports_and_nothing_is_created_otherwise()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var text = await File.ReadAllTextAsync(PathOf("Poland_Czestochowa_2020_Grabowka.pb"));

        foreach (var client in new[] { app.Coordinator("WK036300"), app.Auditor(), app.Resident("bewoner", "WK036300") })
        {
            await (await client.PostAsync($"{Import}&rule=greedy", Body(text))).Problem(HttpStatusCode.Forbidden, "forbidden");
        }

        await (await app.Anonymous().PostAsync($"{Import}&rule=greedy", Body(text))).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Empty((await app.Admin().GetAsync("/api/rounds").Ok()).AsArray());
    }

    [Fact]
    public async Task A_bad_file_or_request_gets_a_reason_and_creates_no_round()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var admin = app.Admin();
        var good = await File.ReadAllTextAsync(PathOf("Poland_Czestochowa_2020_Grabowka.pb"));

        var unreadable = await (await admin.PostAsync($"{Import}&rule=greedy", Body("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;12.345\nVOTES\nvoter_id;vote\n"))).Problem(HttpStatusCode.UnprocessableEntity, "pabulib-unreadable");
        Assert.Equal("7", (string?)unreadable["arguments"]!["line"]);
        Assert.Contains("regel 7", (string?)unreadable["detail"], StringComparison.Ordinal);

        var ordinal = await (await admin.PostAsync($"{Import}&rule=greedy", Body(await File.ReadAllTextAsync(PathOf("Switzerland_Zurich_S5R.pb"))))).Problem(HttpStatusCode.UnprocessableEntity, "pabulib-not-a-round");
        Assert.Contains("ordinal", (string?)ordinal["detail"], StringComparison.Ordinal);
        await (await admin.PostAsync($"{Import}&rule=phragmen", Body(good))).Problem(HttpStatusCode.UnprocessableEntity, "pabulib-not-a-round");
        await (await admin.PostAsync(Import, Body(good))).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await admin.PostAsync($"{Import}&rule=winner-takes-all", Body(good))).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await admin.PostAsync($"{Import}&rule=greedy&tieBreak=coin", Body(good))).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await admin.PostAsync("/api/rounds/imports/pabulib?districtCode=Centrum&districtName=Centrum&municipalityName=Amsterdam&rule=greedy", Body(good))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-district-code");
        await (await admin.PostAsync($"{Import}&rule=greedy&title={new string('x', 121)}", Body(good))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");

        Assert.Empty((await admin.GetAsync("/api/rounds").Ok()).AsArray());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_it_is_read_and_other_bodies_keep_their_small_limit()
    {
        await using var app = new BuurtbudgetApp(_directory);
        using var huge = new ByteArrayContent(new byte[17 * 1024 * 1024]);

        await (await app.Admin().PostAsync($"{Import}&rule=greedy", huge)).Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await (await app.Admin().PostAsync("/api/rounds", new ByteArrayContent(new byte[65 * 1024]))).Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Fact]
    public async Task A_round_without_a_result_has_no_pabulib_file()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app, 1_000_000);

        await (await app.Admin().GetAsync($"/api/rounds/{round}/results/pabulib")).Problem(HttpStatusCode.Conflict, "results-not-available");
    }

    private static StringContent Body(string text) => new(text, Encoding.UTF8, "text/plain");

    private static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Pabulib", fileName);

    private static IEnumerable<string> ExpectedWinners(string fileName, string rule)
    {
        var expected = JsonNode.Parse(File.ReadAllText(PathOf(fileName) + ".json"), documentOptions: new JsonDocumentOptions())!;
        return expected["outcomes"]![rule]!["selected"]!.AsArray().Select(id => (string)id!).Order(StringComparer.Ordinal);
    }
}
