using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Buurtbudget.Api.Tests.WebClient;

/// <summary>The built web client served beside the API (WebClient:Root): its files, index.html for its routes, and
/// the API's own paths untouched.</summary>
public sealed class WebClientHostingTests : IDisposable
{
    private const string Index = "<!doctype html><html lang=\"nl\"><head><script type=\"module\" src=\"/assets/index-Ab12Cd34.js\"></script></head><body><div id=\"root\"></div></body></html>";

    private readonly TestDirectory _directory = new();
    private readonly string _root;

    public WebClientHostingTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_directory.Root, "dist")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "assets"));
        File.WriteAllText(Path.Combine(_root, "index.html"), Index);
        File.WriteAllText(Path.Combine(_root, "assets", "index-Ab12Cd34.js"), "console.log('buurtbudget');");
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/rounds/019a8e3c-5a00-7000-8000-000000000001")]
    [InlineData("/signin-callback")]
    public async Task The_root_and_a_deep_link_open_the_client(string path)
    {
        await using var app = Hosting();

        using var response = await app.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Index, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good()
    {
        await using var app = Hosting();

        using var response = await app.Anonymous().GetAsync("/assets/index-Ab12Cd34.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('buurtbudget');", await response.Content.ReadAsStringAsync());
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_missing_asset_is_a_404_not_the_page()
    {
        await using var app = Hosting();

        using var response = await app.Anonymous().GetAsync("/assets/index-Gone0000.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_api_paths_stay_404_problems()
    {
        await using var app = Hosting();

        using var api = await app.Anonymous().GetAsync("/api/nope");
        using var health = await app.Anonymous().GetAsync("/health/nope");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        await app.Admin().GetAsync("/api/rounds").Ok();
    }

    [Fact]
    public async Task The_clients_pages_carry_the_security_headers()
    {
        await using var app = Hosting(("WebClient:Authority", "https://login.rotterdam.example/realms/buurtbudget"));

        using var response = await app.Anonymous().GetAsync("/rounds");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://login.rotterdam.example;", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Without_a_root_or_with_a_missing_one_the_api_runs_alone()
    {
        var logFile = Path.Combine(_directory.Root, "start.log");
        var notBuilt = Path.Combine(_directory.Root, "not-built");
        await using var without = new BuurtbudgetApp(_directory);
        await using (var missing = Hosting(("WebClient:Root", notBuilt), ("Serilog:WriteTo:File:Name", "File"), ("Serilog:WriteTo:File:Args:path", logFile)))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await missing.Anonymous().GetAsync("/rounds")).StatusCode);
            await missing.Admin().GetAsync("/api/rounds").Ok();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await without.Anonymous().GetAsync("/")).StatusCode);
        var warnings = (await File.ReadAllLinesAsync(logFile)).Where(line => line.Contains(notBuilt, StringComparison.Ordinal)).ToList();
        Assert.Contains("[WRN]", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_maps_are_served_in_Development_only()
    {
        File.WriteAllText(Path.Combine(_root, "assets", "index-Ab12Cd34.js.map"), "{\"version\":3,\"sources\":[\"src/main.tsx\"]}");
        await using var development = Hosting();
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Authentication:Authority", "https://127.0.0.1:1/realms/buurtbudget")
            .UseSetting("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget"));

        Assert.Equal(HttpStatusCode.OK, (await development.Anonymous().GetAsync("/assets/index-Ab12Cd34.js.map")).StatusCode);
        await (await production.CreateClient().GetAsync("/assets/index-Ab12Cd34.js.map")).Problem(HttpStatusCode.NotFound, "no-such-address");
        Assert.Equal(HttpStatusCode.OK, (await production.CreateClient().GetAsync("/assets/index-Ab12Cd34.js")).StatusCode);
    }

    private BuurtbudgetApp Hosting(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal) { ["WebClient:Root"] = _root };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new BuurtbudgetApp(_directory, settings: all);
    }
}
