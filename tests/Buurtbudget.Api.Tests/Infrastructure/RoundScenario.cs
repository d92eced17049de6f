using System.Net;
using System.Text.Json.Nodes;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>Brings a fresh round to a phase the way people would, over HTTP.</summary>
public static class RoundScenario
{
    public static async Task<string> CreateAsync(BuurtbudgetApp app, long budgetCents = 5_000_000, object? ballotMethod = null, bool liveTally = false, string district = Http.Delfshaven)
    {
        ArgumentNullException.ThrowIfNull(app);
        var created = await (await app.Admin().Post("/api/rounds", new
        {
            districtCode = district,
            districtName = district == Http.Noord ? "Noord" : "Delfshaven",
            municipalityName = "Rotterdam",
            title = "Buurtbudget Middelland",
            rules = Http.Rules(budgetCents, ballotMethod, liveTally),
        })).Json(HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    /// <summary>A round in voting whose proposals 1..n cost <paramref name="costsCents"/> and are all feasible at that cost;
    /// traffic safety unless <paramref name="categories"/> say otherwise.</summary>
    public static async Task<string> InVotingAsync(
        BuurtbudgetApp app, long budgetCents, long[] costsCents, object? ballotMethod = null, bool liveTally = false, string district = Http.Delfshaven, string[]? categories = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(costsCents);
        var round = await CreateAsync(app, budgetCents, ballotMethod, liveTally, district);
        var coordinator = app.Coordinator(district);
        await MoveAsync(coordinator, round, "submission");
        var author = app.Resident("indiener", district);
        for (var i = 0; i < costsCents.Length; i++)
        {
            var proposal = Http.Proposal($"Voorstel {i + 1}", costsCents[i], categories?[i] ?? "traffic-safety");
            await (await author.Post($"/api/rounds/{round}/proposals", proposal)).Json(HttpStatusCode.Created);
        }

        await MoveAsync(coordinator, round, "review");
        for (var i = 0; i < costsCents.Length; i++)
        {
            await (await coordinator.Post($"/api/rounds/{round}/proposals/{i + 1}/review", new { decision = "feasible", approvedCostCents = costsCents[i] })).Json(HttpStatusCode.OK);
        }

        await MoveAsync(coordinator, round, "voting");
        return round;
    }

    public static async Task MoveAsync(HttpClient coordinator, string round, string to) =>
        await (await coordinator.Post($"/api/rounds/{round}/phase", new { to })).Json(HttpStatusCode.OK);

    /// <summary>The round's ballot events (cast and replaced) from its exported log, in order, read as an auditor.</summary>
    public static async Task<List<JsonNode>> BallotEventsAsync(BuurtbudgetApp app, string round)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok();
        return [.. log["events"]!.AsArray().Select(e => e!).Where(e => ((string?)e["type"])?.StartsWith("ballot-", StringComparison.Ordinal) == true)];
    }

    /// <summary>The number of events in the round's log, read as an auditor.</summary>
    public static async Task<long> EventCountAsync(BuurtbudgetApp app, string round)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events").Ok();
        return (long)log["lastSequence"]!;
    }
}
