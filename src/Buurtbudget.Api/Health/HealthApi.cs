using System.Text.Json;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Buurtbudget.Api.Health;

/// <summary>/health/live: the process answers. /health/ready: the event store can be read and written, so a
/// load balancer stops sending votes to a node whose storage is gone.</summary>
internal static class HealthApi
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddBuurtbudgetHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageReadyCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }, StringComparer.Ordinal),
            },
            cancellationToken: context.RequestAborted);
    }

    private sealed class StorageReadyCheck(IEventStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await store.IsReadyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The event store can be read and written.")
                : HealthCheckResult.Unhealthy("The event store cannot be written; votes are refused with 503 until it recovers.");
    }
}
