using Buurtbudget.Api.Development;
using Buurtbudget.Api.Development.Oidc;
using Buurtbudget.Api.Hosting.Dashboard;
using Buurtbudget.Api.Problems;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>How the web client signs in (GET /api/client-config).</summary>
/// <param name="Authority">The OpenID provider's issuer URL.</param>
/// <param name="Development">The platform runs in Development with its provider of demo personas.</param>
/// <param name="Municipality">The gemeente's name, logo and theme tokens, as configured (section Municipality).</param>
/// <param name="Map">The background map under proposals' places (section Map).</param>
public sealed record ClientConfigDto(string Authority, string ClientId, string Scope, bool Development, MunicipalityDto Municipality, MapDto Map);

/// <summary>The background map's tiles and the words that credit them.</summary>
/// <param name="TileUrl">A URL template with {z}, {x} and {y}; the Content-Security-Policy admits its origin for images.</param>
/// <param name="Attribution">Plain text to show with every map.</param>
public sealed record MapDto(string TileUrl, string Attribution);

/// <summary>The gemeente as the web client shows it.</summary>
/// <param name="Name">Null for the neutral "Buurtbudget".</param>
/// <param name="Logo">A path on this platform, or null for no logo.</param>
/// <param name="Tokens">NL Design System basis tokens by name without the leading dashes, with their CSS values.</param>
public sealed record MunicipalityDto(string? Name, string? Logo, string? LogoAlt, IReadOnlyDictionary<string, string> Tokens);

/// <summary>Who is signed in, as the API sees them (GET /api/me): never an identity or a participant key.</summary>
/// <param name="Role">resident, business-owner, coordinator, auditor or admin: the caller's most far-reaching role.</param>
/// <param name="ClusterDashboard">The caller is an admin and this node serves the Orleans dashboard (it is off unless
/// configured), so the client offers it; false for everyone else.</param>
public sealed record MeDto(string Role, IReadOnlyList<string> Districts, bool ClusterDashboard);

/// <summary>The two calls the web client starts with: where to sign in, and who it signed in as.</summary>
internal static class WebClientApi
{
    public const string BusinessOwner = "business-owner";

    public static void MapWebClientApi(this WebApplication app)
    {
        var development = DevelopmentIssuerHost.IsEnabled(app.Environment, app.Services);
        app.MapGet("/api/client-config", (HttpContext context, IOptions<WebClientOptions> web, IOptions<MunicipalityOptions> municipality, IOptions<MapOptions> map, IOptions<TrustedIssuers> issuers) =>
                ClientConfig(context, web.Value, municipality.Value, map.Value, issuers.Value, development))
            .AllowAnonymous().WithTags("Web client").WithName("GetClientConfig")
            .WithSummary("How the web client signs in (the OpenID provider, client id and scope), the gemeente it shows (name, logo, theme tokens) and its background map (tile URL, attribution). Anyone: the client asks before signing in.");
        var dashboard = ClusterDashboardOptions.From(app.Configuration).Enabled;
        app.MapGet("/api/me", (HttpContext context) => Me(context, dashboard))
            .RequireAuthorization(Policies.SignedIn).WithTags("Web client").WithName("GetMe").ProducesProblems(403)
            .WithSummary("The caller's role and districts. Anyone signed in.");
    }

    /// <summary>The provider the client signs in with when it does not depend on the request: the configured one, or
    /// outside the development provider the API's own token authority. Null means the development provider.</summary>
    public static string? FixedAuthority(WebClientOptions web, TrustedIssuers issuers, bool development)
    {
        ArgumentNullException.ThrowIfNull(web);
        ArgumentNullException.ThrowIfNull(issuers);
        if (!string.IsNullOrWhiteSpace(web.Authority))
        {
            return web.Authority;
        }

        return development ? null : issuers.SignInAuthority;
    }

    private static Ok<ClientConfigDto> ClientConfig(HttpContext context, WebClientOptions web, MunicipalityOptions municipality, MapOptions map, TrustedIssuers issuers, bool development)
    {
        var authority = FixedAuthority(web, issuers, development)
            ?? (development
                ? DevelopmentOidcApi.Issuer(context.Request)
                : throw new InvalidOperationException("No authority for the web client: set WebClient:Authority or Authentication:Authority."));
        return TypedResults.Ok(new ClientConfigDto(authority, web.ClientId, web.Scope, development, new MunicipalityDto(
            string.IsNullOrWhiteSpace(municipality.Name) ? null : municipality.Name.Trim(),
            string.IsNullOrWhiteSpace(municipality.LogoPath) ? null : municipality.LogoPath,
            string.IsNullOrWhiteSpace(municipality.LogoAlt) ? null : municipality.LogoAlt.Trim(),
            municipality.Tokens), new MapDto(map.TileUrl, map.Attribution.Trim())));
    }

    private static Results<Ok<MeDto>, ProblemHttpResult> Me(HttpContext context, bool dashboard)
    {
        var caller = context.GetCaller();
        var role = RoleOf(caller);
        if (role is null)
        {
            return Problems.Problems.Of(context, ProblemCatalog.NoPlatformRole);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new MeDto(
            role, [.. caller.Districts.Select(district => district.Value).Order(StringComparer.Ordinal)], ClusterDashboard: dashboard && caller.IsAdmin));
    }

    /// <summary>One role for the client's navigation: the most far-reaching one the caller holds.</summary>
    private static string? RoleOf(Caller caller) =>
        caller.IsAdmin ? RoleNames.Admin
        : caller.IsAuditor ? RoleNames.Auditor
        : caller.IsCoordinator ? RoleNames.Coordinator
        : caller.IsResident ? RoleNames.Resident
        : caller.IsBusinessOwner ? BusinessOwner
        : null;
}
