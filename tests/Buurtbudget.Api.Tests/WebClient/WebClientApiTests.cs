using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Hosting;

namespace Buurtbudget.Api.Tests.WebClient;

/// <summary>The two calls the web client starts with: GET /api/client-config and GET /api/me.</summary>
public sealed class WebClientApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task In_Development_the_client_signs_in_with_the_platforms_own_provider()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var config = await app.Anonymous().GetAsync("/api/client-config").Ok();

        Assert.Equal("http://localhost/dev/oidc", (string?)config["authority"]);
        Assert.Equal("buurtbudget-web", (string?)config["clientId"]);
        Assert.Equal("openid profile", (string?)config["scope"]);
        Assert.True((bool?)config["development"]);
    }

    [Fact]
    public async Task A_configured_provider_is_named_as_configured()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["WebClient:Authority"] = "https://login.rotterdam.example/realms/buurtbudget",
            ["WebClient:ClientId"] = "buurtbudget-rotterdam",
            ["WebClient:Scope"] = "openid profile email",
        });

        var config = await app.Anonymous().GetAsync("/api/client-config").Ok();

        Assert.Equal("https://login.rotterdam.example/realms/buurtbudget", (string?)config["authority"]);
        Assert.Equal("buurtbudget-rotterdam", (string?)config["clientId"]);
        Assert.Equal("openid profile email", (string?)config["scope"]);
    }

    [Fact]
    public async Task Outside_Development_the_client_signs_in_with_the_apis_authority_and_no_development_provider()
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget")
            .UseSetting("Authentication:Authority", "https://127.0.0.1:1/realms/buurtbudget"));

        var config = await production.CreateClient().GetAsync("/api/client-config").Ok();

        Assert.Equal("https://127.0.0.1:1/realms/buurtbudget", (string?)config["authority"]);
        Assert.False((bool?)config["development"]);
    }

    [Fact]
    public async Task A_bad_web_client_configuration_stops_the_start()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["WebClient:Scope"] = "profile",
            ["WebClient:DevelopmentRedirectUris:0"] = "vite/signin-callback",
        });

        Assert.ThrowsAny<Exception>(() => app.Anonymous());

        Assert.Contains("WebClient:Scope", app.StartupErrors, StringComparison.Ordinal);
        Assert.Contains("WebClient:DevelopmentRedirectUris", app.StartupErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_sees_their_role_and_wijk_and_nothing_of_who_they_are()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var response = await app.Resident("bewoner-jan", Http.Delfshaven).GetAsync("/api/me");
        var me = await response.Json(HttpStatusCode.OK);

        Assert.Equal("resident", (string?)me["role"]);
        Assert.Equal([Http.Delfshaven], me["districts"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(["role", "districts", "clusterDashboard"], me.AsObject().Select(member => member.Key));
        Assert.False((bool)me["clusterDashboard"]!);
        Assert.DoesNotContain("bewoner-jan", me.ToJsonString(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_coordinator_sees_their_role_and_every_wijk_they_coordinate()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var me = await app.As(Role.Coordinator, "carla", Http.Noord, Http.Delfshaven).GetAsync("/api/me").Ok();

        Assert.Equal("coordinator", (string?)me["role"]);
        Assert.Equal([Http.Delfshaven, Http.Noord], me["districts"]!.AsArray().Select(d => (string)d!));
    }

    [Fact]
    public async Task A_business_owner_is_named_so_and_someone_without_a_role_gets_a_problem()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var owner = app.WithoutRoles("bakker", new Dictionary<string, object>(StringComparer.Ordinal) { ["ondernemer"] = "true" }, Http.Delfshaven);
        var nobody = app.WithoutRoles("niemand", verified: null);

        var me = await owner.GetAsync("/api/me").Ok();
        await (await nobody.GetAsync("/api/me")).Problem(HttpStatusCode.Forbidden, "no-platform-role");

        Assert.Equal("business-owner", (string?)me["role"]);
    }

    [Fact]
    public async Task Auditors_and_admins_see_their_role()
    {
        await using var app = new BuurtbudgetApp(_directory);

        Assert.Equal("auditor", (string?)(await app.Auditor().GetAsync("/api/me").Ok())["role"]);
        Assert.Equal("admin", (string?)(await app.Admin().GetAsync("/api/me").Ok())["role"]);
    }

    [Fact]
    public async Task Without_a_municipality_the_client_gets_the_neutral_front_door()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var municipality = (await app.Anonymous().GetAsync("/api/client-config").Ok())["municipality"]!;

        Assert.Null((string?)municipality["name"]);
        Assert.Null((string?)municipality["logo"]);
        Assert.Empty(municipality["tokens"]!.AsObject());
    }

    [Fact]
    public async Task A_gemeentes_name_logo_and_theme_tokens_come_from_configuration()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Municipality:Name"] = "Voorbeeldstad",
            ["Municipality:LogoPath"] = "/theme/logo.svg",
            ["Municipality:LogoAlt"] = "Gemeente Voorbeeldstad",
            ["Municipality:Tokens:basis-color-accent-1-inverse-bg-default"] = "#00689e",
            ["Municipality:Tokens:basis-text-font-family-default"] = "\"Fira Sans\", Arial, sans-serif",
        });

        var municipality = (await app.Anonymous().GetAsync("/api/client-config").Ok())["municipality"]!;

        Assert.Equal("Voorbeeldstad", (string?)municipality["name"]);
        Assert.Equal("/theme/logo.svg", (string?)municipality["logo"]);
        Assert.Equal("Gemeente Voorbeeldstad", (string?)municipality["logoAlt"]);
        Assert.Equal("#00689e", (string?)municipality["tokens"]!["basis-color-accent-1-inverse-bg-default"]);
        Assert.Equal("\"Fira Sans\", Arial, sans-serif", (string?)municipality["tokens"]!["basis-text-font-family-default"]);
    }

    [Theory]
    [InlineData("Municipality:Tokens:utrecht-button-background-color", "#00689e", "Municipality:Tokens:utrecht-button-background-color is not an NL Design System basis token name")]
    [InlineData("Municipality:Tokens:basis-color-accent-1-inverse-bg-default", "red; background: url(https://evil.example/x)", "Municipality:Tokens:basis-color-accent-1-inverse-bg-default has the value")]
    [InlineData("Municipality:LogoPath", "https://cdn.example/logo.png", "Municipality:LogoPath 'https://cdn.example/logo.png' is not a path on this platform")]
    public async Task A_theme_setting_the_client_could_not_use_safely_fails_the_start_and_names_itself(string key, string value, string message)
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(message, app.StartupErrors, StringComparison.Ordinal);
    }
}
