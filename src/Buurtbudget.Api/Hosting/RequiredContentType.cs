using Buurtbudget.Api.Problems;
using Microsoft.OpenApi;

namespace Buurtbudget.Api.Hosting;

/// <summary>An endpoint that reads its body itself (a file) and takes only one media type. Not routing's
/// <c>Accepts</c>: routing decides before authentication, so an anonymous caller learned the endpoint's body type
/// from a 415 instead of getting a 401. This checks in an endpoint filter, after authorisation, answers the
/// platform's 415 problem, and still tells the OpenAPI document what the body is.</summary>
internal static class RequiredContentType
{
    public static RouteHandlerBuilder RequireContentType(this RouteHandlerBuilder builder, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (!IsOf(context.Request.ContentType, mediaType))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return TypedResults.Problem(StatusCodeProblems.UnsupportedMediaType(context, mediaType));
            }

            return await next(invocation);
        });
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [mediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
            return Task.CompletedTask;
        });
        return builder;
    }

    private static bool IsOf(string? contentType, string mediaType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase);
}
