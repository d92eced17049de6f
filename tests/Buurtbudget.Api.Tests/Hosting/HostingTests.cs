using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Hosting;

public sealed class HostingTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private BuurtbudgetApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new BuurtbudgetApp(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_token()
    {
        var live = await (await _app.Anonymous().GetAsync("/health/live")).Json(HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)live["status"]);
        var ready = await (await _app.Anonymous().GetAsync("/health/ready")).Json(HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)ready["checks"]!["storage"]!["status"]);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        var document = await (await _app.Anonymous().GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "/api/rounds", "/api/rounds/{roundId}", "/api/rounds/{roundId}/rules", "/api/rounds/{roundId}/phase",
            "/api/rounds/{roundId}/proposals", "/api/rounds/{roundId}/proposals/{proposalId}",
            "/api/rounds/{roundId}/proposals/{proposalId}/withdrawal", "/api/rounds/{roundId}/proposals/{proposalId}/review",
            "/api/rounds/{roundId}/proposals/{proposalId}/merge", "/api/rounds/{roundId}/ballot", "/api/rounds/{roundId}/tally",
            "/api/rounds/{roundId}/results", "/api/rounds/{roundId}/events",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));

        // The import checks its body type itself (after sign-in), and the document still says what the body is.
        Assert.NotNull(document["paths"]!["/api/rounds/imports/pabulib"]!["post"]!["requestBody"]!["content"]!["text/plain"]);
    }

    [Fact]
    public async Task An_unknown_path_is_the_platforms_404_problem()
    {
        var response = await _app.Admin().GetAsync("/api/nothing-here");
        var problem = await response.Problem(HttpStatusCode.NotFound, "no-such-address");
        Assert.Contains("/api/nothing-here", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_is_the_platforms_405_problem()
    {
        var response = await _app.Admin().DeleteAsync("/api/rounds");
        await response.Problem(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.NotEmpty(response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_in_a_type_the_endpoint_does_not_read_is_the_platforms_415_problem()
    {
        var round = await RoundScenario.InVotingAsync(_app, 1_000_000, [400_000]);
        using var content = new StringContent("{\"choices\": []}", System.Text.Encoding.UTF8, "text/plain");
        var response = await _app.Resident("bewoner", Http.Delfshaven).PutAsync($"/api/rounds/{round}/ballot", content);
        var problem = await response.Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Contains("text/plain", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_imports_415_comes_after_authentication()
    {
        using var anonymous = new StringContent("META", System.Text.Encoding.UTF8, "application/json");
        await (await _app.Anonymous().PostAsync("/api/rounds/imports/pabulib?rule=greedy", anonymous)).Problem(HttpStatusCode.Unauthorized, "unauthenticated");

        using var wrongType = new StringContent("META", System.Text.Encoding.UTF8, "application/json");
        await (await _app.Admin().PostAsync("/api/rounds/imports/pabulib?rule=greedy", wrongType)).Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_the_platforms_413_problem()
    {
        // Kestrel enforces the body limit while reading a chunked body; the in-process test server does not.
        using var directory = new TestDirectory();
        await using var app = new BuurtbudgetApp(directory);
        app.UseKestrel(0);
        app.StartServer();
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var body = new byte[1024 * 1024];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}/ballot") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await app.Resident("bewoner", Http.Delfshaven).SendAsync(request);
        await response.Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }
}
