using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Buurtbudget.Api.Problems;

/// <summary>Turns what the framework throws for unreadable requests (malformed JSON, a body over the size limit,
/// a route value that does not parse) into problem details with the reason, and anything unexpected into a 500
/// that tells the caller nothing was changed. Every failure gets problem details; none becomes a bare status.</summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problems.Build(httpContext, ProblemCatalog.BodyTooLarge, Args(("max", MaxBody(httpContext)))),
            BadHttpRequestException bad =>
                Problems.Build(httpContext, ProblemCatalog.MalformedRequest, Args(("reason", Reason(bad)))),
            JsonException json =>
                Problems.Build(httpContext, ProblemCatalog.MalformedRequest, Args(("reason", json.Message))),
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception);
            problem = Problems.Build(httpContext, ProblemCatalog.InternalError, Args());
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    private static Dictionary<string, string> Args(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    private static string MaxBody(HttpContext context) =>
        (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
            .ToString(CultureInfo.InvariantCulture);

    // The JSON reader's message names the line and the path of the mistake; the framework's own message
    // ("Failed to read parameter ... from the request body as JSON") does not, so prefer the inner one.
    private static string Reason(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json ? json.Message : exception.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while handling a request")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
