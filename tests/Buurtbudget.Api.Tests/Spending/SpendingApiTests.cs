using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Tests.Spending;

public sealed class SpendingApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static object Spend(int proposal, long cents, string? date = null) => new
    {
        proposalId = proposal,
        amountCents = cents,
        description = "Twee drempels geplaatst",
        supplier = "Stadsbeheer BV",
        invoiceReference = "F-2026-0042",
        invoiceDate = date ?? DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        attachmentReference = "DMS-88213",
    };

    [Fact]
    public async Task A_spend_recorded_by_one_coordinator_and_approved_by_another_shows_for_residents_with_the_progress()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await SpendingRoundAsync(app);
        var first = app.As(Role.Coordinator, "coordinator-eerste", Named("Ellen Bakker"), Http.Delfshaven);
        var second = app.As(Role.Coordinator, "coordinator-tweede", Named("Youssef Amrani"), Http.Delfshaven);

        var recorded = await (await first.Post($"/api/rounds/{round}/spending/spends", Spend(1, 400_000))).Json(HttpStatusCode.Created);
        Assert.Equal((1, "pending"), ((int)recorded["number"]!, (string?)recorded["status"]));
        await (await first.PostAsync($"/api/rounds/{round}/spending/spends/1/approval", null))
            .Problem(HttpStatusCode.Forbidden, "spend-needs-second-coordinator");
        var approved = await second.PostAsync($"/api/rounds/{round}/spending/spends/1/approval", null).Ok();
        Assert.Equal("approved", (string?)approved["status"]);
        await second.Put($"/api/rounds/{round}/spending/projects/1/progress", new { status = "in-progress", percentComplete = 40, milestone = "Drempels besteld" }).Ok();

        var spending = await app.Resident("bewoner-7", Http.Delfshaven).GetAsync($"/api/rounds/{round}/spending").Ok();
        Assert.Equal((1_000_000L, 400_000L, 0L, 600_000L), ((long)spending["budgetCents"]!, (long)spending["spentCents"]!, (long)spending["pendingCents"]!, (long)spending["remainingCents"]!));
        var project = spending["projects"]!.AsArray().Single(p => (int)p!["proposalId"]! == 1)!;
        Assert.Equal((600_000L, 400_000L, "in-progress", 40), ((long)project["limitCents"]!, (long)project["spentCents"]!, (string?)project["status"], (int)project["percentComplete"]!));
        Assert.Equal("Drempels besteld", (string?)project["milestones"]![0]!["text"]);
        Assert.Equal("DMS-88213", (string?)spending["spends"]![0]!["attachmentReference"]);
        Assert.Equal(("Ellen Bakker", "Youssef Amrani"), ((string?)spending["spends"]![0]!["recordedBy"], (string?)spending["spends"]![0]!["decidedBy"]));
    }

    private static Dictionary<string, object> Named(string name) => new(StringComparer.Ordinal) { ["name"] = name };

    [Fact]
    public async Task Spending_past_the_approved_cost_needs_an_overrun_with_a_reason_and_never_passes_the_budget()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await SpendingRoundAsync(app);
        var coordinator = app.Coordinator(Http.Delfshaven);

        var over = await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(1, 600_001))).Problem(HttpStatusCode.Conflict, "spend-over-limit");
        Assert.Contains("overschrijding", (string?)over["detail"], StringComparison.Ordinal);
        await (await coordinator.Post($"/api/rounds/{round}/spending/overruns", new { proposalId = 1, amountCents = 50_000 })).Problem(HttpStatusCode.BadRequest, "missing-field");

        // Budget € 10.000 with € 9.000 funded: € 1.000 is free for overruns.
        await (await coordinator.Post($"/api/rounds/{round}/spending/overruns", new { proposalId = 1, amountCents = 100_001, reason = "Grondwerk" }))
            .Problem(HttpStatusCode.Conflict, "overrun-over-budget");
        var project = await coordinator.Post($"/api/rounds/{round}/spending/overruns", new { proposalId = 1, amountCents = 50_000, reason = "Grondwerk bleek duurder." }).Ok();
        Assert.Equal(650_000L, (long)project["limitCents"]!);
        Assert.Equal("Grondwerk bleek duurder.", (string?)project["overruns"]![0]!["reason"]);

        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(1, 600_001))).Json(HttpStatusCode.Created);
        var spending = await coordinator.GetAsync($"/api/rounds/{round}/spending").Ok();
        Assert.Equal((950_000L, 600_001L), ((long)spending["limitsCents"]!, (long)spending["pendingCents"]!));
    }

    [Fact]
    public async Task Bad_spending_requests_are_refused_with_a_reason_and_store_nothing()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await SpendingRoundAsync(app);
        var coordinator = app.Coordinator(Http.Delfshaven);
        var events = await RoundScenario.EventCountAsync(app, round);

        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", new { proposalId = 1, amountCents = 100 })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(3, 100))).Problem(HttpStatusCode.Conflict, "project-not-funded");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(0, 100))).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(1, 100, "2099-01-01"))).Problem(HttpStatusCode.UnprocessableEntity, "invoice-date-in-future");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(1, 100, "1-1-2026"))).Problem(HttpStatusCode.BadRequest, "malformed-request");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(1, 100, "0001-01-01"))).Problem(HttpStatusCode.UnprocessableEntity, "invoice-date-too-old");
        await (await coordinator.PostAsync($"/api/rounds/{round}/spending/spends/7/approval", null)).Problem(HttpStatusCode.NotFound, "spend-not-found");
        await (await coordinator.Post($"/api/rounds/{round}/spending/spends/7/rejection", new { })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await coordinator.Put($"/api/rounds/{round}/spending/projects/1/progress", new { status = "klaar", percentComplete = 100 })).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await coordinator.Put($"/api/rounds/{round}/spending/projects/1/progress", new { status = "completed", percentComplete = 80 })).Problem(HttpStatusCode.UnprocessableEntity, "invalid-progress");
        await (await app.Coordinator(Http.Noord).Post($"/api/rounds/{round}/spending/spends", Spend(1, 100))).Problem(HttpStatusCode.Forbidden, "not-your-district");

        Assert.Equal(events, await RoundScenario.EventCountAsync(app, round));
    }

    [Fact]
    public async Task A_pending_spend_keeps_the_round_open_until_it_is_decided_and_the_ledger_survives_a_restart()
    {
        var round = "";
        await using (var app = new BuurtbudgetApp(_directory))
        {
            round = await SpendingRoundAsync(app);
            var coordinator = app.Coordinator(Http.Delfshaven);
            await (await coordinator.Post($"/api/rounds/{round}/spending/spends", Spend(2, 250_000))).Json(HttpStatusCode.Created);
            await (await coordinator.Post($"/api/rounds/{round}/phase", new { to = "closed" })).Problem(HttpStatusCode.Conflict, "spends-pending");
        }

        await using (var app = new BuurtbudgetApp(_directory))
        {
            var second = app.As(Role.Coordinator, "coordinator-tweede", Http.Delfshaven);
            await (await second.Post($"/api/rounds/{round}/spending/spends/1/rejection", new { reason = "Factuur van een ander project." })).Json(HttpStatusCode.OK);
            await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "closed");
            var spend = (await app.Auditor().GetAsync($"/api/rounds/{round}/spending").Ok())["spends"]![0]!;
            Assert.Equal(("rejected", "Factuur van een ander project."), ((string?)spend["status"], (string?)spend["rejectionReason"]));
        }
    }

    [Fact]
    public async Task Spending_is_not_shown_before_voting_has_closed()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000]);

        await (await app.Resident("bewoner-1", Http.Delfshaven).GetAsync($"/api/rounds/{round}/spending")).Problem(HttpStatusCode.Conflict, "results-not-available");
    }

    /// <summary>Budget € 10.000; proposals 1 (€ 6.000) and 2 (€ 3.000) funded, 3 (€ 5.000) chosen by nobody; spending.</summary>
    private static async Task<string> SpendingRoundAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 300_000, 500_000]);
        foreach (var resident in new[] { "bewoner-1", "bewoner-2", "bewoner-3" })
        {
            await app.Resident(resident, Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok();
        }

        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        await RoundScenario.MoveAsync(coordinator, round, "spending");
        return round;
    }
}
