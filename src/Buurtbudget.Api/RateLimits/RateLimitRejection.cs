using System.Globalization;
using System.Threading.RateLimiting;
using Buurtbudget.Api.Problems;

namespace Buurtbudget.Api.RateLimits;

/// <summary>A refused request gets 429 problem details saying, in Dutch or English, when to try again, and the same
/// in a Retry-After header so that clients can wait without reading the text.</summary>
internal static class RateLimitRejection
{
    /// <summary>When a limiter gives no hint, a minute: every window and bucket here refills within one.</summary>
    private const int FallbackSeconds = 60;

    public static async Task AnswerAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var seconds = RetryAfterSeconds(lease).ToString(CultureInfo.InvariantCulture);
        var problem = Problems.Problems.Build(
            context, ProblemCatalog.TooManyRequests, new Dictionary<string, string>(StringComparer.Ordinal) { ["seconds"] = seconds });
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds;
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
    }

    /// <summary>Whole seconds, rounded up and at least one, so that a client that waits exactly this long is let in.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : FallbackSeconds;
    }
}
