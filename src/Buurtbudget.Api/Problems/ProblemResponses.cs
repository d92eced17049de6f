using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Buurtbudget.Api.Problems;

/// <summary>The problems an endpoint can answer, as the OpenAPI document tells them. A handler declares what it decides
/// itself (its typed results, and <see cref="ProducesProblems{TBuilder}"/> for the statuses of its refusals); the
/// pipeline's own answers are added here from the endpoint's metadata, so that no endpoint has to repeat them and none
/// can forget them: 400 for an unreadable parameter or body (<c>ThrowOnBadRequest</c> and
/// <see cref="BadRequestExceptionHandler"/>), 401 and 403 where a policy applies, 413 and 415 where a JSON body is read
/// (<see cref="StatusCodeProblems"/>), 429 where a rate-limit policy applies.</summary>
internal static class ProblemResponses
{
    private const string ProblemJson = "application/problem+json";
    private const string ProblemSchema = nameof(ProblemDetails);

    /// <summary>Declares the problem statuses of a handler's own refusals (each answered as problem details).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static OpenApiOptions AddPipelineProblems(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var statuses = PipelineStatuses(context.Description.ActionDescriptor.EndpointMetadata, context.Description);
            if (context.Document is not { } document)
            {
                return;
            }

            if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
            {
                document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
            }

            operation.Responses ??= [];
            foreach (var status in statuses)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (operation.Responses.ContainsKey(key))
                {
                    continue;
                }

                operation.Responses[key] = new OpenApiResponse
                {
                    Description = ReasonPhrase(status),
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                    },
                };
            }
        });
        return options;
    }

    /// <summary>The statuses the pipeline answers for an endpoint with this metadata, before or around its handler.</summary>
    public static IReadOnlyList<int> PipelineStatuses(IList<object> metadata, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(description);
        // Whatever else happens, a fault is answered as problem details (the exception handler's internal-error).
        var statuses = new SortedSet<int> { StatusCodes.Status500InternalServerError };
        var readsBody = metadata.OfType<IAcceptsMetadata>().Any();
        if (readsBody || description.ParameterDescriptions.Count > 0)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        // The endpoint's own AllowAnonymous wins over its group's policy: anyone may call it, a bad token included.
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (readsBody)
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        return [.. statuses];
    }

    /// <summary>What <see cref="Problems.Build"/> adds to every problem: the stable code to act on, the error's
    /// arguments (when it has any) and the trace id to quote to support.</summary>
    public static void DescribeExtensions(OpenApiSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The stable error code, also the last part of type." };
        schema.Properties["arguments"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "The error's values by name, as filled into the detail.",
        };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
        schema.Required = new HashSet<string>(["type", "title", "status"], StringComparer.Ordinal);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
