using System.Globalization;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Diagnostics;

namespace Buurtbudget.Api.Problems;

/// <summary>A round that must be loaded while its storage is down (after a failed write unloaded it, or on first
/// use) throws <see cref="StorageUnavailableException"/> from a read. That is the same outage a failed write
/// answers with 503: the caller gets the same problem and retry hint, not a 500 that says something broke.</summary>
internal sealed partial class StorageUnavailableExceptionHandler(ILogger<StorageUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StorageUnavailableException unavailable)
        {
            return false;
        }

        LogUnavailable(logger, unavailable.Message);
        var problem = Problems.Build(httpContext, ProblemCatalog.StorageUnavailable, new Dictionary<string, string>(StringComparer.Ordinal));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Problems.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request was refused because storage is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
