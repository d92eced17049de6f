using System.Security.Claims;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Tests.Callers;

public sealed class CallerFactoryTests
{
    private const string Keycloak = "https://keycloak.example.org/realms/rotterdam";

    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");
    private static readonly DistrictCode Noord = DistrictCode.Parse("WK059904");

    [Fact]
    public void Roles_come_from_the_roles_and_role_claims()
    {
        var caller = Factory().Create(Principal(Keycloak, "alice", ("roles", "resident"), ("role", "auditor")));

        Assert.Equal([Role.Resident, Role.Auditor], caller.Roles.Order());
        Assert.True(caller.IsResident);
        Assert.True(caller.IsAuditor);
        Assert.False(caller.IsAdmin);
        Assert.False(caller.IsCoordinator);
    }

    [Fact]
    public void A_coordinators_name_is_read_as_one_short_line_and_a_residents_never()
    {
        var coordinator = Factory().Create(Principal(Keycloak, "carla", ("roles", "coordinator"), ("name", "  Carla\n  de\tJong \u0007 ")));
        var resident = Factory().Create(Principal(Keycloak, "alice", ("roles", "resident"), ("name", "Alice Bewoner")));
        var long_ = Factory().Create(Principal(Keycloak, "bob", ("roles", "auditor"), ("name", new string('b', 300))));

        Assert.Equal("Carla de Jong", coordinator.DisplayName);
        Assert.Null(resident.DisplayName);
        Assert.Equal(CallerFactory.DisplayNameMaxLength, long_.DisplayName!.Length);
    }

    [Fact]
    public void Unknown_role_names_grant_nothing()
    {
        var caller = Factory().Create(Principal(Keycloak, "alice", ("roles", "Admin"), ("roles", "superuser"), ("groups", "admin")));

        Assert.Empty(caller.Roles);
    }

    [Fact]
    public void A_role_map_translates_provider_roles_and_group_ids()
    {
        var factory = Factory(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Buurtbudget.Coordinator"] = "coordinator",
            ["0b7d4c7e-1f1a-4b8e-9a55-3c0f5d6e7a8b"] = "auditor",
        });

        var caller = factory.Create(Principal(
            Keycloak,
            "carla",
            ("roles", "buurtbudget.coordinator"),
            ("groups", "0B7D4C7E-1F1A-4B8E-9A55-3C0F5D6E7A8B"),
            ("roles", "admin")));

