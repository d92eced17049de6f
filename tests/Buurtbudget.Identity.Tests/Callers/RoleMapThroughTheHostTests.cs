using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tests.Support;

namespace Buurtbudget.Identity.Tests.Callers;

/// <summary>An Entra-like provider whose app-role names differ from the platform's, mapped in configuration.</summary>
public sealed class RoleMapThroughTheHostTests(DevelopmentKeyFixture key) : IClassFixture<DevelopmentKeyFixture>, IAsyncLifetime
{
    private FakeIdentityProvider _provider = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        var settings = TestApi.DevelopmentSettings(key.Directory);
        settings["Authentication:Authority"] = _provider.Issuer;
        settings["Authentication:Audience"] = FakeIdentityProvider.Audience;
        settings["Authentication:RequireHttpsMetadata"] = "false";
        settings["Authentication:RoleMap:Buurtbudget.Wijkcoordinator"] = "coordinator";
        settings["Authentication:RoleMap:3f9a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b"] = "auditor";
        _api = await TestApi.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_mapped_provider_role_passes_the_platform_role_policy()
    {
        var token = _provider.CreateToken("carla", roles: ["Buurtbudget.Wijkcoordinator"], districts: "WK059903 WK059904");

        using var response = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerDescription>();
        Assert.Equal(["coordinator"], caller!.Roles);
        Assert.Equal(["WK059903", "WK059904"], caller.Districts);
    }

    [Fact]
    public async Task An_unmapped_provider_role_of_the_same_name_grants_nothing()
    {
        var token = _provider.CreateToken("mallory", roles: ["coordinator", "admin"]);

        using var coordinator = await _api.GetAsync("/coordinator", token);
        using var admin = await _api.GetAsync("/admin", token);

        Assert.Equal(HttpStatusCode.Forbidden, coordinator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task The_development_issuer_still_works_next_to_the_provider()
    {
        var token = new DevelopmentTokenIssuer(key.Key).CreateToken("alice", [Role.Coordinator], [DistrictCode.Parse("WK059903")], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_same_subject_at_two_issuers_is_two_participants()
    {
        var fromProvider = _provider.CreateToken("alice", roles: ["Buurtbudget.Wijkcoordinator"]);
        var fromDevelopment = new DevelopmentTokenIssuer(key.Key).CreateToken("alice", [Role.Coordinator], [], TimeSpan.FromHours(1));

        var first = await (await _api.GetAsync("/me", fromProvider)).Content.ReadFromJsonAsync<CallerDescription>();
        var second = await (await _api.GetAsync("/me", fromDevelopment)).Content.ReadFromJsonAsync<CallerDescription>();

        Assert.NotEqual(first!.ParticipantKey, second!.ParticipantKey);
    }
}
