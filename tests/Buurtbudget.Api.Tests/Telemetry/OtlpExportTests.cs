using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Buurtbudget.Api.Tests.Telemetry;

/// <summary>Traces and metrics reach an OTLP collector when one is configured. The collector is the one thing outside
/// the platform, so the test stands in for it at the protocol's edge: an HTTP server on loopback that takes OTLP/HTTP
/// posts and keeps their bodies (protobuf, whose strings are plain UTF-8).</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_ballot_reaches_the_collector_as_a_request_span_a_grain_call_span_and_the_platforms_metrics()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/{**signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var address = collector.Urls.Single();

        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OpenTelemetry:Otlp:Endpoint"] = address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            await app.Resident("bewoner", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        }

        // The host flushed both exporters when it stopped.
        var traces = Text(received, "/v1/traces");
        var metrics = Text(received, "/v1/metrics");
        Assert.Contains("PUT /api/rounds/{roundId}/ballot", traces, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Orleans.Application", traces, StringComparison.Ordinal);
        Assert.Contains("IRoundGrain", traces, StringComparison.Ordinal);
        Assert.Contains("buurtbudget.ballots.accepted", metrics, StringComparison.Ordinal);
        Assert.Contains("buurtbudget.store.commit.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
    }

    private static string Text(IEnumerable<(string Path, byte[] Body)> received, string path)
    {
        var bodies = received.Where(post => string.Equals(post.Path, path, StringComparison.Ordinal)).Select(post => Encoding.UTF8.GetString(post.Body)).ToList();
        Assert.True(bodies.Count > 0, $"Nothing was posted to {path}; posted to: {string.Join(", ", received.Select(post => post.Path).Distinct())}.");
        return string.Join('\n', bodies);
    }
}