        // Mapped names count, case-insensitively; once a map is set, an unmapped "admin" does not.
        Assert.Equal([Role.Coordinator, Role.Auditor], caller.Roles.Order());
    }

    [Fact]
    public void The_development_issuer_keeps_its_own_role_names_whatever_the_map()
    {
        var factory = Factory(new Dictionary<string, string>(StringComparer.Ordinal) { ["Buurtbudget.Admin"] = "admin" });

        var caller = factory.Create(Principal(DevelopmentTokenIssuer.Issuer, "alice", ("roles", "resident")));

        Assert.Equal([Role.Resident], caller.Roles);
    }

    [Theory]
    [InlineData("WK059903")]
    [InlineData("WK059903 WK059904")]
    [InlineData("WK059903,WK059904")]
    [InlineData(" WK059903 , WK059904 ")]
    [InlineData("""["WK059903","WK059904"]""")]
    public void Districts_are_read_from_an_array_or_a_separated_string(string claim)
    {
        var caller = Factory().Create(Principal(Keycloak, "carla", ("roles", "coordinator"), ("districts", claim)));

        Assert.Contains(Delfshaven, caller.Districts);
        Assert.True(caller.CoordinatesDistrict(Delfshaven));
        Assert.Equal(claim.Contains("WK059904", StringComparison.Ordinal), caller.CoordinatesDistrict(Noord));
    }

    [Fact]
    public void Districts_from_a_claim_per_element_are_all_read()
    {
        var caller = Factory().Create(Principal(Keycloak, "carla", ("roles", "coordinator"), ("districts", "WK059903"), ("districts", "WK059904")));

        Assert.Equal([Delfshaven, Noord], caller.Districts.OrderBy(d => d.Value, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("wk059903")]
    [InlineData("WK59903")]
    [InlineData("GM0599")]
    [InlineData("BU05990310")]
    [InlineData("WK059903; DROP TABLE")]
    [InlineData("[\"WK059903\"")]
    [InlineData("[1, 2]")]
    public void Anything_that_is_not_a_district_code_is_ignored(string claim)
    {
        var caller = Factory().Create(Principal(Keycloak, "alice", ("roles", "resident"), ("districts", claim)));

        Assert.DoesNotContain(caller.Districts, district => district != Delfshaven);
        Assert.False(caller.IsResidentOf(Noord));
    }

    [Fact]
    public void A_resident_is_not_a_coordinator_of_their_home_district()
    {
        var caller = Factory().Create(Principal(Keycloak, "alice", ("roles", "resident"), ("districts", "WK059903")));

        Assert.True(caller.IsResidentOf(Delfshaven));
        Assert.False(caller.CoordinatesDistrict(Delfshaven));
        Assert.False(caller.IsResidentOf(Noord));
    }

    [Fact]
    public void A_coordinator_is_not_a_resident_of_the_districts_they_coordinate()
    {
        var caller = Factory().Create(Principal(Keycloak, "carla", ("roles", "coordinator"), ("districts", "WK059903")));

        Assert.True(caller.CoordinatesDistrict(Delfshaven));
        Assert.False(caller.IsResidentOf(Delfshaven));
    }

    [Fact]
    public void The_participant_key_is_the_keyed_hash_of_issuer_and_subject()
    {
        var factory = Factory();

        var alice = factory.Create(Principal(Keycloak, "alice"));
        var aliceAgain = factory.Create(Principal(Keycloak, "alice", ("roles", "resident")));
        var bob = factory.Create(Principal(Keycloak, "bob"));
        var aliceElsewhere = factory.Create(Principal("https://digid-broker.example.nl", "alice"));

        Assert.Equal(new ParticipantHasher(Key).Hash(Keycloak, "alice"), alice.ParticipantKey);
        Assert.Equal(alice.ParticipantKey, aliceAgain.ParticipantKey);
        Assert.NotEqual(alice.ParticipantKey, bob.ParticipantKey);
        Assert.NotEqual(alice.ParticipantKey, aliceElsewhere.ParticipantKey);
        Assert.Equal(Keycloak, alice.Issuer);
        Assert.Equal("alice", alice.Subject);
    }

    [Fact]
    public void The_caller_shown_in_a_log_does_not_reveal_who_it_is()
    {
        var caller = Factory().Create(Principal(Keycloak, "alice.de.vries", ("roles", "resident"), ("districts", "WK059903")));

        var shown = caller.ToString();

        Assert.DoesNotContain("alice", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("keycloak", shown, StringComparison.Ordinal);
        Assert.Contains(caller.ParticipantKey.Value, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anonymous_principal_has_no_caller()
    {
        Assert.Throws<InvalidOperationException>(() => Factory().Create(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public void A_role_map_to_an_unknown_role_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Factory(new Dictionary<string, string>(StringComparer.Ordinal) { ["x"] = "mayor" }));
    }

    [Fact]
    public void Wijken_from_every_claim_are_read_together_and_residents_of_one_wijk_share_their_sets()
    {
        var postcodes = PostcodeDistricts.Parse(["3021AB;WK059903", "3031CD;WK059904"], "test");
        var factory = new CallerFactory(Options.Create(new CallerOptions()), new ParticipantHasher(Key), postcodes);

        var several = factory.Create(Principal("https://idp", "sam", ("roles", "resident"), ("districts", "WK059903 WK059903"), ("postal_code", "3031 CD"), ("districts", "WK059905")));
        var first = factory.Create(Principal("https://idp", "ann", ("roles", "resident"), ("districts", "WK059903")));
        var second = factory.Create(Principal("https://idp", "bob", ("roles", "resident"), ("postal_code", "3021AB")));
        var nowhere = factory.Create(Principal("https://idp", "cor", ("roles", "resident"), ("postal_code", "9999ZZ")));

        Assert.Equal([Delfshaven, Noord, DistrictCode.Parse("WK059905")], several.Districts.OrderBy(d => d.Value, StringComparer.Ordinal));
        Assert.Equal([Delfshaven], first.Districts);
        Assert.Same(first.Districts, second.Districts);
        Assert.Same(first.Roles, second.Roles);
        Assert.Empty(nowhere.Districts);
        Assert.True(first.IsResidentOf(Delfshaven) && second.IsResidentOf(Delfshaven) && !first.IsResidentOf(Noord));
    }

    private static CallerFactory Factory(Dictionary<string, string>? roleMap = null)
    {
        var options = new CallerOptions();
        foreach (var (name, role) in roleMap ?? [])
        {
            options.RoleMap[name] = role;
        }

        return new CallerFactory(Options.Create(options), new ParticipantHasher(Key));
    }

    private static ClaimsPrincipal Principal(string issuer, string subject, params (string Type, string Value)[] claims)
    {
        var all = new List<Claim> { new("iss", issuer, ClaimValueTypes.String, issuer), new("sub", subject, ClaimValueTypes.String, issuer) };
        all.AddRange(claims.Select(claim => new Claim(claim.Type, claim.Value, ClaimValueTypes.String, issuer)));
        return new ClaimsPrincipal(new ClaimsIdentity(all, "Bearer", "sub", "roles"));
    }
}
