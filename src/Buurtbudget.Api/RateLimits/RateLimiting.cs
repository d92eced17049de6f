using System.Threading.RateLimiting;
using Buurtbudget.Storage.Telemetry;

namespace Buurtbudget.Api.RateLimits;

/// <summary>Asks the platform's one chain of limits (<see cref="RateLimitPolicies.Chain"/>) about every request and
/// answers a refused one with 429 (<see cref="RateLimitRejection"/>). The endpoint's policy name
/// (<c>.RequireRateLimiting(name)</c>) only says which of the chain's limits apply.</summary>
/// <remarks>ASP.NET Core's own middleware (<c>UseRateLimiter</c>) is not used: besides the limiter it is given, it
/// builds one for endpoint policies whose timer nothing ever stops (dotnet/aspnetcore#66434), and that timer keeps the
/// middleware, the request pipeline and every service of a stopped host in memory. One host per process never notices;
/// the test suites, which start hundreds of hosts in one process, spent most of their time in the collector walking
/// the stopped ones. The chain here has no timers, and the container that made it disposes it with the host.</remarks>
internal sealed class RateLimiting(RequestDelegate next, PartitionedRateLimiter<HttpContext> limits, BuurtbudgetMetrics metrics)
{
    /// <remarks>Not <c>async</c> for a request let through, so that the rest of the pipeline completing later (a
    /// ballot waits for the disk) costs no state machine of this step. Every limit is a window or a bucket, spent when
    /// its permit is taken, so the lease is let go at once rather than held for the request.</remarks>
    public Task InvokeAsync(HttpContext context)
    {
        var lease = limits.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            lease.Dispose();
            return next(context);
        }

        return RefuseAsync(context, lease);
    }

    private async Task RefuseAsync(HttpContext context, RateLimitLease lease)
    {
        using (lease)
        {
            metrics.RateLimitRefused(RateLimitPolicies.PolicyOf(context));
            await RateLimitRejection.AnswerAsync(context, lease, context.RequestAborted);
        }
    }
}
