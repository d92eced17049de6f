using System.Net;
using System.Net.Http.Headers;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Wijken;

/// <summary>A wijk's budget over HTTP: admins allocate, rounds reserve on creation and settle on closing. Every test
/// works in <see cref="TestWijkBudgets.Unfunded"/>, a wijk that starts without money.</summary>
public sealed class WijkBudgetApiTests : IDisposable
{
    private const string Wijk = TestWijkBudgets.Unfunded;
    private const string Budget = "/api/wijken/" + Wijk + "/budget";

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static int ThisYear => BudgetYear.Containing(DateTimeOffset.UtcNow);

    private static object NewRound(long budgetCents, string title = "Buurtbudget Kralingen") => new
    {
        districtCode = Wijk,
        districtName = "Kralingen-Crooswijk",
        municipalityName = "Rotterdam",
        title,
        rules = Http.Rules(budgetCents),
    };

    private static async Task AllocateAsync(BuurtbudgetApp app, long cents, int? year = null, string reason = "Raadsbesluit wijkbudget") =>
        await (await app.Admin().Post(Budget + "/allocations", new { year = year ?? ThisYear, amountCents = cents, reason })).Json(HttpStatusCode.Created);

    private static async Task<string> CreateRoundAsync(BuurtbudgetApp app, long budgetCents) =>
        (string)(await (await app.Admin().Post("/api/rounds", NewRound(budgetCents))).Json(HttpStatusCode.Created))["id"]!;

    private static async Task<(long Allocated, long Reserved, long Spent, long Available)> YearAsync(BuurtbudgetApp app, int? year = null)
    {
        var budget = await app.Auditor().GetAsync(Budget).Ok();
        var found = budget["years"]!.AsArray().Single(y => (int)y!["year"]! == (year ?? ThisYear))!;
        return ((long)found["allocatedCents"]!, (long)found["reservedCents"]!, (long)found["spentCents"]!, (long)found["availableCents"]!);
    }

