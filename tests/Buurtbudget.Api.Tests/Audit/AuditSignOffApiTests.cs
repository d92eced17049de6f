using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Audit;

public sealed class AuditSignOffApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_auditor_signs_off_a_closed_round_with_findings_linked_to_events_and_everyone_can_read_it()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await ClosedRoundAsync(app);
        var head = await RoundScenario.EventCountAsync(app, round);
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events").Ok();
        var headHash = (string?)log["events"]!.AsArray()[^1]!["hash"];

        var signed = await app.Auditor().Post($"/api/rounds/{round}/audit/sign-off", new
        {
            verdict = "findings",
            findings = new[] { new { text = "De factuur voor voorstel 1 ontbreekt.", events = new[] { 2L, 3L } } },
        }).Ok();

        Assert.True((bool)signed["signedOff"]!);
        Assert.Equal((head, headHash), ((long)signed["headSequence"]!, (string?)signed["headHash"]));
        var read = await app.Resident("bewoner-1", Http.Delfshaven).GetAsync($"/api/rounds/{round}/audit").Ok();
        Assert.Equal("findings", (string?)read["verdict"]);
        Assert.Equal([2L, 3L], read["findings"]!.AsArray()[0]!["events"]!.AsArray().Select(e => (long)e!).ToArray());

        // The sign-off is itself the next event of the chain.
        var after = await app.Auditor().GetAsync($"/api/rounds/{round}/events?after={head}").Ok();
        Assert.True((bool)after["chainValid"]!);
        Assert.Equal("audit-signed-off", (string?)Assert.Single(after["events"]!.AsArray())!["type"]);

        await (await app.Auditor().Post($"/api/rounds/{round}/audit/sign-off", new { verdict = "approved" }))
            .Problem(HttpStatusCode.Conflict, "audit-already-signed-off");
    }

    [Fact]
    public async Task A_sign_off_that_does_not_hold_together_is_refused_with_a_reason()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await ClosedRoundAsync(app);
        var auditor = app.Auditor();

        await (await auditor.Post($"/api/rounds/{round}/audit/sign-off", new { })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await auditor.Post($"/api/rounds/{round}/audit/sign-off", new { verdict = "goed" })).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await auditor.Post($"/api/rounds/{round}/audit/sign-off", new { verdict = "findings" })).Problem(HttpStatusCode.UnprocessableEntity, "audit-verdict-findings");
        await (await auditor.Post($"/api/rounds/{round}/audit/sign-off", new { verdict = "findings", findings = new[] { new { text = "Iets", events = new[] { 999L } } } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "audit-finding-event");
        Assert.False((bool)(await auditor.GetAsync($"/api/rounds/{round}/audit").Ok())["signedOff"]!);
    }

    private static async Task<string> ClosedRoundAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 300_000]);
        await app.Resident("bewoner-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok();
        var coordinator = app.Coordinator(Http.Delfshaven);
        foreach (var phase in new[] { "tallied", "spending", "closed" })
        {
            await RoundScenario.MoveAsync(coordinator, round, phase);
        }

        return round;
    }
}
