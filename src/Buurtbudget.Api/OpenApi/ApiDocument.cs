using System.Text.Json.Serialization.Metadata;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Rounds;
using Microsoft.OpenApi;

namespace Buurtbudget.Api.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json, generated from the code: every endpoint's typed results and
/// declared problems, the pipeline's problems (<see cref="ProblemResponses"/>), and which properties a body always
/// holds. The web client's TypeScript types are generated from it (src/Buurtbudget.Web/openapi/v1.json).</summary>
internal static class ApiDocument
{
    public static IServiceCollection AddBuurtbudgetOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddPipelineProblems();
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Called for a type's schema and for each property's (inline before references are drawn out), so that
                // both describe the type the same way.
                Describe(schema, context.JsonTypeInfo);
                ApiValues.Describe(schema, context.JsonPropertyInfo);
                return Task.CompletedTask;
            });
        });

    /// <summary>A file download: the body is the file's bytes in one of <paramref name="mediaTypes"/> (a JSON download
    /// is a document of its own, not one of the API's types).</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, params string[] mediaTypes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue("200", out var response) || response is not OpenApiResponse ok)
            {
                ok = new OpenApiResponse { Description = "OK" };
                operation.Responses["200"] = ok;
            }

            ok.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            foreach (var mediaType in mediaTypes)
            {
                ok.Content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Query parameters the endpoint reads as text through <see cref="QueryNumbers"/> are whole numbers to the
    /// caller, and the document says so.</summary>
    public static RouteHandlerBuilder WithWholeNumbersInQuery(this RouteHandlerBuilder builder, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query && names.Contains(p.Name)))
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" };
            }

            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiSchema schema, JsonTypeInfo type)
    {
        // Ids with a converter of their own are written as text: a round id is its UUID.
        if (type.Type == typeof(RoundId))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "uuid";
            return;
        }

        if (type.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
        {
            ProblemResponses.DescribeExtensions(schema);
            return;
        }

        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return;
        }

        // Required is what the C# type promises: a non-nullable property is always in the JSON (a response always
        // writes it; a request without it does not bind). A nullable one is optional, and its schema allows null. The
        // framework's own rule (every constructor parameter without a default) would call a rule the client leaves out
        // of a partial change required.
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.Properties)
        {
            if (!member.IsGetNullable && schema.Properties.ContainsKey(member.Name))
            {
                required.Add(member.Name);
            }
        }

        schema.Required = required.Count > 0 ? required : null;
    }
}
