using System.Net;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>Development sign-in with the demo personas (the token endpoints and the OpenID provider): anonymous in
/// Development with the development issuer on, absent everywhere else.</summary>
public sealed class DevelopmentSignInTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_personas_are_listed_anonymously_in_Dutch_and_English()
    {
        await using var app = new BuurtbudgetApp(_directory);
        using var client = app.Anonymous();

        var dutch = (await client.GetAsync("/api/dev/personas").Ok()).AsArray();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dev/personas") { Headers = { AcceptLanguage = { new StringWithQualityHeaderValue("en") } } };
        var english = (await (await client.SendAsync(request)).Json(HttpStatusCode.OK)).AsArray();

        Assert.Equal(
            ["bewoner-middelland", "bewoner-oude-noorden", "coordinator-middelland", "coordinator-oude-noorden", "auditor", "admin", "tweede-wijkcoordinator-noord", "bewoner-spangen"],
            dutch.Select(p => (string)p!["name"]!));
        var resident = dutch[0]!;
        Assert.Equal("resident", (string?)resident["role"]);
        Assert.Equal(["WK059903"], resident["districts"]!.AsArray().Select(d => (string)d!));
        Assert.StartsWith("Bewoner van Middelland", (string?)resident["description"], StringComparison.Ordinal);
        Assert.StartsWith("Resident of Middelland", (string?)english[0]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persona_token_signs_in_as_that_persona_and_votes()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        using var client = app.Anonymous();

        var response = await (await client.PostAsync("/api/dev/personas/bewoner-middelland/token", null)).Json(HttpStatusCode.OK);
        Assert.Equal("Bearer", (string?)response["tokenType"]);
        Assert.Equal(3600, (int?)response["expiresIn"]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)response["accessToken"]!);

        await client.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        var ballot = await client.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal(1, (int?)ballot["choices"]![0]!["proposalId"]);
    }

    [Fact]
    public async Task An_unknown_persona_is_a_404_problem()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var response = await app.Anonymous().PostAsync("/api/dev/personas/burgemeester/token", null);

        await response.Problem(HttpStatusCode.NotFound, "persona-not-found");
    }

    [Fact]
    public async Task Without_the_development_issuer_the_routes_do_not_exist()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Authentication:Development:Enabled"] = "false",
            ["Authentication:Authority"] = Unreachable,
            ["Authentication:RequireHttpsMetadata"] = "false",
        });

        await AssertAbsentAsync(app);
    }

    [Fact]
    public async Task In_Production_the_routes_do_not_exist_and_development_tokens_are_refused()
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = InProduction(development);
        var token = (string)(await (await development.Anonymous().PostAsync("/api/dev/personas/admin/token", null)).Json(HttpStatusCode.OK))["accessToken"]!;

        await AssertAbsentAsync(production);
        using var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // A read that needs a signed-in caller (the round list is public since the public pages).
        var refused = await client.GetAsync("/api/me");
        await refused.Problem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_token_of_the_configured_provider_while_it_cannot_be_reached_is_a_503_with_a_retry_hint_not_a_sign_in()
    {
        await using var development = new BuurtbudgetApp(_directory);
        await using var production = InProduction(development);
        using var client = production.CreateClient();
        // Names the provider this node trusts; whether it is signed well can only be known from the provider's keys.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UnsignedToken(Unreachable));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl");

        var response = await client.GetAsync("/api/me");

        var problem = await response.Problem(HttpStatusCode.ServiceUnavailable, "identity-provider-unavailable");
        Assert.Contains("niet opnieuw aan te melden", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    /// <summary>The same API in Production, its residents' provider at <see cref="Unreachable"/>.</summary>
    private static WebApplicationFactory<Program> InProduction(BuurtbudgetApp development) => development.WithWebHostBuilder(builder => builder
        .UseEnvironment("Production")
        .UseSetting("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget")
        .UseSetting("Authentication:Authority", Unreachable));

    /// <summary>A token that names <paramref name="issuer"/> and carries a signature no key made.</summary>
    private static string UnsignedToken(string issuer)
    {
        static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}")}.{Part($"{{\"iss\":\"{issuer}\",\"sub\":\"anna\",\"aud\":\"buurtbudget-api\",\"exp\":{expires}}}")}.{Base64Url.EncodeToString(new byte[256])}";
    }

    /// <summary>An https authority nothing listens on: start-up accepts it, and nothing it would sign can arrive.</summary>
    private const string Unreachable = "https://127.0.0.1:1/realms/buurtbudget";

    private static async Task AssertAbsentAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/personas")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/dev/personas/admin/token", null)).StatusCode);
        // The development OpenID provider likewise: no sign-in page, no tokens, no discovery.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/oidc/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/oidc/authorize?response_type=code&client_id=buurtbudget-web")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/dev/oidc/token", null)).StatusCode);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        Assert.DoesNotContain(endpoints, endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/dev", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(endpoints, endpoint => endpoint.RoutePattern.RawText?.StartsWith("/dev/", StringComparison.Ordinal) == true);
    }
}
