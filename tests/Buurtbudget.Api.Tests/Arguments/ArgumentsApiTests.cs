using System.Net;
using System.Net.Http.Headers;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Arguments;

/// <summary>Arguments over HTTP: who may post, agree and hide, what the list shows (and never shows), the rate limit
/// per resident, and problem details a person can act on.</summary>
public sealed class ArgumentsApiTests : IDisposable
{
    private const string Insult = "Die buurman van nummer 12 is een sukkel.";
    private const string HideReason = "Noemt een buurman bij naam.";

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static object Argument(string text, string side = "for", string? displayName = null) => new { side, text, displayName };

    private static async Task<string> InSubmissionAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "submission");
        await (await app.Resident("indiener", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("Drempels Schiedamseweg", 400_000))).Json(HttpStatusCode.Created);
        return round;
    }

    [Fact]
    public async Task A_resident_posts_under_a_chosen_name_and_anyone_reads_it_in_its_column()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var resident = app.Resident("bewoner-jan", Http.Delfshaven);

        var posted = await (await resident.Post($"/api/rounds/{round}/proposals/1/arguments", Argument("Kinderen steken hier elke dag over.", displayName: "Buur van het plein")))
            .Json(HttpStatusCode.Created);
        await (await resident.Post($"/api/rounds/{round}/proposals/1/arguments", Argument("Auto's rijden hier veel te hard.", "against"))).Json(HttpStatusCode.Created);

        Assert.Equal("Buur van het plein", (string?)posted["displayName"]);
        Assert.True((bool)posted["mine"]!);
        var list = await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/arguments").Ok();
        Assert.True((bool)list["open"]!);
        Assert.Null((string?)list["myDisplayName"]);
        var pro = Assert.Single(list["for"]!.AsArray());
        Assert.Equal("Kinderen steken hier elke dag over.", (string?)pro!["text"]);
        Assert.False((bool)pro["mine"]!);
        Assert.Equal("against", (string?)Assert.Single(list["against"]!.AsArray())!["side"]);
        Assert.Equal("Buur van het plein", (string?)(await resident.GetAsync($"/api/rounds/{round}/proposals/1/arguments").Ok())["myDisplayName"]);
    }

    [Fact]
    public async Task Only_residents_of_the_wijk_post_and_agree()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var path = $"/api/rounds/{round}/proposals/1/arguments";
        await (await app.Resident("bewoner-jan", Http.Delfshaven).Post(path, Argument("Kinderen steken hier elke dag over.", displayName: "Jan"))).Json(HttpStatusCode.Created);

        await (await app.Resident("bewoner-noord", Http.Noord).Post(path, Argument("Ik kom hier nooit langs eigenlijk.", displayName: "Noorderling")))
            .Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await app.Resident("bewoner-noord", Http.Noord).PostAsync($"/api/rounds/{round}/arguments/1/agreement", null))
            .Problem(HttpStatusCode.Forbidden, "not-your-district");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().Post(path, Argument("Anoniem meepraten mag niet.", displayName: "Anoniem"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Coordinator(Http.Delfshaven).Post(path, Argument("Als coördinator vind ik dit goed.", displayName: "Coördinator"))).StatusCode);
    }

    [Fact]
    public async Task A_resident_agrees_once_and_not_with_their_own_argument()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var author = app.Resident("bewoner-jan", Http.Delfshaven);
        var neighbour = app.Resident("buurvrouw", Http.Delfshaven);
        await (await author.Post($"/api/rounds/{round}/proposals/1/arguments", Argument("Kinderen steken hier elke dag over.", displayName: "Jan"))).Json(HttpStatusCode.Created);

        var agreed = await neighbour.PostAsync($"/api/rounds/{round}/arguments/1/agreement", null).Ok();
        var again = await (await neighbour.PostAsync($"/api/rounds/{round}/arguments/1/agreement", null)).Problem(HttpStatusCode.Conflict, "argument-already-agreed");
        await (await author.PostAsync($"/api/rounds/{round}/arguments/1/agreement", null)).Problem(HttpStatusCode.Conflict, "own-argument");
        await (await neighbour.PostAsync($"/api/rounds/{round}/arguments/7/agreement", null)).Problem(HttpStatusCode.NotFound, "argument-not-found");
        await (await neighbour.PostAsync($"/api/rounds/{round}/arguments/0/agreement", null)).Problem(HttpStatusCode.NotFound, "argument-not-found");

        Assert.Equal(1, (int)agreed["agreements"]!);
        Assert.True((bool)agreed["agreedByMe"]!);
        Assert.Equal("U was het al eens", (string?)again["title"]);
        var list = await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/arguments").Ok();
        Assert.Equal(1, (int)list["for"]![0]!["agreements"]!);
    }

    [Fact]
    public async Task A_hidden_argument_shows_its_reason_and_stays_in_the_log_only()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var author = app.Resident("bewoner-jan", Http.Delfshaven);
        await (await author.Post($"/api/rounds/{round}/proposals/1/arguments", Argument(Insult, "against", "Boze buur"))).Json(HttpStatusCode.Created);

        await (await app.Coordinator(Http.Noord).Post($"/api/rounds/{round}/arguments/1/hiding", new { reason = HideReason })).Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/arguments/1/hiding", new { })).Problem(HttpStatusCode.BadRequest, "missing-field");
        var hidden = await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/arguments/1/hiding", new { reason = HideReason }).Ok();
        await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/arguments/1/hiding", new { reason = HideReason })).Problem(HttpStatusCode.Conflict, "argument-already-hidden");
        await (await app.Resident("buurvrouw", Http.Delfshaven).PostAsync($"/api/rounds/{round}/arguments/1/agreement", null)).Problem(HttpStatusCode.Conflict, "argument-is-hidden");

        Assert.Equal(HideReason, (string?)hidden["hidden"]!["reason"]);
        Assert.Null((string?)hidden["text"]);
        var page = await app.Anonymous().GetStringAsync(new Uri($"/api/rounds/{round}/proposals/1/arguments", UriKind.Relative));
        var mine = await author.GetAsync($"/api/rounds/{round}/proposals/1/arguments").Ok();
        var log = await app.Auditor().GetStringAsync(new Uri($"/api/rounds/{round}/events", UriKind.Relative));
        Assert.DoesNotContain("sukkel", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Boze buur", page, StringComparison.Ordinal);
        Assert.Contains(HideReason, page, StringComparison.Ordinal);
        Assert.Null((string?)mine["against"]![0]!["text"]);
        Assert.True((bool)mine["against"]![0]!["mine"]!);
        Assert.Contains(Insult, log, StringComparison.Ordinal);
        Assert.Contains("argument-hidden", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_close_with_the_vote()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var resident = app.Resident("bewoner-jan", Http.Delfshaven);
        await (await resident.Post($"/api/rounds/{round}/proposals/1/arguments", Argument("Stem hierop, het is hard nodig.", displayName: "Jan"))).Json(HttpStatusCode.Created);

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");

        var late = await (await resident.Post($"/api/rounds/{round}/proposals/1/arguments", Argument("Jammer dat het niet gekozen is."))).Problem(HttpStatusCode.Conflict, "wrong-phase");
        Assert.Equal("post-argument", (string?)late["arguments"]!["action"]);
        Assert.False((bool)(await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/arguments").Ok())["open"]!);
        // Moderation goes on: what stays on the page must still be fit to read.
        await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/arguments/1/hiding", new { reason = HideReason }).Ok();
    }

    [Fact]
    public async Task Text_and_name_rules_come_back_as_problems_in_Dutch_and_English()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var path = $"/api/rounds/{round}/proposals/1/arguments";
        var resident = app.Resident("bewoner-jan", Http.Delfshaven);
        var english = app.Resident("bewoner-jan", Http.Delfshaven);
        english.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        var shortText = await (await resident.Post(path, Argument("Ja!", displayName: "Jan"))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");
        await (await resident.Post(path, Argument(new string('a', 501), displayName: "Jan"))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");
        await (await resident.Post(path, Argument("Twee regels\nzijn geen titel.", displayName: "Jan"))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");
        await (await resident.Post(path, Argument("Kinderen steken hier elke dag over."))).Problem(HttpStatusCode.UnprocessableEntity, "display-name-needed");
        var noName = await (await english.Post(path, Argument("Kinderen steken hier elke dag over."))).Problem(HttpStatusCode.UnprocessableEntity, "display-name-needed");
        await (await resident.Post(path, Argument("Kinderen steken hier elke dag over.", "sideways", "Jan"))).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await resident.Post(path, new { side = "for" })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await resident.Post($"/api/rounds/{round}/proposals/9/arguments", Argument("Kinderen steken hier elke dag over.", displayName: "Jan"))).Problem(HttpStatusCode.NotFound, "proposal-not-found");

        await (await resident.Post(path, Argument("Kinderen steken hier elke dag over.", displayName: "Buur van het plein"))).Json(HttpStatusCode.Created);
        var taken = await (await app.Resident("buurvrouw", Http.Delfshaven).Post(path, Argument("Ik ben het er helemaal mee eens.", displayName: "buur VAN het plein")))
            .Problem(HttpStatusCode.Conflict, "display-name-taken");

        Assert.Contains("minstens 10 tekens", (string?)shortText["detail"], StringComparison.Ordinal);
        Assert.Equal("Choose a name first", (string?)noName["title"]);
        Assert.Contains("Kies een andere naam", (string?)taken["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_over_the_hourly_limit_gets_429_and_a_neighbour_still_posts()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { ["RateLimits:Argument:PerResidentPerHour"] = "3" });
        var round = await InSubmissionAsync(app);
        var path = $"/api/rounds/{round}/proposals/1/arguments";
        var eager = app.Resident("haastige-bewoner", Http.Delfshaven);

        for (var i = 1; i <= 3; i++)
        {
            await (await eager.Post(path, Argument($"Argument nummer {i} van mij.", displayName: "Haastig"))).Json(HttpStatusCode.Created);
        }

        var refused = await eager.Post(path, Argument("Argument nummer 4 van mij.", displayName: "Haastig"));

        var problem = await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal("Te veel verzoeken", (string?)problem["title"]);
        Assert.True(refused.Headers.Contains("Retry-After"));
        await (await app.Resident("rustige-bewoner", Http.Delfshaven).Post(path, Argument("Ik post maar één keer vandaag.", displayName: "Rustig"))).Json(HttpStatusCode.Created);
        // Reading is not limited by the posting limit.
        Assert.Equal(4, (await eager.GetAsync(path).Ok())["for"]!.AsArray().Count);
    }

    [Fact]
    public async Task No_answer_holds_a_participant_key_or_a_token_subject()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InSubmissionAsync(app);
        var path = $"/api/rounds/{round}/proposals/1/arguments";
        var hasher = app.Services.GetRequiredService<ParticipantHasher>();
        string[] subjects = ["bewoner-jan", "buurvrouw"];
        var keys = subjects.Select(s => hasher.Hash(DevelopmentTokenIssuer.Issuer, s).Value).ToArray();

        var answers = new List<string>
        {
            await (await app.Resident(subjects[0], Http.Delfshaven).Post(path, Argument("Kinderen steken hier elke dag over.", displayName: "Jan"))).Content.ReadAsStringAsync(),
            await (await app.Resident(subjects[1], Http.Delfshaven).Post(path, Argument("Liever bankjes dan drempels hier.", "against", "Buurvrouw"))).Content.ReadAsStringAsync(),
            await (await app.Resident(subjects[1], Http.Delfshaven).PostAsync($"/api/rounds/{round}/arguments/1/agreement", null)).Content.ReadAsStringAsync(),
            await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/arguments/2/hiding", new { reason = HideReason })).Content.ReadAsStringAsync(),
            await app.Anonymous().GetStringAsync(new Uri(path, UriKind.Relative)),
            await app.Resident(subjects[0], Http.Delfshaven).GetStringAsync(new Uri(path, UriKind.Relative)),
        };

        Assert.All(answers, answer =>
        {
            Assert.All(keys, key => Assert.DoesNotContain(key, answer, StringComparison.Ordinal));
            Assert.All(subjects, subject => Assert.DoesNotContain(subject, answer, StringComparison.Ordinal));
            Assert.DoesNotContain("author", answer, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void Every_argument_error_has_a_status_and_texts_in_both_languages()
    {
        var codes = typeof(ArgumentErrors).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(8, codes.Count);
        Assert.All(codes, code =>
        {
            Assert.True(ProblemCatalog.Knows(code), $"ProblemCatalog has no entry for '{code}'.");
            var text = ProblemCatalog.For(code);
            Assert.InRange(text.Status, 400, 499);
            Assert.All(new[] { text.TitleNl, text.DetailNl, text.TitleEn, text.DetailEn }, t => Assert.False(string.IsNullOrWhiteSpace(t)));
        });
    }
}
