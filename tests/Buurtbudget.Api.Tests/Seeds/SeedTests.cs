using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Seeds;

/// <summary>The demo data in seeds/ loads into a fresh install through real commands, and only once.</summary>
public sealed class SeedTests : IDisposable
{
    private const string Middelland = "019a8e3c-5a00-7000-8000-000000000001";
    private const string OudeNoorden = "019a8e3c-5a00-7000-8000-000000000002";
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string SeedDirectory() => Path.Combine(AppContext.BaseDirectory, "seeds");

    [Fact]
    public async Task A_fresh_install_holds_the_demo_rounds()
    {
        await using var app = new BuurtbudgetApp(_directory, SeedDirectory());
        var resident = app.Resident("alice", Http.Delfshaven);

        var rounds = await resident.GetAsync("/api/rounds").Ok();
        Assert.Equal(3, rounds.AsArray().Count);

        var middelland = await resident.GetAsync($"/api/rounds/{Middelland}").Ok();
        Assert.Equal("voting", (string?)middelland["phase"]);
        var closes = DateTimeOffset.Parse((string)middelland["calendar"]!["votingCloses"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(closes - DateTimeOffset.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));
        Assert.Equal(Http.Delfshaven, (string?)middelland["district"]!["code"]);
        var proposals = await resident.GetAsync($"/api/rounds/{Middelland}/proposals").Ok();
        Assert.Equal(10, proposals.AsArray().Count(p => (string?)p!["status"] == "feasible"));

        // Alice can vote in the seeded round straight away.
        var ballot = await resident.Put($"/api/rounds/{Middelland}/ballot", Http.Ballot(1, 2, 8)).Ok();
        Assert.True((bool)ballot["saved"]!);

        var results = await resident.GetAsync($"/api/rounds/{OudeNoorden}/results").Ok();
        Assert.Equal(64, (long)results["turnout"]!);
        Assert.Contains(results["proposals"]!.AsArray(), p => (bool)p!["won"]!);

        // Oude Noorden is spending: an overrun, approved, rejected and pending spends, and progress residents can follow.
        var spending = await app.Resident("bewoner-noord", Http.Noord).GetAsync($"/api/rounds/{OudeNoorden}/spending").Ok();
        Assert.Equal(("spending", 1_115_000L, 150_000L), ((string?)spending["phase"], (long)spending["spentCents"]!, (long)spending["pendingCents"]!));
        Assert.Equal(["approved", "approved", "approved", "rejected", "pending"], spending["spends"]!.AsArray().Select(s => (string?)s!["status"]));
        var bloembakken = spending["projects"]!.AsArray().Single(p => (int)p!["proposalId"]! == 1)!;
        Assert.Equal((875_000L, 875_000L, "in-progress"), ((long)bloembakken["limitCents"]!, (long)bloembakken["spentCents"]!, (string?)bloembakken["status"]));
    }

    [Fact]
    public async Task A_fresh_install_funds_the_demo_wijken_with_a_history_and_their_rounds_reserve_from_this_year()
    {
        await using var app = new BuurtbudgetApp(_directory, SeedDirectory());
        var year = DateTimeOffset.UtcNow.Year;

        var delfshaven = await app.Coordinator(Http.Delfshaven).GetAsync($"/api/wijken/{Http.Delfshaven}/budget").Ok();

        Assert.Equal([year - 2, year - 1, year], delfshaven["years"]!.AsArray().Select(y => (int)y!["year"]!));
        var thisYear = delfshaven["years"]![2]!;
        Assert.Equal((7_000_000L, 5_000_000L, 2_000_000L), ((long)thisYear["allocatedCents"]!, (long)thisYear["reservedCents"]!, (long)thisYear["availableCents"]!));
        Assert.Equal(Middelland, (string?)delfshaven["reservations"]![0]!["roundId"]);
        Assert.True((bool)delfshaven["chainValid"]!);

        var noord = await app.Auditor().GetAsync($"/api/wijken/{Http.Noord}/budget").Ok();
        Assert.Equal(OudeNoorden, (string?)noord["reservations"]![0]!["roundId"]);
    }

    [Fact]
    public async Task Seeds_are_not_loaded_twice()
    {
        await using (var first = new BuurtbudgetApp(_directory, SeedDirectory()))
        {
            await first.Auditor().GetAsync("/api/rounds").Ok();
        }

        await using var second = new BuurtbudgetApp(_directory, SeedDirectory());
        var rounds = await second.Auditor().GetAsync("/api/rounds").Ok();
        Assert.Equal(3, rounds.AsArray().Count);
        var log = await second.Auditor().GetAsync($"/api/rounds/{Middelland}/events").Ok();
        Assert.True((bool)log["chainValid"]!);
    }
}
