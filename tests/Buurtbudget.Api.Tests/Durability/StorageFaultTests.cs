using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Durability;

/// <summary>Storage that fails while residents vote: the data directory is moved away under a running API (as when
/// a volume is unmounted or a disk is pulled). Residents must get a clear 503 with a retry hint, readiness must say
/// so, nothing acknowledged may be lost, and the platform must recover by itself once the directory is back.</summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_storage_fault_refuses_ballots_with_503_and_the_platform_recovers_by_itself()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 3_000_000, [1_000_000, 1_000_000, 1_000_000]);
        var anne = app.Resident("anne", Http.Delfshaven);
        var bram = app.Resident("bram", Http.Delfshaven);
        var anonymous = app.Anonymous();

        var acknowledged = await anne.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok();
        Assert.True((bool)acknowledged["saved"]!);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        var away = Path.Combine(_directory.Root, "data-away");
        Directory.Move(_directory.Data, away);

        // Dutch by default: the text a resident sees on the phone.
        using var refused = await bram.Put($"/api/rounds/{round}/ballot", Http.Ballot(3));
        var problem = await refused.Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.Equal("Tijdelijk niet beschikbaar", (string?)problem["title"]);
        Assert.Contains("niet opgeslagen", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 for a ballot must say when to retry.");

        // The failed write unloaded the round and it cannot be loaded now: this refusal comes from loading, and must
        // be the same 503, not a 500.
        using var replacementRefused = await anne.Put($"/api/rounds/{round}/ballot", Http.Ballot(3));
        await replacementRefused.Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable");

        using var notReady = await anonymous.GetAsync("/health/ready");
        var readiness = await notReady.Json(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", (string?)readiness["status"]);
        Assert.Equal("Unhealthy", (string?)readiness["checks"]!["storage"]!["status"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        Directory.Move(away, _directory.Data);

        // No restart: the same process serves again once the storage is back.
        var ready = await anonymous.GetAsync("/health/ready").Ok();
        Assert.Equal("Healthy", (string?)ready["status"]);
        var retried = await bram.Put($"/api/rounds/{round}/ballot", Http.Ballot(3)).Ok();
        Assert.True((bool)retried["saved"]!);
        Assert.Equal(1, (int)retried["revision"]!);

        // Anne's acknowledged ballot is intact and her refused replacement left no trace.
        var anneNow = await anne.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal(1, (int)anneNow["revision"]!);
        Assert.Equal([1, 2], anneNow["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!));
        var tally = await app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(2, (long)tally["turnout"]!);
        Assert.Equal([1L, 1L, 1L], tally["proposals"]!.AsArray().Select(p => (long)p!["voters"]!));
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events").Ok();
        Assert.True((bool)log["chainValid"]!);
        Assert.Equal(2, log["events"]!.AsArray().Count(e => (string?)e!["type"] is "ballot-cast" or "ballot-replaced"));
    }

    [Fact]
    public async Task Ballots_acknowledged_before_a_fault_survive_a_restart_after_it()
    {
        string round;
        await using (var app = new BuurtbudgetApp(_directory))
        {
            round = await RoundScenario.InVotingAsync(app, 2_000_000, [1_000_000, 1_000_000]);
            for (var i = 0; i < 10; i++)
            {
                await app.Resident($"bewoner-{i}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot((i % 2) + 1)).Ok();
            }

            var away = Path.Combine(_directory.Root, "data-away");
            Directory.Move(_directory.Data, away);
            using var refused = await app.Resident("bewoner-laat", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1));
            await refused.Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Directory.Move(away, _directory.Data);
        }

        await using var restarted = new BuurtbudgetApp(_directory);
        var tally = await restarted.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(10, (long)tally["turnout"]!);
        Assert.Equal([5L, 5L], tally["proposals"]!.AsArray().Select(p => (long)p!["voters"]!));
        using var none = await restarted.Resident("bewoner-laat", Http.Delfshaven).GetAsync($"/api/rounds/{round}/ballot");
        await none.Problem(HttpStatusCode.NotFound, "no-ballot-yet");
        Assert.True((bool)(await restarted.Auditor().GetAsync($"/api/rounds/{round}/events").Ok())["chainValid"]!);
    }
}
