using System.Diagnostics;
using Serilog.Context;

namespace Buurtbudget.Api.Hosting;

/// <summary>One log line per request: method, route template, status and duration, with the round id in the log
/// context. Only the route template is logged, never the query string or headers, so no token, code or name
/// reaches the log; the client's IP address is not logged at all.</summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            // Runs outermost, so the status is the final one (after problem details were written); routing has
            // run by now, so the round id is known.
            var roundId = context.Request.RouteValues.TryGetValue("roundId", out var value) ? value as string : null;
            using var roundScope = roundId is null ? null : LogContext.PushProperty("RoundId", roundId);
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (status >= 500)
            {
                LogFailed(logger, context.Request.Method, route, status, elapsed);
            }
            else
            {
                LogCompleted(logger, context.Request.Method, route, status, elapsed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogCompleted(ILogger logger, string method, string route, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
