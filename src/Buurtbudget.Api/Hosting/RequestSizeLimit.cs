using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Buurtbudget.Api.Hosting;

/// <summary>Every request body of this API is small (a ballot, a proposal); a large one is a mistake or an attack.
/// The limit is set on the server's own feature (Kestrel stops reading past it) and a declared length over it is
/// refused before anything is read. An endpoint that takes a file declares its own limit with
/// <see cref="RequestBodyLimit"/>; this runs after routing, so that it can see it.</summary>
internal sealed class RequestSizeLimit(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <remarks>Not <c>async</c>: a request within the limit is handed on as it is, so that the rest of the pipeline
    /// completing later (a ballot waits for the disk) costs no state machine of this step.</remarks>
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBodyBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            var problem = Problems.Problems.Build(
                context,
                ProblemCatalog.BodyTooLarge,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["max"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
        }

        return next(context);
    }
}
