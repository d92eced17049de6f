using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;

namespace Buurtbudget.Identity.Tests.Tokens;

public sealed class BearerSchemeTests(DevelopmentKeyFixture key) : IClassFixture<DevelopmentKeyFixture>, IAsyncLifetime
{
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");

    private readonly DevelopmentTokenIssuer _issuer = new(key.Key);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(TestApi.DevelopmentSettings(key.Directory));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_token_is_challenged_in_Dutch_without_an_error_code()
    {
        using var response = await _api.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nl"], response.Content.Headers.ContentLanguage);
        var problem = await ReadProblemAsync(response);
        Assert.Equal("https://buurtbudget.nl/problems/unauthenticated", problem.GetProperty("type").GetString());
        Assert.Equal("Niet aangemeld", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_rejected_token_is_challenged_with_invalid_token_and_its_reason()
    {
        var token = new DevelopmentTokenIssuer(key.Key, new FixedClock(DateTimeOffset.UtcNow.AddDays(-2)))
            .CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            "Bearer error=\"invalid_token\", error_description=\"The token expired\"",
            Assert.Single(response.Headers.WwwAuthenticate).ToString());
        var problem = await ReadProblemAsync(response);
        Assert.Equal("https://buurtbudget.nl/problems/unauthenticated", problem.GetProperty("type").GetString());
        Assert.Contains("verlopen", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_challenge_is_in_English_for_a_client_that_prefers_English()
    {
        using var response = await _api.GetAsync("/me", "not-a-token", acceptLanguage: "en-GB,en;q=0.9,nl;q=0.5");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["en"], response.Content.Headers.ContentLanguage);
        var problem = await ReadProblemAsync(response);
        Assert.Equal("Not signed in", problem.GetProperty("title").GetString());
        Assert.Contains("error_description=\"The token is not a well-formed JWT\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_authorization_scheme_is_treated_as_no_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWxpY2U6c2VjcmV0");

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task A_signed_in_caller_without_the_role_is_forbidden_with_a_problem()
    {
        var token = _issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadProblemAsync(response);
        Assert.Equal("https://buurtbudget.nl/problems/forbidden", problem.GetProperty("type").GetString());
        Assert.Equal("Geen toegang", problem.GetProperty("title").GetString());
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_forbidden_problem_is_in_English_for_a_client_that_prefers_English()
    {
        var token = _issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync("/admin", token, acceptLanguage: "en");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Forbidden", (await ReadProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_caller_of_a_request_carries_the_token_roles_districts_and_participant_key()
    {
        var token = _issuer.CreateToken("alice", [Role.Coordinator], [Delfshaven, DistrictCode.Parse("WK059904")], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync("/coordinator", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerDescription>();
        Assert.NotNull(caller);
        Assert.Equal(["coordinator"], caller.Roles);
        Assert.Equal(["WK059903", "WK059904"], caller.Districts);
        var expected = new ParticipantHasher(TestApi.ParticipantHashKey).Hash(DevelopmentTokenIssuer.Issuer, "alice");
        Assert.Equal(expected.Value, caller.ParticipantKey);
    }

    [Fact]
    public async Task A_resident_is_a_resident_of_their_home_district_only()
    {
        var token = _issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));

        using var home = await _api.GetAsync("/districts/WK059903/residents/me", token);
        using var elsewhere = await _api.GetAsync("/districts/WK059904/residents/me", token);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Theory]
    [InlineData(Role.Auditor, "/auditor")]
    [InlineData(Role.Admin, "/admin")]
    public async Task Each_role_policy_admits_its_role(Role role, string path)
    {
        var token = _issuer.CreateToken("someone", [role], [], TimeSpan.FromHours(1));

        using var response = await _api.GetAsync(path, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused()
    {
        var token = _issuer.CreateToken("alice", [Role.Admin], [], TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + token, "Bearer " + token]);

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
