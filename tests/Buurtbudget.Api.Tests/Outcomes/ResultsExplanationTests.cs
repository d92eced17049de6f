using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Outcomes;

/// <summary>The results name other proposals by their titles, the way residents see them, never by numbers that
/// read like the results' ranks (issue 19, item 9).</summary>
public sealed class ResultsExplanationTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_proposal_that_did_not_fit_names_the_stronger_ones_by_title_in_both_languages()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await TalliedRoundAsync(app);
        var resident = app.Resident("lezer", Http.Delfshaven);

        var dutch = Explanation(await resident.GetAsync($"/api/rounds/{round}/results").Ok(), "Muurschildering");
        Assert.Equal(
            "Niet gekozen: kost € 5.000,00 en paste niet meer in het resterende budget van € 1.000,00 (minder stemmen dan \u2018Straatlampen\u2019 en \u2018Bankjes\u2019).",
            dutch);

        using var english = new HttpRequestMessage(HttpMethod.Get, $"/api/rounds/{round}/results");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var englishText = Explanation(await (await resident.SendAsync(english)).Json(HttpStatusCode.OK), "Muurschildering");
        Assert.Equal(
            "Not chosen: costs €5,000.00 and did not fit in the remaining budget of €1,000.00 (fewer votes than \u201cStraatlampen\u201d and \u201cBankjes\u201d).",
            englishText);
    }

    /// <summary>Budget € 10.000; Bankjes (€ 6.000, 2 votes), Straatlampen (€ 3.000, 3 votes), Muurschildering (€ 5.000,
    /// 1 vote): greedy funds Straatlampen and Bankjes, and Muurschildering no longer fits.</summary>
    private static async Task<string> TalliedRoundAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        var author = app.Resident("indiener", Http.Delfshaven);
        (string Title, long Cents)[] proposals = [("Bankjes", 600_000), ("Straatlampen", 300_000), ("Muurschildering", 500_000)];
        foreach (var (title, cents) in proposals)
        {
            await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal(title, cents))).Json(HttpStatusCode.Created);
        }

        await RoundScenario.MoveAsync(coordinator, round, "review");
        for (var i = 0; i < proposals.Length; i++)
        {
            await (await coordinator.Post($"/api/rounds/{round}/proposals/{i + 1}/review", new { decision = "feasible", approvedCostCents = proposals[i].Cents })).Json(HttpStatusCode.OK);
        }

        await RoundScenario.MoveAsync(coordinator, round, "voting");
        int[][] ballots = [[1, 2], [1, 2], [2, 3]];
        for (var voter = 0; voter < ballots.Length; voter++)
        {
            await app.Resident($"stemmer-{voter}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(ballots[voter])).Ok();
        }

        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        return round;
    }

    private static string Explanation(JsonNode results, string title) =>
        (string)results["proposals"]!.AsArray().Single(p => (string?)p!["title"] == title)!["explanation"]!;
}
