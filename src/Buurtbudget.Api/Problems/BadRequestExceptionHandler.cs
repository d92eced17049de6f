using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
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
            BadHttpRequestException bad when Unbound(httpContext, bad) is { } unbound => unbound,
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

    /// <summary>A value in the address that does not parse: a round id that is no UUID (or a proposal number that is
    /// no number) means the round or proposal does not exist, so 404 with the id's own words; any other value 400 with
    /// its name. Never the framework's "Failed to bind parameter", which names a C# type to a resident.</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Unbound(HttpContext context, BadHttpRequestException exception)
    {
        // The exception handler clears the route values before it runs, so the framework's message is all that says
        // which value did not parse; its shape is fixed in ASP.NET Core's Request Delegate Generator (as in the RequestDelegateFactory before it).
        if (FailedBinding().Match(exception.Message) is not { Success: true } failed)
        {
            return null;
        }

        var (type, field, value) = (failed.Groups["type"].Value, failed.Groups["name"].Value, failed.Groups["value"].Value);
        return type switch
        {
            nameof(RoundId) => Problems.Build(context, ProblemCatalog.InvalidRoundId, Args(("value", value))),
            nameof(ProposalId) => Problems.Build(context, ProblemCatalog.InvalidProposalId, Args(("value", value))),
            _ => Problems.Build(context, ProblemCatalog.InvalidValue, Args(("field", field), ("value", value), ("allowed", Allowed(type)))),
        };
    }

    // The generator names the C# keyword type; optional value types never get here (QueryNumbers reads those).
    private static string Allowed(string type) => type switch
    {
        "int" or "long" => QueryNumbers.WholeNumbers,
        "bool" => "true, false",
        "DateTimeOffset" => "2027-03-01T09:00:00+01:00",
        _ => type,
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.CultureInvariant)]
    private static partial Regex FailedBinding();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while handling a request")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
