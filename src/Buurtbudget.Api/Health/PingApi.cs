using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Health;

/// <summary>Endpoints that answer 204 and do nothing else, through the same host and middleware as every other
/// request: the platform's own ceiling, against which the load tests report the voting path (issue: "an endpoint
/// of the platform that does no work, with and without token validation"), and a quick check for a client that its
/// token is accepted.</summary>
internal static class PingApi
{
    public static void MapPingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ping", () => TypedResults.NoContent())
            .AllowAnonymous().WithTags("Health").WithName("Ping")
            .WithSummary("Answers 204 and does nothing else. Anyone.");
        app.MapGet("/api/ping/signed-in", () => TypedResults.NoContent())
            .RequireAuthorization(Policies.SignedIn).WithTags("Health").WithName("PingSignedIn")
            .WithSummary("Answers 204 once the bearer token is validated, and does nothing else. Anyone signed in.");
    }
}