    [Fact]
    public async Task An_admin_allocates_per_year_and_the_wijks_coordinator_reads_the_verified_history()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 4_000_000, ThisYear - 1, "Raadsbesluit vorig jaar");
        await AllocateAsync(app, 5_000_000);
        await AllocateAsync(app, 1_000_000, reason: "Extra subsidie veiligheid");

        var budget = await app.Coordinator(Wijk).GetAsync(Budget).Ok();

        var years = budget["years"]!.AsArray();
        Assert.Equal([ThisYear - 1, ThisYear], years.Select(y => (int)y!["year"]!));
        Assert.Equal(6_000_000, (long)years[1]!["availableCents"]!);
        Assert.True((bool)budget["chainValid"]!);
        Assert.Equal(3, (long)budget["lastSequence"]!);
        Assert.All(budget["events"]!.AsArray(), e => Assert.Equal("wijk-budget-allocated", (string?)e!["type"]));
        Assert.Equal("Extra subsidie veiligheid", (string?)budget["events"]![2]!["payload"]!["reason"]);
    }

    [Fact]
    public async Task Only_admins_allocate_and_bad_allocations_are_refused_with_a_reason()
    {
        await using var app = new BuurtbudgetApp(_directory);

        await (await app.Coordinator(Wijk).Post(Budget + "/allocations", new { amountCents = 100, reason = "Zelf toegekend" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Admin().Post(Budget + "/allocations", new { amountCents = 0, reason = "Niets" })).Problem(HttpStatusCode.UnprocessableEntity, "amount-out-of-range");
        await (await app.Admin().Post(Budget + "/allocations", new { year = 1990, amountCents = 100, reason = "Te vroeg" })).Problem(HttpStatusCode.UnprocessableEntity, "budget-year-out-of-range");
        await (await app.Admin().Post(Budget + "/allocations", new { amountCents = 100 })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await app.Admin().Post("/api/wijken/WK12/budget/allocations", new { amountCents = 100, reason = "Raadsbesluit" })).Problem(HttpStatusCode.UnprocessableEntity, "invalid-district-code");
        var notYours = await (await app.Coordinator(Http.Noord).GetAsync(Budget)).Problem(HttpStatusCode.Forbidden, "not-your-wijk-budget");
        Assert.StartsWith("Het budget van wijk " + Wijk + " kunnen alleen de coördinatoren van die wijk", (string?)notYours["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_is_refused_when_the_wijk_lacks_the_money_saying_what_is_left()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 5_000_000);
        await CreateRoundAsync(app, 3_000_000);

        var dutch = await (await app.Admin().Post("/api/rounds", NewRound(2_500_000))).Problem(HttpStatusCode.Conflict, "wijk-budget-insufficient");
        var admin = app.Admin();
        admin.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var english = await (await admin.Post("/api/rounds", NewRound(2_500_000))).Problem(HttpStatusCode.Conflict, "wijk-budget-insufficient");

        Assert.Contains("nog € 20.000,00 over", (string?)dutch["detail"], StringComparison.Ordinal);
        Assert.Contains($"has € 20.000,00 left in {ThisYear}", (string?)english["detail"], StringComparison.Ordinal);
        var rounds = await app.Auditor().GetAsync($"/api/rounds?district={Wijk}").Ok();
        Assert.Single(rounds.AsArray());
        Assert.Equal((5_000_000L, 3_000_000L, 0L, 2_000_000L), await YearAsync(app));
    }

    [Fact]
    public async Task A_round_the_round_refuses_gives_its_reservation_back()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 5_000_000);

        // The wijk reserves first; the round then refuses the title, and the reservation is released.
        await (await app.Admin().Post("/api/rounds", NewRound(3_000_000, title: "  "))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");

        Assert.Equal((5_000_000L, 0L, 0L, 5_000_000L), await YearAsync(app));
        var events = (await app.Auditor().GetAsync(Budget).Ok())["events"]!.AsArray();
        Assert.Equal(["wijk-budget-allocated", "wijk-budget-reserved", "wijk-budget-released"], events.Select(e => (string)e!["type"]!));
    }

    [Fact]
    public async Task Changing_a_rounds_budget_adjusts_its_reservation_within_what_the_wijk_has()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 5_000_000);
        var round = await CreateRoundAsync(app, 3_000_000);
        var coordinator = app.Coordinator(Wijk);

        await coordinator.Put($"/api/rounds/{round}/rules", Http.Rules(4_500_000)).Ok();
        Assert.Equal((5_000_000L, 4_500_000L, 0L, 500_000L), await YearAsync(app));

        await (await coordinator.Put($"/api/rounds/{round}/rules", Http.Rules(5_000_001))).Problem(HttpStatusCode.Conflict, "wijk-budget-insufficient");
        var state = await coordinator.GetAsync($"/api/rounds/{round}").Ok();
        Assert.Equal(4_500_000, (long)state["rules"]!["budgetCents"]!);
        Assert.Equal((5_000_000L, 4_500_000L, 0L, 500_000L), await YearAsync(app));
    }

    [Fact]
    public async Task Concurrent_budget_changes_leave_the_reservation_equal_to_the_budget_the_round_kept()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 5_000_000);
        var round = await CreateRoundAsync(app, 1_000_000);

        // Each change reserves before the round decides it, so they reach the wijk and the round in different orders.
        var budgets = Enumerable.Range(1, 24).Select(i => 1_000_000L + (i * 50_000)).ToList();
        var answers = await Task.WhenAll(budgets.Select(async budget =>
            (await app.Coordinator(Wijk).Put($"/api/rounds/{round}/rules", Http.Rules(budget))).StatusCode));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var kept = (long)(await app.Coordinator(Wijk).GetAsync($"/api/rounds/{round}").Ok())["rules"]!["budgetCents"]!;
        Assert.Contains(kept, budgets);
        Assert.Equal((5_000_000L, kept, 0L, 5_000_000L - kept), await YearAsync(app));
    }

    [Fact]
    public async Task Closing_a_round_returns_what_its_funded_projects_did_not_spend()
    {
        await using var app = new BuurtbudgetApp(_directory);
        await AllocateAsync(app, 5_000_000);
        var round = await RoundScenario.InVotingAsync(app, 3_000_000, [1_000_000, 1_500_000], district: Wijk);
        var coordinator = app.Coordinator(Wijk);
        await app.Resident("stemmer", Wijk).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        await RoundScenario.MoveAsync(coordinator, round, "spending");
        var spend = await (await app.As(Identity.Callers.Role.Coordinator, "coordinator-tweede", Wijk).Post($"/api/rounds/{round}/spending/spends", new
        {
            proposalId = 1,
            amountCents = 800_000,
            description = "Aannemer straatverlichting",
            supplier = "Stadsbeheer BV",
            invoiceReference = "F-2026-1",
            invoiceDate = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).Json(HttpStatusCode.Created);
        await (await coordinator.PostAsync($"/api/rounds/{round}/spending/spends/1/approval", null)).Json(HttpStatusCode.OK);

        await RoundScenario.MoveAsync(coordinator, round, "closed");

        Assert.NotNull(spend);
        Assert.Equal((5_000_000L, 0L, 800_000L, 4_200_000L), await YearAsync(app));
        var settlement = (await app.Auditor().GetAsync(Budget).Ok())["settlements"]![0]!;
        Assert.Equal(2_200_000, (long)settlement["returnedCents"]!);
    }

    /// <summary>The process died between closing the round and settling it with the wijk: the round is closed straight
    /// through its grain, so the API never settled it. After a restart the wijk's budget settles it when it loads.</summary>
    [Fact]
    public async Task A_round_closed_before_a_crash_is_settled_after_the_restart()
    {
        string round;
        await using (var app = new BuurtbudgetApp(_directory))
        {
            await AllocateAsync(app, 5_000_000);
            round = await RoundScenario.InVotingAsync(app, 3_000_000, [1_000_000], district: Wijk);
            var coordinator = app.Coordinator(Wijk);
            await RoundScenario.MoveAsync(coordinator, round, "tallied");
            await RoundScenario.MoveAsync(coordinator, round, "spending");
            var closed = await app.Services.GetRequiredService<IGrainFactory>().GetRoundGrain(RoundId.Parse(round))
                .ExecuteAsync(new CloseRound(new ParticipantKey("coordinator-key")));
            Assert.Equal(CommandStatus.Committed, closed.Status);
            Assert.Equal((5_000_000L, 3_000_000L, 0L, 2_000_000L), await YearAsync(app));
        }

        await using var restarted = new BuurtbudgetApp(_directory);

        Assert.Equal((5_000_000L, 0L, 0L, 5_000_000L), await YearAsync(restarted));
        var budget = await restarted.Auditor().GetAsync(Budget).Ok();
        Assert.Equal(round, (string?)budget["settlements"]![0]!["roundId"]);
        Assert.True((bool)budget["chainValid"]!);
        Assert.True(EventChain.Verify(await restarted.Services.GetRequiredService<IEventStore>().ReadAsync(RoundId.Parse((string)budget["streamId"]!))).IsIntact);
    }
}
