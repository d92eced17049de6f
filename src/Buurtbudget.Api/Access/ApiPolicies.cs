using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Access;

/// <summary>Policies of the API beyond the single-role ones of <see cref="Policies"/>.</summary>
internal static class ApiPolicies
{
    /// <summary>Running a round (its rules and phase): coordinators, and admins of the municipality. Which wijk
    /// is checked per round by <see cref="RoundAccess.RequireCoordinatorOf"/>. The assertion runs for anonymous
    /// requests too (every requirement is evaluated), so it must not assume a caller: that would be a 500, not a 401.</summary>
    public const string RunRound = "run-round";

    public static IServiceCollection AddApiPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(RunRound, policy => policy
            .RequireAuthenticatedUser()
            // Every requirement is evaluated even after RequireAuthenticatedUser fails: asking an anonymous request
            // for its caller would throw and answer 500 instead of 401, so the assertion asks whether there is one.
            .RequireAssertion(context => context.Resource is HttpContext http && http.TryGetCaller(out var caller) && (caller.IsCoordinator || caller.IsAdmin)));
        return services;
    }
}
