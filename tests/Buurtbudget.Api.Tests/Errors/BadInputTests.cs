using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Errors;

/// <summary>Every kind of bad input gets problem details with a reason a person can act on, and changes nothing
/// that is stored.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private BuurtbudgetApp _app = null!;
    private string _round = "";
    private long _eventsBefore;

    public async Task InitializeAsync()
    {
        _app = new BuurtbudgetApp(_directory);

        // Budget € 20.000; proposals cost € 12.000, € 9.000 and € 5.000.
        _round = await RoundScenario.InVotingAsync(_app, 2_000_000, [1_200_000, 900_000, 500_000]);
        _eventsBefore = await RoundScenario.EventCountAsync(_app, _round);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    private HttpClient Resident => _app.Resident("bewoner", Http.Delfshaven);

    private async Task AssertNothingStoredAsync() =>
        Assert.Equal(_eventsBefore, await RoundScenario.EventCountAsync(_app, _round));

    [Fact]
    public async Task Unknown_round_is_a_404_problem()
    {
        var response = await Resident.GetAsync($"/api/rounds/{Guid.NewGuid()}");
        var problem = await response.Problem(HttpStatusCode.NotFound, "round-not-found");
        Assert.Contains("Er is geen ronde", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ballot_for_an_unknown_round_is_a_404_problem_and_stores_nothing()
    {
        // The ballot goes straight to the round's grain (its one call on the hot path), which refuses it: no round.
        var unknown = Guid.CreateVersion7();
        var response = await Resident.PutAsJsonAsync($"/api/rounds/{unknown}/ballot", Http.Ballot(1));

        await response.Problem(HttpStatusCode.NotFound, "round-not-found");
        Assert.Empty(await _app.Services.GetRequiredService<IEventStore>().ReadAsync(new RoundId(unknown)));
    }

    [Fact]
    public async Task A_round_id_that_is_not_a_uuid_is_a_round_not_found_in_words_not_a_binding_failure()
    {
        var response = await Resident.GetAsync("/api/rounds/middelland");
        var problem = await response.Problem(HttpStatusCode.NotFound, "invalid-round-id");
        Assert.Equal("Er is geen ronde met het kenmerk 'middelland'. Controleer of u de hele link heeft overgenomen, of kies de ronde in de lijst met rondes.", (string?)problem["detail"]);
    }

    /// <summary>Every kind of route that takes a round or proposal id (reads, writes, by code, exports) answers a
    /// malformed one in words; the framework's "Failed to bind parameter" with its C# type names never reaches anyone.</summary>
    [Theory]
    [InlineData("GET", "/api/rounds/abc", "invalid-round-id", "'abc'")]
    [InlineData("GET", "/api/rounds/abc/proposals", "invalid-round-id", "'abc'")]
    [InlineData("GET", "/api/rounds/abc/results", "invalid-round-id", "'abc'")]
    [InlineData("GET", "/api/rounds/abc/events", "invalid-round-id", "'abc'")]
    [InlineData("PUT", "/api/rounds/abc/ballot", "invalid-round-id", "'abc'")]
    [InlineData("GET", "/api/rounds/{round}/proposals/xyz", "invalid-proposal-id", "'xyz'")]
    [InlineData("GET", "/api/rounds/{round}/proposals/0", "invalid-proposal-id", "'0'")]
    [InlineData("GET", "/api/rounds/{round}/events?after=soon", "invalid-value", "'soon'")]
    [InlineData("GET", "/api/rounds/{round}/events?after=-1", "invalid-value", "'-1'")]
    [InlineData("GET", "/api/rounds/{round}/events?limit=veel", "invalid-value", "'veel'")]
    [InlineData("GET", "/api/rounds/{round}/bulletin-board?limit=1e3", "invalid-value", "'1e3'")]
    public async Task A_malformed_id_or_number_in_the_address_is_answered_in_words(string method, string path, string code, string named)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{round}", _round, StringComparison.Ordinal));
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(Http.Ballot(1));
        }

        var response = await (method == "PUT" ? Resident : _app.Auditor()).SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var problem = await response.Problem(code == "invalid-value" ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, code);
        var detail = (string?)problem["detail"] ?? "";
        Assert.Contains(named, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("bind", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Failed", (string?)problem["title"] ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("no-dashes")]
    [InlineData("braces")]
    [InlineData("parentheses")]
    [InlineData("padded")]
    public async Task Another_spelling_of_a_round_id_is_refused_not_read_as_the_round(string spelling)
    {
        var id = spelling switch
        {
            "upper" => _round.ToUpperInvariant(),
            "no-dashes" => _round.Replace("-", "", StringComparison.Ordinal),
            "braces" => "{" + _round + "}",
            "parentheses" => "(" + _round + ")",
            _ => "%20" + _round + "%20",
        };

        var read = await Resident.GetAsync($"/api/rounds/{id}");
        await read.Problem(HttpStatusCode.NotFound, "invalid-round-id");
        var byCode = await _app.Anonymous().PutAsync($"/api/rounds/{id}/ballot/by-code", JsonContent.Create(new { code = "KX7F-9QPM-3TRW-H4NC", choices = Array.Empty<object>() }));
        await byCode.Problem(HttpStatusCode.NotFound, "invalid-round-id");
    }

    [Fact]
    public async Task Wrong_phase_is_a_409_that_names_the_phases()
    {
        var response = await Resident.Post($"/api/rounds/{_round}/proposals", Http.Proposal("Te laat ingediend", 100_000));
        var problem = await response.Problem(HttpStatusCode.Conflict, "wrong-phase");
        Assert.Equal("voting", ((string?)problem["arguments"]!["phase"])?.ToLowerInvariant());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Ballot_over_budget_is_refused_with_total_and_budget()
    {
        var response = await Resident.Put($"/api/rounds/{_round}/ballot", Http.Ballot(1, 2, 3));
        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "ballot-over-budget");
        Assert.Contains("€ 26.000,00", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("€ 20.000,00", (string?)problem["detail"], StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Duplicate_proposal_on_a_ballot_is_refused()
    {
        var response = await Resident.Put($"/api/rounds/{_round}/ballot", Http.Ballot(2, 2));
        await response.Problem(HttpStatusCode.UnprocessableEntity, "ballot-duplicate-proposal");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_proposal_on_a_ballot_is_refused()
    {
        var response = await Resident.Put($"/api/rounds/{_round}/ballot", Http.Ballot(1, 42));
        await response.Problem(HttpStatusCode.UnprocessableEntity, "ballot-proposal-not-on-ballot");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(-500)]
    [InlineData(0)]
    [InlineData(1_000_000_000_000_000)]
    public async Task Negative_zero_or_absurd_budgets_are_refused(long budgetCents)
    {
        var response = await _app.Admin().Post("/api/rounds", new
        {
            districtCode = Http.Delfshaven,
            districtName = "Delfshaven",
            municipalityName = "Rotterdam",
            title = "Ronde met een vreemd budget",
            rules = Http.Rules(budgetCents),
        });
        await response.Problem(HttpStatusCode.UnprocessableEntity, "invalid-rules");
        var rounds = await _app.Admin().GetAsync("/api/rounds").Ok();
        Assert.Single(rounds.AsArray());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(9_000_000_000)]
    public async Task Negative_zero_or_absurd_approved_costs_are_refused(long approvedCostCents)
    {
        var round = await RoundScenario.CreateAsync(_app);
        var coordinator = _app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        await (await Resident.Post($"/api/rounds/{round}/proposals", Http.Proposal("Drempels", 100_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        var before = await RoundScenario.EventCountAsync(_app, round);

        var response = await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents });
        await response.Problem(HttpStatusCode.UnprocessableEntity, "amount-out-of-range");
        Assert.Equal(before, await RoundScenario.EventCountAsync(_app, round));
    }

    [Theory]
    [InlineData("WK59903")]
    [InlineData("wk059903")]
    [InlineData("BU05990325")]
    [InlineData("WK05990X")]
    public async Task A_district_code_of_the_wrong_form_is_refused(string code)
    {
        var response = await _app.Admin().Post("/api/rounds", new
        {
            districtCode = code,
            districtName = "Delfshaven",
            municipalityName = "Rotterdam",
            title = "Ronde",
            rules = Http.Rules(1_000_000),
        });
        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "invalid-district-code");
        Assert.Contains("WK", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_where_it_went_wrong()
    {
        using var content = new StringContent("{\"choices\": [ {\"proposalId\": 1 ", Encoding.UTF8, "application/json");
        var response = await Resident.PutAsync($"/api/rounds/{_round}/ballot", content);
        var problem = await response.Problem(HttpStatusCode.BadRequest, "malformed-request");
        Assert.Contains("LineNumber", (string?)problem["detail"], StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_json_value_of_the_wrong_type_is_refused_with_its_path()
    {
        var response = await Resident.Put($"/api/rounds/{_round}/ballot", new { choices = new[] { new { proposalId = "een" } } });
        var problem = await response.Problem(HttpStatusCode.BadRequest, "malformed-request");
        Assert.Contains("proposalId", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_number_sent_as_a_json_string_is_refused()
    {
        var ballot = await Resident.Put($"/api/rounds/{_round}/ballot", new { choices = new[] { new { proposalId = "1" } } });
        await ballot.Problem(HttpStatusCode.BadRequest, "malformed-request");

        var submission = await RoundScenario.CreateAsync(_app);
        await RoundScenario.MoveAsync(_app.Coordinator(Http.Delfshaven), submission, "submission");
        var proposal = await Resident.Post($"/api/rounds/{submission}/proposals", new { title = "Bankje", description = "Een bankje bij de speeltuin.", category = "greenery", estimatedCostCents = "100" });
        var problem = await proposal.Problem(HttpStatusCode.BadRequest, "malformed-request");
        Assert.Contains("estimatedCostCents", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_json_key_sent_twice_is_refused_not_read_as_its_last_value()
    {
        using var content = new StringContent("{\"choices\": [{\"proposalId\": 1, \"proposalId\": 2}]}", Encoding.UTF8, "application/json");
        var response = await Resident.PutAsync($"/api/rounds/{_round}/ballot", content);
        await response.Problem(HttpStatusCode.BadRequest, "malformed-request");

        using var twice = new StringContent("{\"choices\": [], \"choices\": [{\"proposalId\": 1}]}", Encoding.UTF8, "application/json");
        await (await Resident.PutAsync($"/api/rounds/{_round}/ballot", twice)).Problem(HttpStatusCode.BadRequest, "malformed-request");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_of_ten_megabytes_is_refused()
    {
        using var content = new ByteArrayContent(new byte[10 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await Resident.PutAsync($"/api/rounds/{_round}/ballot", content);
        await response.Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_token_for_another_district_cannot_vote()
    {
        var elsewhere = _app.Resident("bewoner-noord", Http.Noord);
        var response = await elsewhere.Put($"/api/rounds/{_round}/ballot", Http.Ballot(1));
        var problem = await response.Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal("not-in-district", (string?)problem["arguments"]!["reason"]);
        Assert.Contains(Http.Delfshaven, (string?)problem["detail"], StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_coordinator_of_another_district_cannot_move_the_phase()
    {
        var response = await _app.Coordinator(Http.Noord).Post($"/api/rounds/{_round}/phase", new { to = "tallied" });
        await response.Problem(HttpStatusCode.Forbidden, "not-your-district");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task No_token_is_a_401_problem_with_a_bearer_challenge()
    {
        var response = await _app.Anonymous().GetAsync($"/api/rounds/{_round}/ballot");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_resident_cannot_read_the_event_log()
    {
        var response = await Resident.GetAsync($"/api/rounds/{_round}/events");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Residents_do_not_see_a_tally_that_is_not_live()
    {
        var response = await Resident.GetAsync($"/api/rounds/{_round}/tally");
        await response.Problem(HttpStatusCode.Forbidden, "tally-not-public");
        var coordinatorView = await _app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{_round}/tally").Ok();
        Assert.Equal(0, (long)coordinatorView["turnout"]!);
    }

    [Fact]
    public async Task Results_before_voting_closes_are_a_409_naming_the_phase()
    {
        var response = await Resident.GetAsync($"/api/rounds/{_round}/results");
        await response.Problem(HttpStatusCode.Conflict, "results-not-available");
    }

    [Fact]
    public async Task Problems_are_in_english_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{_round}/ballot") { Content = System.Net.Http.Json.JsonContent.Create(Http.Ballot(1, 2, 3)) };
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,nl;q=0.5");
        var response = await Resident.SendAsync(request);
        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "ballot-over-budget");
        Assert.Equal("Over budget", (string?)problem["title"]);
    }
}
