using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>No browser may sniff an answer into a script or page, HTML the API writes itself loads nothing it does
/// not name, and HTTPS answers outside Development tell browsers to stay on HTTPS.</summary>
public sealed class SecurityHeaderTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_kind_of_answer_says_nosniff()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var resident = app.Resident("bewoner", Http.Delfshaven);

        string[] paths = [$"/api/rounds/{round}", "/api/nothing-here", "/api/open-data/city/rounds.csv", "/health/live", "/health/ready", "/openapi/v1.json", $"/api/rounds/{round}/results"];
        foreach (var path in paths)
        {
            using var response = await resident.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values), $"{path} ({(int)response.StatusCode}) has no X-Content-Type-Options.");
            Assert.Equal("nosniff", Assert.Single(values));
            Assert.Contains("default-src 'none'", string.Join(';', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }

        // The authentication handler's challenge writes its own problem; it carries the header too.
        using var anonymous = await app.Anonymous().GetAsync($"/api/rounds/{round}/ballot");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("nosniff", Assert.Single(anonymous.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_letters_page_has_a_policy_that_allows_its_own_style_and_nothing_else()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);

        using var letters = await app.Coordinator(Http.Delfshaven).PostAsync($"/api/rounds/{round}/voting-codes?format=html", System.Net.Http.Json.JsonContent.Create(new { count = 2 }));

        Assert.Equal(HttpStatusCode.OK, letters.StatusCode);
        Assert.Equal("text/html", letters.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(letters.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(letters.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Outside_Development_https_answers_carry_hsts()
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Authentication:Authority", "https://127.0.0.1:1/realms/buurtbudget")
            .UseSetting("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget"));

        using var https = await production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://buurtbudget.rotterdam.example") }).GetAsync("/health/live");
        Assert.Contains("max-age=", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        using var inDevelopment = await development.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://buurtbudget.rotterdam.example") }).GetAsync("/health/live");
        Assert.False(inDevelopment.Headers.Contains("Strict-Transport-Security"));
    }
}
