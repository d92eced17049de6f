using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.VotingCodes;

namespace Buurtbudget.Api.Tests.VotingCodes;

public sealed class VotingCodesApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<List<string>> IssueAsync(HttpClient coordinator, string round, int count)
    {
        var batch = await (await coordinator.Post($"/api/rounds/{round}/voting-codes", new { count })).Json(HttpStatusCode.OK);
        return [.. batch["codes"]!.AsArray().Select(c => (string)c!)];
    }

    private static Task<HttpResponseMessage> VoteAsync(HttpClient client, string round, string code, params int[] proposals) =>
        client.Put($"/api/rounds/{round}/ballot/by-code", new { code, choices = proposals.Select(id => new { proposalId = id }).ToArray() });

    [Fact]
    public async Task Codes_vote_anonymously_count_in_the_tally_and_the_coordinator_sees_only_how_many()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000, 2_000_000, 1_500_000]);
        var coordinator = app.Coordinator(Http.Delfshaven);

        var batch = await (await coordinator.Post($"/api/rounds/{round}/voting-codes", new { count = 50 })).Json(HttpStatusCode.OK);
        var codes = batch["codes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(50, (int)batch["count"]!);
        Assert.Equal(1, (int)batch["batch"]!);
        Assert.Contains("één keer", (string)batch["notice"]!, StringComparison.Ordinal);
        Assert.Equal(50, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$", code));

        var anonymous = app.Anonymous();
        await (await VoteAsync(anonymous, round, codes[0], 1, 2)).Json(HttpStatusCode.OK);
        // Typed carelessly: lower case, spaces instead of dashes.
        await (await VoteAsync(anonymous, round, codes[1].ToLowerInvariant().Replace('-', ' '), 3)).Json(HttpStatusCode.OK);
        await (await VoteAsync(anonymous, round, codes[2])).Json(HttpStatusCode.OK);
        var replaced = await (await VoteAsync(anonymous, round, codes[0], 3)).Json(HttpStatusCode.OK);
        Assert.Equal(2, (int)replaced["revision"]!);
        await app.Resident("anna", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).ContinueWith(t => t.Result.Json(HttpStatusCode.OK)).Unwrap();

        var readBack = await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code = codes[0] })).Json(HttpStatusCode.OK);
        Assert.Equal([3], readBack["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!));
        await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code = codes[3] })).Problem(HttpStatusCode.NotFound, "no-ballot-yet");

        var use = await coordinator.GetAsync($"/api/rounds/{round}/voting-codes").Ok();
        Assert.Equal(50, (int)use["issued"]!);
        Assert.Equal(3, (int)use["used"]!);
        Assert.Equal(3, ((System.Text.Json.Nodes.JsonObject)use).Count);
        var asAuditor = await app.Auditor().GetAsync($"/api/rounds/{round}/voting-codes").Ok();
        Assert.Equal(3, (int)asAuditor["used"]!);
        await app.Admin().GetAsync($"/api/rounds/{round}/voting-codes").Ok();

        var tally = await coordinator.GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(4, (long)tally["turnout"]!);
        Assert.Equal(1, (long)tally["blankBallots"]!);
        Assert.Equal(2, (long)tally["proposals"]![2]!["voters"]!);
    }

    [Fact]
    public async Task An_invented_code_or_another_rounds_code_is_refused_alike_and_changes_nothing()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000]);
        var other = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000]);
        var coordinator = app.Coordinator(Http.Delfshaven);
        await IssueAsync(coordinator, round, 5);
        var otherCode = (await IssueAsync(coordinator, other, 1))[0];
        var before = await RoundScenario.EventCountAsync(app, round);
        var anonymous = app.Anonymous();

        var invented = await (await VoteAsync(anonymous, round, "KX7F-9QPM-3TRW-H4NC", 1)).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        var foreign = await (await VoteAsync(anonymous, round, otherCode, 1)).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        var malformed = await (await VoteAsync(anonymous, round, "0000-1111", 1)).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code = otherCode })).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { choices = Array.Empty<object>() })).Problem(HttpStatusCode.BadRequest, "missing-field");

        Assert.Equal((string?)invented["detail"], (string?)foreign["detail"]);
        Assert.Equal((string?)invented["detail"], (string?)malformed["detail"]);
        Assert.Equal(before, await RoundScenario.EventCountAsync(app, round));
        var use = await coordinator.GetAsync($"/api/rounds/{round}/voting-codes").Ok();
        Assert.Equal(0, (int)use["used"]!);
    }

    [Fact]
    public async Task Only_the_wijks_coordinators_and_admins_issue_codes()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var before = await RoundScenario.EventCountAsync(app, round);

        await (await app.Coordinator(Http.Noord).Post($"/api/rounds/{round}/voting-codes", new { count = 5 })).Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await app.Resident("anna", Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = 5 })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Anonymous().Post($"/api/rounds/{round}/voting-codes", new { count = 5 })).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/voting-codes")).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await app.Resident("anna", Http.Delfshaven).GetAsync($"/api/rounds/{round}/voting-codes")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Coordinator(Http.Noord).GetAsync($"/api/rounds/{round}/voting-codes")).Problem(HttpStatusCode.Forbidden, "not-your-district");
        Assert.Equal(before, await RoundScenario.EventCountAsync(app, round));

        // In draft already, by an admin too.
        Assert.Single(await IssueAsync(app.Admin(), round, 1));
        Assert.Equal(before + 1, await RoundScenario.EventCountAsync(app, round));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VotingCode.MaxPerBatch + 1)]
    public async Task A_batch_outside_the_bounds_is_refused_and_stores_nothing(int count)
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var before = await RoundScenario.EventCountAsync(app, round);

        var problem = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count })).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-count-out-of-range");

        Assert.Equal("50000", (string?)problem["arguments"]!["max"]);
        Assert.Equal(before, await RoundScenario.EventCountAsync(app, round));
    }

    [Fact]
    public async Task Codes_are_refused_once_voting_has_closed()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000]);
        var coordinator = app.Coordinator(Http.Delfshaven);
        var code = (await IssueAsync(coordinator, round, 1))[0];
        await RoundScenario.MoveAsync(coordinator, round, "tallied");

        await (await coordinator.Post($"/api/rounds/{round}/voting-codes", new { count = 1 })).Problem(HttpStatusCode.Conflict, "wrong-phase");
        await (await VoteAsync(app.Anonymous(), round, code, 1)).Problem(HttpStatusCode.Conflict, "wrong-phase");
    }

    [Fact]
    public async Task The_event_log_holds_code_hashes_never_the_codes()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000]);
        var codes = await IssueAsync(app.Coordinator(Http.Delfshaven), round, 20);
        await (await VoteAsync(app.Anonymous(), round, codes[0], 1)).Json(HttpStatusCode.OK);

        var log = await (await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000")).Content.ReadAsStringAsync();

        Assert.Contains("\"voting-codes-issued\"", log, StringComparison.Ordinal);
        Assert.All(codes, code =>
        {
            Assert.DoesNotContain(code, log, StringComparison.Ordinal);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), log, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_print_shop_gets_a_csv_without_personal_data()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var coordinator = app.Coordinator(Http.Delfshaven);
        await IssueAsync(coordinator, round, 3);

        var response = await coordinator.PostAsJsonAsync($"/api/rounds/{round}/voting-codes?format=csv", new { count = 50 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("volgnummer,stemcode,batch", lines[0]);
        Assert.Equal(51, lines.Length);
        Assert.All(lines.Skip(1).Select((line, index) => (line, index)), row =>
            Assert.Matches($"^{row.index + 1},[2-9A-Z]{{4}}-[2-9A-Z]{{4}}-[2-9A-Z]{{4}}-[2-9A-Z]{{4}},2$", row.line));

        // The Accept header chooses too.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/voting-codes") { Content = JsonContent.Create(new { count = 2 }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await coordinator.SendAsync(request);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(55, (int)(await coordinator.GetAsync($"/api/rounds/{round}/voting-codes").Ok())["issued"]!);
        await (await coordinator.PostAsJsonAsync($"/api/rounds/{round}/voting-codes?format=pdf", new { count = 1 })).Problem(HttpStatusCode.BadRequest, "invalid-value");
    }

    [Fact]
    public async Task Printable_letters_are_one_a4_page_per_code_with_the_round_text_encoded()
    {
        using var app = new BuurtbudgetApp(_directory);
        var created = await (await app.Admin().Post("/api/rounds", new
        {
            districtCode = Http.Delfshaven,
            districtName = "Delfshaven & Schiemond",
            municipalityName = "Rotterdam",
            title = "Buurtbudget <script>alert('x')</script>",
            rules = Http.Rules(5_000_000),
        })).Json(HttpStatusCode.Created);
        var round = (string)created["id"]!;
        var coordinator = app.Coordinator(Http.Delfshaven);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/voting-codes") { Content = JsonContent.Create(new { count = 50 }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await coordinator.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Delfshaven &amp; Schiemond", html, StringComparison.Ordinal);
        Assert.Contains("size: A4", html, StringComparison.Ordinal);
        Assert.Contains("page-break-after: always", html, StringComparison.Ordinal);
        Assert.Equal(50, html.Split("<section class=\"letter\">").Length - 1);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Matches(html, "<p class=\"code\">[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}</p>").Count);
        Assert.Contains("Stemmen met een code", html, StringComparison.Ordinal);
        Assert.Contains($"/rondes/{round}/stemcode", html, StringComparison.Ordinal);
        Assert.Contains("De einddatum van de stemming is nog niet vastgesteld.", html, StringComparison.Ordinal);
    }

    private static async Task<string> LettersAsync(HttpClient coordinator, string round, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/voting-codes") { Content = JsonContent.Create(new { count }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await coordinator.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Each_letter_names_the_short_address_and_the_closing_moment_in_Dutch_time()
    {
        using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?> { ["VotingCodes:VotingUrl"] = "https://stem.rotterdam.example/buurtbudget/" });
        var created = await (await app.Admin().Post("/api/rounds", new
        {
            districtCode = Http.Delfshaven, districtName = "Delfshaven", municipalityName = "Rotterdam", title = "Letters met een einddatum", rules = Http.Rules(5_000_000),
        })).Json(HttpStatusCode.Created);
        var round = (string)created["id"]!;
        var coordinator = app.Coordinator(Http.Delfshaven);
        // 16:00 UTC on a winter day is 17:00 in the Netherlands (CET), in summer 18:00 (CEST).
        await coordinator.Put($"/api/rounds/{round}/calendar", new
        {
            submissionOpens = "2099-01-05T08:00:00Z", submissionCloses = "2099-02-02T08:00:00Z", votingOpens = "2099-03-02T08:00:00Z", votingCloses = "2099-03-17T16:00:00Z",
        }).Ok();

        var html = await LettersAsync(coordinator, round, 3);

        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "<li>Ga naar <strong>stem\\.rotterdam\\.example/buurtbudget</strong>\\.</li>").Count);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<p class=\"deadline\">U kunt stemmen tot dinsdag 17 maart 2099 om 17:00 uur.</p>").Length - 1);
        Assert.Equal(3, html.Split("Voting closes on Tuesday 17 March 2099 at 17:00 (Dutch time).").Length - 1);
    }

    [Theory]
    [InlineData("https://stem.rotterdam.example/buurtbudget/", "stem.rotterdam.example/buurtbudget")]
    [InlineData("https://stem.rotterdam.example/", "stem.rotterdam.example")]
    [InlineData("http://localhost:5080/rondes/r1/stemcode", "localhost:5080/rondes/r1/stemcode")]
    public void The_short_address_is_host_and_path_without_scheme_or_trailing_slash(string url, string expected) =>
        Assert.Equal(expected, Buurtbudget.Api.VotingCodes.VotingCodeLetters.ShortAddress(new Uri(url)));

    [Fact]
    public void A_summer_closing_moment_is_in_Dutch_summer_time() =>
        Assert.Equal("vrijdag 3 juli 2099 om 18:00 uur", Buurtbudget.Api.VotingCodes.VotingCodeLetters.DutchMoment(new DateTimeOffset(2099, 7, 3, 16, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task A_code_opens_its_ballot_paper_without_an_account_and_nothing_else_does()
    {
        using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 5_000_000, [1_000_000, 2_000_000]);
        var codes = await IssueAsync(app.Coordinator(Http.Delfshaven), round, 2);
        var anonymous = app.Anonymous();

        var paper = await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/ballot-paper", new { code = codes[0].ToLowerInvariant() })).Json(HttpStatusCode.OK);
        Assert.Equal(("voting", 5_000_000L), ((string?)paper["round"]!["phase"], (long)paper["round"]!["rules"]!["budgetCents"]!));
        Assert.Equal([1, 2], paper["options"]!.AsArray().Select(o => (int)o!["id"]!));
        Assert.Equal(2_000_000L, (long)paper["options"]![1]!["approvedCostCents"]!);
        Assert.Null(paper["ballot"]);

        var cast = await (await VoteAsync(anonymous, round, codes[0], 2)).Json(HttpStatusCode.OK);
        paper = await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/ballot-paper", new { code = codes[0] })).Json(HttpStatusCode.OK);
        Assert.Equal((string?)cast["receipt"], (string?)paper["ballot"]!["receipt"]);

        await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/ballot-paper", new { code = "KX7F-9QPM-3TRW-H4NC" })).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/ballot-paper", new { })).Problem(HttpStatusCode.BadRequest, "missing-field");
    }
}
