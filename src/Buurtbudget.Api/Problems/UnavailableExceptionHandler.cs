using System.Globalization;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Diagnostics;

namespace Buurtbudget.Api.Problems;

/// <summary>Failures that pass: the caller gets 503 with a retry hint and the reason, not a 500 that says something
/// broke.
/// <list type="bullet">
/// <item>A round that must be loaded while its storage is down (after a failed write unloaded it, or on first use)
/// throws <see cref="StorageUnavailableException"/> from a read: the same outage a failed write answers with 503.</item>
/// <item>In a cluster, a call to a round whose silo just died fails until the other silos have declared it dead and
/// the round is activated again on one of them (silo-kill trials: up to about 12 s). Orleans then throws
/// <see cref="SiloUnavailableException"/>, <see cref="OrleansMessageRejectionException"/> or, when no answer came in
/// time, <see cref="TimeoutException"/>. A command may or may not have been stored then; sending it again is safe,
/// because the same ballot again stores nothing new.</item>
/// </list></summary>
internal sealed partial class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var code = exception switch
        {
            StorageUnavailableException => ProblemCatalog.StorageUnavailable,
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => ProblemCatalog.RoundUnreachable,
            _ => null,
        };
        if (code is null)
        {
            return false;
        }

        LogUnavailable(logger, code, exception.GetType().Name, exception.Message);
        var problem = Problems.Build(httpContext, code, new Dictionary<string, string>(StringComparer.Ordinal));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = Problems.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request was refused with {Code}: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string code, string exceptionType, string reason);
}
