using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Buurtbudget.Api.Problems;

/// <summary>Answers the statuses the framework sets without a body of its own (no route, a method the route does
/// not take, a body type the endpoint does not read, a body Kestrel cut off) with the platform's problem details,
/// so that every error a client sees has a <c>type</c> and a <c>code</c> to act on, in Dutch or English. Anything
/// else keeps the framework's RFC 9110 problem.</summary>
internal static class StatusCodeProblems
{
    /// <summary>A path is echoed in the detail to help the caller; an absurdly long one is not echoed whole.</summary>
    private const int MaxEchoedPath = 200;

    public static IApplicationBuilder UseStatusCodeProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(WriteAsync);

    private static async Task WriteAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (Problem(context) is not { } problem)
        {
            // The framework's own answer: problem details from AddProblemDetails.
            var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context });
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Problem(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => Build(context, ProblemCatalog.NoSuchAddress, ("path", Echo(context.Request.Path.Value))),
        StatusCodes.Status405MethodNotAllowed => Build(context, ProblemCatalog.MethodNotAllowed, ("method", context.Request.Method), ("allowed", string.Join(", ", context.Response.Headers.Allow.ToArray()))),
        StatusCodes.Status413PayloadTooLarge => Build(context, ProblemCatalog.BodyTooLarge, ("max", MaxBody(context))),
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(context, expected: "application/json"),
        _ => null,
    };

    /// <summary>The platform's 415 for a body that is not of <paramref name="expected"/>.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails UnsupportedMediaType(HttpContext context, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Build(context, ProblemCatalog.UnsupportedMediaType, ("contentType", context.Request.ContentType ?? "(none)"), ("expected", expected));
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Build(HttpContext context, string code, params (string Name, string Value)[] arguments) =>
        Problems.Build(context, code, arguments.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    private static string Echo(string? path) =>
        path is null ? "" : path.Length <= MaxEchoedPath ? path : path[..MaxEchoedPath] + "…";

    private static string MaxBody(HttpContext context) =>
        (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Hosting.RequestSizeLimit.MaxBodyBytes)
            .ToString(CultureInfo.InvariantCulture);
}
