using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Buurtbudget.Api.Tests.VotingCodes;

/// <summary>The address printed on the letters never comes from a Host header a client chose, outside Development.</summary>
public sealed class VotingUrlTests : IDisposable
{
    private const string Authority = "https://127.0.0.1:1/realms/buurtbudget";

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Outside_Development_without_a_voting_url_or_allowed_hosts_the_start_fails_and_names_the_settings()
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Authentication:Authority", Authority));

        Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("VotingCodes:VotingUrl", development.StartupErrors, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", development.StartupErrors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget")]
    [InlineData("AllowedHosts", "buurtbudget.rotterdam.example")]
    public async Task Outside_Development_a_voting_url_or_explicit_allowed_hosts_let_it_start(string key, string value)
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Authentication:Authority", Authority)
            .UseSetting(key, value));

        var client = production.CreateClient();
        client.BaseAddress = new Uri("http://buurtbudget.rotterdam.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task In_Development_the_letters_may_name_the_requests_host()
    {
        await using var app = new BuurtbudgetApp(_directory);

        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live")).StatusCode);
    }
}
