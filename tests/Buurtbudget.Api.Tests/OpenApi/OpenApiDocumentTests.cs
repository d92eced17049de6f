using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.OpenApi;

/// <summary>/openapi/v1.json against the endpoints the app really serves: every endpoint documents its success body
/// (or says it has none) and every problem it documents is problem details; and the copy the web client generates its
/// types from is the document the API serves.</summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>Set to 1 to write the served document over the web client's copy instead of comparing (see
    /// src/Buurtbudget.Web/scripts/refresh-openapi.sh).</summary>
    public const string RefreshVariable = "BUURTBUDGET_REFRESH_OPENAPI";

    private const string ProblemJson = "application/problem+json";

    /// <summary>Endpoints left out of the document on purpose, each for a reason: the health probes (for load balancers,
    /// not clients), the document itself, the development OpenID provider (a protocol OpenID Connect describes), the
    /// Orleans dashboard (a web application of its own) and Prometheus' scrape endpoint (its text format, for operators
    /// on the management port).</summary>
    private static readonly string[] Undocumented = ["/health/", "/openapi/", "/dev/oidc/", "/dashboard", "/metrics"];

    private readonly TestDirectory _directory = new();
    private BuurtbudgetApp _app = null!;

    public Task InitializeAsync()
    {
        // Every endpoint there is: the Development environment (the demo personas) with the cluster dashboard on.
        _app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { ["Orleans:Dashboard:Enabled"] = "true" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Every_endpoint_documents_its_success_body_and_its_problems()
    {
        var document = await ServedAsync();
        var endpoints = Endpoints();
        Assert.True(endpoints.Count > 50, $"Only {endpoints.Count} endpoints found; is the app's EndpointDataSource read?");

        var failures = Check(endpoints, document);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task An_endpoint_without_declared_results_fails_the_check()
    {
        var document = await ServedAsync();
        var endpoints = Endpoints();

        // An endpoint mapped the old way (Task<IResult>, no Produces): the document holds it with a bare 200.
        var undeclared = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/rounds/{roundId}/undeclared"), 0)
        {
            Metadata = { new HttpMethodMetadata(["GET"]), new AuthorizeAttribute() },
        }.Build();
        document["paths"]!.AsObject()["/api/rounds/{roundId}/undeclared"] = JsonNode.Parse("""{ "get": { "responses": { "200": { "description": "OK" } } } }""");
        var failures = Check([.. endpoints, (RouteEndpoint)undeclared], document);
        Assert.Contains(failures, f => f.StartsWith("GET /api/rounds/{roundId}/undeclared: 200 has no body schema", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("GET /api/rounds/{roundId}/undeclared: documents no problem", StringComparison.Ordinal));

        // A problem answered as plain JSON, and an endpoint missing from the document altogether.
        var results = document["paths"]!["/api/rounds/{roundId}/results"]!["get"]!["responses"]!["404"]!["content"]!.AsObject();
        results["application/json"] = results[ProblemJson]!.DeepClone();
        results.Remove(ProblemJson);
        document["paths"]!.AsObject().Remove("/api/rounds/{roundId}/tally");
        failures = Check(endpoints, document);
        Assert.Contains("GET /api/rounds/{roundId}/results: 404 is not application/problem+json", failures);
        Assert.Contains("GET /api/rounds/{roundId}/tally: not in the document", failures);
    }

    [Fact]
    public async Task The_web_clients_copy_is_the_document_the_api_serves()
    {
        var served = await ServedAsync();
        var copy = Path.Combine(RepositoryRoot(), "src", "Buurtbudget.Web", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable(RefreshVariable) == "1")
        {
            await File.WriteAllTextAsync(copy, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(copy), $"{copy} is missing: run src/Buurtbudget.Web/scripts/refresh-openapi.sh.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(copy));
        Assert.True(
            JsonNode.DeepEquals(served, committed),
            "The API's OpenAPI document changed, and the web client's types are generated from its copy in "
            + "src/Buurtbudget.Web/openapi/v1.json. Run src/Buurtbudget.Web/scripts/refresh-openapi.sh, check the diff and "
            + "`npm run typecheck` in src/Buurtbudget.Web, and commit the new copy.");
    }

    /// <summary>The document as served, without its servers (the test host's address, not part of the API).</summary>
    private async Task<JsonNode> ServedAsync()
    {
        var document = await (await _app.Anonymous().GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        document.AsObject().Remove("servers");
        return document;
    }

    private List<RouteEndpoint> Endpoints() =>
        [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    /// <summary>What the document fails to say about the endpoints, one line each; empty when it says it all.</summary>
    private static List<string> Check(IEnumerable<RouteEndpoint> endpoints, JsonNode document)
    {
        var failures = new List<string>();
        var paths = document["paths"]!.AsObject();
        foreach (var endpoint in endpoints)
        {
            var path = Template(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
                || methods.Count == 0)
            {
                if (!Undocumented.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    failures.Add($"{path}: left out of the document, and not one of the endpoints meant to be");
                }

                continue;
            }

            foreach (var method in methods)
            {
                var name = $"{method} {path}";
                if (paths[path]?[method.ToLowerInvariant()] is not { } operation)
                {
                    failures.Add($"{name}: not in the document");
                    continue;
                }

                failures.AddRange(CheckResponses(name, endpoint, operation["responses"]?.AsObject() ?? []));
            }
        }

        return failures;
    }

    private static IEnumerable<string> CheckResponses(string name, RouteEndpoint endpoint, JsonObject responses)
    {
        var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
        if (successes.Count == 0)
        {
            yield return $"{name}: documents no success response";
        }

        foreach (var (status, response) in successes)
        {
            // 204 has no body by definition; every other success names its body's schema in each media type.
            if (status == "204")
            {
                continue;
            }

            var content = response?["content"]?.AsObject();
            if (content is null || content.Count == 0 || content.Any(media => media.Value?["schema"] is null))
            {
                yield return $"{name}: {status} has no body schema";
            }
        }

        var problems = responses.Where(r => r.Key[0] is '4' or '5').ToList();
        if (problems.Count == 0)
        {
            yield return $"{name}: documents no problem it can answer";
        }

        foreach (var (status, response) in problems)
        {
            var content = response?["content"]?.AsObject();
            if (content is null || content.Count != 1 || content[ProblemJson]?["schema"] is null)
            {
                yield return $"{name}: {status} is not {ProblemJson}";
            }
        }

        // The pipeline's answers that depend on the endpoint, not the handler.
        var authorized = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
        foreach (var (expected, why) in new[]
        {
            (authorized ? "401" : null, "a policy applies"),
            (authorized ? "403" : null, "a policy applies"),
            (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>() is not null ? "429" : null, "it is rate limited"),
            (endpoint.RoutePattern.Parameters.Count > 0 ? "400" : null, "it reads parameters"),
            ("500", "any fault is answered as problem details"),
        })
        {
            if (expected is not null && !responses.ContainsKey(expected))
            {
                yield return $"{name}: does not document {expected}, though {why}";
            }
        }
    }

    /// <summary>The route as the document names it: parameters without their constraints.</summary>
    private static string Template(RoutePattern pattern)
    {
        var raw = "/" + (pattern.RawText ?? "").Trim('/');
        return Constraint().Replace(raw, "{${name}}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Buurtbudget.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Buurtbudget.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}", RegexOptions.ExplicitCapture)]
    private static partial Regex Constraint();
}
