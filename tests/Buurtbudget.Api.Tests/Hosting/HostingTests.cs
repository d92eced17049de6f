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
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var response = await _app.Admin().GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
