using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Tests.Tokens;

/// <summary>A bad configuration fails when the host starts, with a message that says what to set.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TemporaryDirectory _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task The_development_issuer_outside_Development_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApi.StartAsync(TestApi.DevelopmentSettings(_keys.Path), environment: "Production"));

        Assert.Contains("Authentication:Development:Enabled is allowed only in the Development environment (this is 'Production')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_issuer_at_all_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApi.StartAsync(Settings(("Privacy:ParticipantHashKey", Key32()))));

        Assert.Contains("No token issuer is configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authority_without_audience_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApi.StartAsync(Settings(("Authentication:Authority", "https://keycloak.example.org/realms/buurtbudget"), ("Privacy:ParticipantHashKey", Key32())), "Production"));

        Assert.Contains("Authentication:Audience is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_authority_outside_Development_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(
            Settings(
                ("Authentication:Authority", "http://keycloak.example.org/realms/buurtbudget"),
                ("Authentication:Audience", "buurtbudget-api"),
                ("Authentication:RequireHttpsMetadata", "false"),
                ("Privacy:ParticipantHashKey", Key32())),
            "Production"));

        Assert.Contains("RequireHttpsMetadata=false is allowed only in the Development environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_tenant_Entra_endpoint_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(
            Settings(
                ("AzureAd:Instance", "https://login.microsoftonline.com/"),
                ("AzureAd:TenantId", "common"),
                ("AzureAd:ClientId", "6f1e0a4c-0000-4000-8000-000000000001"),
                ("Privacy:ParticipantHashKey", Key32())),
            "Production"));

        Assert.Contains("AzureAd:TenantId 'common' is a multi-tenant endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_participant_hash_key_fails_start_up_unless_the_host_supplies_one()
    {
        var settings = TestApi.DevelopmentSettings(_keys.Path);
        settings.Remove("Privacy:ParticipantHashKey");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(settings));
        Assert.Contains("Privacy:ParticipantHashKey is not configured", error.Message, StringComparison.Ordinal);

        await using var api = await TestApi.StartAsync(settings, fallbackParticipantHashKey: _ => TestApi.ParticipantHashKey);
        Assert.NotNull(api.Services.GetRequiredService<ParticipantHasher>());
    }

    [Theory]
    [InlineData("not base64!", "is not valid base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==", "is 28 bytes; it must be at least 32")]
    public async Task A_bad_participant_hash_key_fails_start_up(string key, string expected)
    {
        var settings = TestApi.DevelopmentSettings(_keys.Path);
        settings["Privacy:ParticipantHashKey"] = key;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(settings, fallbackParticipantHashKey: _ => TestApi.ParticipantHashKey));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_map_to_an_unknown_role_fails_start_up()
    {
        var settings = TestApi.DevelopmentSettings(_keys.Path);
        settings["Authentication:RoleMap:Buurtbudget.Mayor"] = "mayor";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(settings));

        Assert.Contains("Authentication:RoleMap:Buurtbudget.Mayor is 'mayor'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AzureAd_section_gives_the_staff_scheme_the_tenant_authority()
    {
        await using var api = await TestApi.StartAsync(Settings(
            ("AzureAd:Instance", "https://login.microsoftonline.com/"),
            ("AzureAd:TenantId", "2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b"),
            ("AzureAd:ClientId", "6f1e0a4c-0000-4000-8000-000000000001"),
            ("Privacy:ParticipantHashKey", Key32())));

        var staff = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(BearerSchemes.Staff);
        Assert.Equal("https://login.microsoftonline.com/2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b/v2.0", staff.Authority);
        Assert.False(staff.MapInboundClaims);
        Assert.False(staff.TokenValidationParameters.TryAllIssuerSigningKeys);
        Assert.Equal(TokenRules.AcceptedAlgorithms, staff.TokenValidationParameters.ValidAlgorithms);
    }

    [Fact]
    public async Task A_broker_for_residents_and_an_Entra_tenant_for_staff_are_trusted_side_by_side()
    {
        await using var api = await TestApi.StartAsync(Settings(
            ("Authentication:Authority", "https://keycloak.example.org/realms/buurtbudget"),
            ("Authentication:Audience", "buurtbudget-api"),
            ("AzureAd:Instance", "https://login.microsoftonline.com/"),
            ("AzureAd:TenantId", "2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b"),
            ("AzureAd:ClientId", "6f1e0a4c-0000-4000-8000-000000000001"),
            ("Privacy:ParticipantHashKey", Key32())),
            "Production");

        var schemes = await api.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.Equal(
            [BearerSchemes.Bearer, BearerSchemes.Resident, BearerSchemes.Staff],
            schemes.Select(scheme => scheme.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_development_scheme_does_not_exist_outside_Development()
    {
        var settings = Settings(
            ("Authentication:Authority", "https://keycloak.example.org/realms/buurtbudget"),
            ("Authentication:Audience", "buurtbudget-api"),
            ("Privacy:ParticipantHashKey", Key32()));
        await using var production = await TestApi.StartAsync(settings, "Production");
        settings["Authentication:Development:Enabled"] = "true";
        settings["Authentication:Development:KeyDirectory"] = _keys.Path;
        await using var development = await TestApi.StartAsync(settings, "Development");

        Assert.Null(await production.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(BearerSchemes.Development));
        Assert.NotNull(await development.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(BearerSchemes.Development));
    }

    [Fact]
    public async Task The_broker_and_the_Entra_tenant_naming_one_issuer_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(
            Settings(
                ("Authentication:Authority", "https://login.microsoftonline.com/2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b/v2.0"),
                ("Authentication:Audience", "buurtbudget-api"),
                ("AzureAd:Instance", "https://login.microsoftonline.com/"),
                ("AzureAd:TenantId", "2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b"),
                ("AzureAd:ClientId", "6f1e0a4c-0000-4000-8000-000000000001"),
                ("Privacy:ParticipantHashKey", Key32())),
            "Production"));

        Assert.Contains("names the same issuer as the AzureAd section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_map_to_something_that_is_not_a_wijk_fails_start_up()
    {
        var settings = TestApi.DevelopmentSettings(_keys.Path);
        settings["Authentication:DistrictMap:3f9a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b"] = "WK059903 Delfshaven";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(settings));

        Assert.Contains("Authentication:DistrictMap:3f9a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b is 'WK059903 Delfshaven'", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value, StringComparer.Ordinal);

    private static string Key32() => Convert.ToBase64String(TestApi.ParticipantHashKey);
}
