using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;

namespace Buurtbudget.Identity.Tests.Tokens;

/// <summary>Staff sign in with the municipality's Entra ID tenant through Microsoft.Identity.Web, next to the
/// residents' broker: both providers are real OpenID endpoints on loopback, in Entra's and a broker's shape.</summary>
public sealed class EntraStaffTests : IAsyncLifetime
{
    private const string CoordinatorsOfMiddelland = "3f9a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

    private FakeIdentityProvider _entra = null!;
    private FakeIdentityProvider _broker = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _entra = await FakeIdentityProvider.StartEntraAsync();
        _broker = await FakeIdentityProvider.StartAsync();
        var settings = _entra.Settings();
        foreach (var (name, value) in _broker.Settings())
        {
            settings[name] = value;
        }

        settings["Authentication:RoleMap:Buurtbudget.Coordinator"] = "coordinator";
        settings["Authentication:RoleMap:Buurtbudget.Auditor"] = "auditor";
        settings["Authentication:RoleMap:resident"] = "resident";
        settings[$"Authentication:DistrictMap:{CoordinatorsOfMiddelland}"] = "WK059903, WK059904";
        _api = await TestApi.StartAsync(settings, services: _entra.Trust);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _broker.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task An_app_role_and_a_group_make_a_coordinator_of_the_mapped_wijken()
    {
        var token = _entra.CreateToken("carla", roles: ["Buurtbudget.Coordinator"], extraClaims: Groups(CoordinatorsOfMiddelland));

        using var response = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerDescription>();
        Assert.Equal(["coordinator"], caller!.Roles);
        Assert.Equal(["WK059903", "WK059904"], caller.Districts);
    }

    [Fact]
    public async Task A_coordinator_outside_the_mapped_groups_coordinates_no_wijk()
    {
        var token = _entra.CreateToken("dirk", roles: ["Buurtbudget.Coordinator"], extraClaims: Groups("00000000-0000-4000-8000-00000000dead"));

        var caller = await (await _api.GetAsync("/coordinator", token)).Content.ReadFromJsonAsync<CallerDescription>();

        Assert.Empty(caller!.Districts);
    }

    [Fact]
    public async Task A_v2_token_for_the_client_id_is_accepted()
    {
        var token = _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"], audience: FakeIdentityProvider.ClientId);

        using var response = await _api.GetAsync("/auditor", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("api://another-app")]
    [InlineData("00000003-0000-0000-c000-000000000000")]
    // Entra's v2.0 access tokens name the client id; the api:// URI is the audience of v1.0 tokens only.
    [InlineData("api://" + FakeIdentityProvider.ClientId)]
    public async Task A_v2_token_for_another_audience_is_refused(string audience)
    {
        var token = _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"], audience: audience);

        Assert.Equal(TokenRejection.WrongAudience, await RejectionAsync(token));
    }

    [Fact]
    public async Task A_token_of_another_tenant_is_refused_although_the_same_keys_signed_it()
    {
        var otherTenant = "9b8c7d6e-0000-4000-8000-0000000000aa";
        var token = _entra.CreateToken(
            "mallory",
            roles: ["Buurtbudget.Auditor"],
            issuer: $"{_entra.Instance}{otherTenant}/v2.0",
            extraClaims: new Dictionary<string, object>(StringComparer.Ordinal) { ["tid"] = otherTenant });

        Assert.Equal(TokenRejection.WrongIssuer, await RejectionAsync(token));
    }

    [Fact]
    public async Task An_unmapped_app_role_of_the_same_name_grants_nothing()
    {
        var token = _entra.CreateToken("mallory", roles: ["coordinator", "admin"]);

        using var coordinator = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.Forbidden, coordinator.StatusCode);
    }

    [Fact]
    public async Task A_staff_token_without_roles_or_scopes_is_refused()
    {
        var token = _entra.CreateToken("nobody");

        Assert.Equal(TokenRejection.Invalid, await RejectionAsync(token));
    }

    [Fact]
    public async Task An_Entra_ID_token_is_refused()
    {
        var token = _entra.CreateToken("carla", roles: ["Buurtbudget.Coordinator"], extraClaims: new Dictionary<string, object>(StringComparer.Ordinal) { ["nonce"] = "n-0S6_WzA2Mj" });

        Assert.Equal(TokenRejection.IdToken, await RejectionAsync(token));
    }

    [Fact]
    public async Task A_resident_from_the_broker_and_a_coordinator_from_Entra_sign_in_on_one_host()
    {
        var resident = _broker.CreateToken("alice", roles: ["resident"], districts: new[] { "WK059903" });
        var staff = _entra.CreateToken("alice", roles: ["Buurtbudget.Coordinator"]);

        var asResident = await (await _api.GetAsync("/me", resident)).Content.ReadFromJsonAsync<CallerDescription>();
        var asStaff = await (await _api.GetAsync("/me", staff)).Content.ReadFromJsonAsync<CallerDescription>();

        Assert.Equal(["resident"], asResident!.Roles);
        Assert.Equal(["coordinator"], asStaff!.Roles);
        Assert.NotEqual(asResident.ParticipantKey, asStaff.ParticipantKey);
    }

    [Fact]
    public async Task A_broker_token_claiming_the_Entra_issuer_is_refused()
    {
        var token = _broker.CreateToken("mallory", roles: ["Buurtbudget.Coordinator"], audience: FakeIdentityProvider.ClientId, issuer: _entra.Issuer,
            extraClaims: new Dictionary<string, object>(StringComparer.Ordinal) { ["tid"] = FakeIdentityProvider.TenantId, ["ver"] = "2.0" });

        Assert.Equal(TokenRejection.BadSignature, await RejectionAsync(token));
    }

    [Fact]
    public async Task After_the_tenant_rolls_its_keys_tokens_with_the_new_key_are_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auditor", _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"]))).StatusCode);
        var fetched = _entra.KeySetRequests;

        _entra.RollKeys();
        var signedWithNewKey = _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"]);

        // The unknown key makes the configuration manager fetch the keys again; the refresh may complete after the first attempt.
        var status = (await _api.GetAsync("/auditor", signedWithNewKey)).StatusCode;
        for (var attempt = 0; attempt < 200 && status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(50);
            status = (await _api.GetAsync("/auditor", signedWithNewKey)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(_entra.KeySetRequests > fetched, $"The keys were fetched {_entra.KeySetRequests} time(s).");
    }

    [Fact]
    public async Task Signed_in_requests_reuse_the_cached_keys_and_survive_the_provider_going_down()
    {
        var token = _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"]);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auditor", token)).StatusCode);
        var fetched = _entra.KeySetRequests;

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auditor", token)).StatusCode);
        }

        await _entra.StopAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auditor", token)).StatusCode);
        Assert.Equal(fetched, _entra.KeySetRequests);
    }

    [Fact]
    public async Task A_tenant_that_cannot_be_reached_is_reported_as_such_not_as_a_bad_token()
    {
        var token = _entra.CreateToken("ada", roles: ["Buurtbudget.Auditor"]);
        await _entra.StopAsync();

        Assert.Equal(TokenRejection.ProviderUnavailable, await RejectionAsync(token));
    }

    private static Dictionary<string, object> Groups(params string[] groups) =>
        new(StringComparer.Ordinal) { ["groups"] = groups };

    private async Task<TokenRejection> RejectionAsync(string token)
    {
        using var response = await _api.GetAsync("/me", token);
        return TokenProbe.RejectionOf(response);
    }
}
