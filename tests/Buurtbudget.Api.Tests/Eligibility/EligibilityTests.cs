using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Eligibility;

/// <summary>Nobody outside a round's eligibility can vote at all: wijk (by district claim or by postcode), minimum
/// age, voter register, business owners on a business park. Every refusal stores nothing.</summary>
public sealed class EligibilityTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_minimum_age_admits_those_who_reached_it_on_the_day_they_vote_and_refuses_the_rest()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await PrepareAsync(app, new { minimumAge = 16 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var sixteenToday = Resident(app, "jarig", Born(today.AddYears(-16)));
        var sixteenTomorrow = Resident(app, "bijna", Born(today.AddYears(-16).AddDays(1)));
        var unknownAge = app.Resident("zonder-geboortedatum", Http.Delfshaven);

        await (await sixteenToday.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        var young = await (await sixteenTomorrow.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal("too-young", (string?)young["arguments"]!["reason"]);
        Assert.Contains("16", (string?)young["detail"], StringComparison.Ordinal);
        var unknown = await (await unknownAge.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal("age-unknown", (string?)unknown["arguments"]!["reason"]);
        Assert.Equal(1, await TurnoutAsync(app, round));
    }

    [Fact]
    public async Task A_register_admits_exactly_the_people_in_it()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await PrepareAsync(app, new { registerRequired = true }, openVoting: false);
        var coordinator = app.Coordinator(Http.Delfshaven);
        await (await coordinator.PostAsJsonAsync($"/api/rounds/{round}/phase", new { to = "voting" })).Problem(HttpStatusCode.Conflict, "voter-register-missing");

        var hasher = app.Services.GetRequiredService<ParticipantHasher>();
        string[] register = [.. new[] { "in-register-1", "in-register-2" }.Select(s => hasher.Hash(DevelopmentTokenIssuer.Issuer, s).Value)];
        var imported = await (await coordinator.PutAsJsonAsync($"/api/rounds/{round}/voter-register", new { voters = register.Append(register[0]) })).Json(HttpStatusCode.OK);
        Assert.Equal(2, (int)imported["count"]!);
        await (await app.Coordinator(Http.Noord).PutAsJsonAsync($"/api/rounds/{round}/voter-register", new { voters = register })).Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await coordinator.PutAsJsonAsync($"/api/rounds/{round}/voter-register", new { voters = new[] { "someone@example.nl" } })).Problem(HttpStatusCode.BadRequest, "invalid-value");
        Assert.Equal(2, (int)(await app.Auditor().GetAsync($"/api/rounds/{round}/voter-register").Ok())["count"]!);
        await RoundScenario.MoveAsync(coordinator, round, "voting");

        await (await app.Resident("in-register-1", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        var outside = await (await app.Resident("not-in-register", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal("not-in-register", (string?)outside["arguments"]!["reason"]);
        await (await coordinator.PutAsJsonAsync($"/api/rounds/{round}/voter-register", new { voters = register })).Problem(HttpStatusCode.Conflict, "wrong-phase");
        Assert.Equal(1, await TurnoutAsync(app, round));
    }

    [Fact]
    public async Task Business_owners_vote_only_in_rounds_that_admit_them_and_only_in_their_wijk()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var park = await PrepareAsync(app, new { businessOwnersAdmitted = true });
        var plain = await PrepareAsync(app, eligibility: null);
        var owner = app.As(Role.Resident, "ondernemer-1", Verified(("ondernemer", "true")), Http.Delfshaven);
        var ownerOnly = BusinessOwner(app, "ondernemer-2", Http.Delfshaven);
        var ownerElsewhere = BusinessOwner(app, "ondernemer-3", Http.Noord);

        await (await ownerOnly.Put($"/api/rounds/{park}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        await (await owner.Put($"/api/rounds/{park}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        await (await ownerElsewhere.Put($"/api/rounds/{park}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        await (await ownerOnly.Put($"/api/rounds/{plain}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");

        Assert.Equal(2, await TurnoutAsync(app, park));
        Assert.Equal(0, await TurnoutAsync(app, plain));
    }

    [Fact]
    public async Task A_postcode_claim_places_a_resident_in_the_wijk_of_the_postcode_table()
    {
        var table = Path.Combine(_directory.Root, "postcodes.csv");
        await File.WriteAllTextAsync(table, "postcode;wijkcode\n3021AB;WK059903\n3032;WK059905\n");
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?> { ["Authentication:PostcodeTable"] = table });
        var round = await PrepareAsync(app, eligibility: null);

        var middelland = app.As(Role.Resident, "via-postcode", Verified(("postal_code", "3021 ab")));
        var noord = app.As(Role.Resident, "via-pc4", Verified(("postal_code", "3032 XY")));
        var unknown = app.As(Role.Resident, "onbekende-postcode", Verified(("postal_code", "9999ZZ")));

        await (await middelland.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        await (await noord.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        await (await unknown.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal(1, await TurnoutAsync(app, round));
    }

    [Fact]
    public async Task Eligibility_is_part_of_the_rules_and_frozen_when_voting_opens()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await PrepareAsync(app, new { minimumAge = 12 });
        var coordinator = app.Coordinator(Http.Delfshaven);

        var read = await app.Resident("lezer", Http.Delfshaven).GetAsync($"/api/rounds/{round}").Ok();
        Assert.Equal(12, (int?)read["rules"]!["eligibility"]!["minimumAge"]);
        await (await coordinator.Put($"/api/rounds/{round}/rules", new { eligibility = new { minimumAge = 18 } })).Problem(HttpStatusCode.Conflict, "rules-frozen");
        var child = Resident(app, "twaalf-morgen", Born(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12).AddDays(1)));
        await (await child.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Problem(HttpStatusCode.Forbidden, "not-eligible");
    }

    [Fact]
    public async Task An_impossible_minimum_age_is_refused_with_the_reason()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);

        var problem = await (await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/rules", new { eligibility = new { minimumAge = 130 } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "invalid-rules");
        Assert.Contains("120", (string?)problem["detail"], StringComparison.Ordinal);
    }

    /// <summary>A round in voting (or just before) with two feasible proposals and the given eligibility.</summary>
    private static async Task<string> PrepareAsync(BuurtbudgetApp app, object? eligibility, bool openVoting = true)
    {
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var coordinator = app.Coordinator(Http.Delfshaven);
        if (eligibility is not null)
        {
            await (await coordinator.Put($"/api/rounds/{round}/rules", new { eligibility })).Json(HttpStatusCode.OK);
        }

        await RoundScenario.MoveAsync(coordinator, round, "submission");
        await (await app.Resident("indiener", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("Bankjes bij de speeltuin", 400_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        await (await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents = 400_000 })).Json(HttpStatusCode.OK);
        if (openVoting)
        {
            await RoundScenario.MoveAsync(coordinator, round, "voting");
        }

        return round;
    }

    private static async Task<int> TurnoutAsync(BuurtbudgetApp app, string round) =>
        (int)(await app.Auditor().GetAsync($"/api/rounds/{round}/tally").Ok())["turnout"]!;

    private static HttpClient Resident(BuurtbudgetApp app, string subject, IReadOnlyDictionary<string, object> verified) =>
        app.As(Role.Resident, subject, verified, Http.Delfshaven);

    /// <summary>Signed in through a business broker: no resident role, an ondernemer claim, the business's wijk.</summary>
    private static HttpClient BusinessOwner(BuurtbudgetApp app, string subject, string district) =>
        app.WithoutRoles(subject, Verified(("ondernemer", "true")), district);

    private static Dictionary<string, object> Born(DateOnly date) =>
        Verified(("birthdate", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static Dictionary<string, object> Verified(params (string Type, object Value)[] claims) =>
        claims.ToDictionary(c => c.Type, c => c.Value, StringComparer.Ordinal);
}
