using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;
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
    public async Task The_AzureAd_section_names_the_tenant_authority_and_the_client_audiences()
    {
        await using var api = await TestApi.StartAsync(Settings(
            ("AzureAd:Instance", "https://login.microsoftonline.com/"),
            ("AzureAd:TenantId", "2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b"),
            ("AzureAd:ClientId", "6f1e0a4c-0000-4000-8000-000000000001"),
            ("Privacy:ParticipantHashKey", Key32())));

        var options = api.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(BearerTokenDefaults.AuthenticationScheme);
        Assert.Equal(new Uri("https://login.microsoftonline.com/2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b/v2.0"), options.ResolveAuthority());
        Assert.Equal(
            new Uri("https://login.microsoftonline.com/2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b/v2.0/.well-known/openid-configuration"),
            options.ResolveMetadataAddress());
        Assert.Equal(["6f1e0a4c-0000-4000-8000-000000000001", "api://6f1e0a4c-0000-4000-8000-000000000001"], options.ResolveAudiences());
    }

    [Fact]
    public void An_explicit_audience_wins_over_the_Entra_client_id()
    {
        var options = new BearerTokenOptions
        {
            Audience = "api://buurtbudget",
            AzureAd = { Instance = "https://login.microsoftonline.com", TenantId = "gemeente.onmicrosoft.com", ClientId = "client" },
        };

        Assert.Equal(["api://buurtbudget"], options.ResolveAudiences());
        Assert.Equal(new Uri("https://login.microsoftonline.com/gemeente.onmicrosoft.com/v2.0"), options.ResolveAuthority());
    }

    [Fact]
    public void Both_an_authority_and_the_AzureAd_section_is_ambiguous()
    {
        var options = new BearerTokenOptions
        {
            Authority = "https://keycloak.example.org/realms/buurtbudget",
            Audience = "buurtbudget-api",
            AzureAd = { Instance = "https://login.microsoftonline.com/", TenantId = "t", ClientId = "c" },
        };

        var result = new BearerTokenOptionsValidator(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" })
            .Validate(BearerTokenDefaults.AuthenticationScheme, options);

        Assert.True(result.Failed);
        Assert.Contains("not both", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value, StringComparer.Ordinal);

    private static string Key32() => Convert.ToBase64String(TestApi.ParticipantHashKey);
}
