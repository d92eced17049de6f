using System.Globalization;
using System.Security.Claims;
using Buurtbudget.Api.Problems;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;

namespace Buurtbudget.Api.Hosting.Dashboard;

/// <summary>The Orleans dashboard (section "Orleans:Dashboard").</summary>
internal sealed class ClusterDashboardOptions
{
    public const string SectionName = "Orleans:Dashboard";

    /// <summary>Off by default: on, it profiles every grain call and samples the silo every second, and voters pay for
    /// that (load test, one run each, same machine: first ballot p99 at 70% of saturation 82.7 ms with it against
    /// 9.9 ms without). An operator switches it on where it is wanted (infra/cluster.sh does); only an admin's ticket
    /// opens it, and it shows what Orleans knows (silos, grain types, counts, calls), not what residents did. All
    /// nodes of a cluster must agree, because the dashboard's own grains live on every silo.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where Data Protection keeps the keys that protect tickets. Empty: ASP.NET Core's default (the user's
    /// profile), which the nodes of one machine share. Nodes on several machines need one shared directory here, or a
    /// ticket issued by one node is refused by the next.</summary>
    public string? KeyDirectory { get; set; }

    public static ClusterDashboardOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ClusterDashboardOptions>() ?? new ClusterDashboardOptions();
}

/// <summary>What an admin's web client gets from POST /api/admin/dashboard-ticket: where to open the dashboard, and
/// until when the ticket (an HttpOnly cookie set with this answer) lets them in.</summary>
public sealed record DashboardTicketDto(string Path, DateTimeOffset ExpiresAt);

/// <summary>The Orleans dashboard at <see cref="Path"/>, for admins only. A browser that navigates to a page cannot
/// send the bearer token the API takes, so the web client (signed in) asks for a ticket with its bearer token: the
/// answer sets a short-lived cookie that only this path receives (Path, HttpOnly, SameSite=Strict, Secure outside
/// Development), protected by Data Protection. Only the dashboard's endpoints read that cookie; every other endpoint
/// keeps taking bearer tokens only, so the API has no cookie and no CSRF surface. The dashboard answers without a
/// ticket with 401 and with a ticket that is not an admin's with 403, as problem details like the rest of the API
/// (also for its page: a browser that lands there without a ticket is told to open it from the admin page).</summary>
internal static class ClusterDashboard
{
    public const string Path = "/dashboard";

    public const string TicketRoute = "/api/admin/dashboard-ticket";

    public const string Scheme = "DashboardTicket";

    public const string CookieName = "buurtbudget-dashboard";

    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(TicketMinutes);

    /// <summary>What the dashboard's page loads, as a headless Chromium reported it page by page: its script, its
    /// style sheet, the fonts and images under its path, and the icons and one icon font its style sheet holds as
    /// data: URLs; its data endpoints (fetch). No inline script, no eval, nothing from elsewhere, framed by nothing,
    /// no forms. Inline styles stay refused: the Lifecycle page's diagram (Mermaid writes style attributes and a
    /// style element per drawing, with ids that change, so no hash can name them) is then drawn without its colours,
    /// and one padding in the sidebar is lost; both are cosmetic, and allowing inline styles would let
    /// injected markup restyle a page an admin trusts.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The dashboard's routes (relative to <see cref="Path"/>) that are not served. Grain state is read by
    /// calling the grain and reflecting over what it returns: a round's ballots are keyed by residents' participant
    /// keys. The live trace streams the whole process log. Counts per grain type and per silo stay.</summary>
    private static readonly string[] Withheld = ["/GrainState", "/Trace"];

    private const int TicketMinutes = 15;

    private static readonly AuthorizationPolicy AdminTicket = new AuthorizationPolicyBuilder(Scheme)
        .RequireAuthenticatedUser()
        .RequireClaim(CallerClaimTypes.Roles, RoleNames.Admin)
        .Build();

    /// <summary>The dashboard's grains, services and call profiler in the silo; nothing when switched off.</summary>
    public static ISiloBuilder AddClusterDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ClusterDashboardOptions.From(configuration).Enabled)
        {
            silo.AddDashboard(options => options.HideTrace = true);
        }

        return silo;
    }

    /// <summary>The ticket's cookie scheme and the keys that protect it.</summary>
    public static IServiceCollection AddClusterDashboardAccess(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = ClusterDashboardOptions.From(configuration);
        if (!options.Enabled)
        {
            return services;
        }

        var protection = services.AddDataProtection().SetApplicationName("buurtbudget");
        if (!string.IsNullOrWhiteSpace(options.KeyDirectory))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.KeyDirectory));
        }

        // Not the default scheme: only the dashboard's policy asks this handler, so no other endpoint reads the cookie.
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = Path;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TicketLifetime;
            cookie.SlidingExpiration = false;
            cookie.Events = new CookieAuthenticationEvents
            {
                // A cookie sent to another path (a browser bug, a hand-made request) counts for nothing.
                OnValidatePrincipal = context =>
                {
                    if (!context.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                },
                OnRedirectToLogin = context => WriteTicketNeededAsync(context.HttpContext),
                OnRedirectToAccessDenied = context => AuthenticationProblems.WriteForbiddenAsync(context.HttpContext),
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<TimeProvider>((cookie, time) => cookie.TimeProvider = time);
        return services;
    }

    /// <summary>The ticket endpoint and the dashboard itself; nothing when switched off.</summary>
    public static WebApplication MapClusterDashboard(this WebApplication app)
    {
        if (!ClusterDashboardOptions.From(app.Configuration).Enabled)
        {
            return app;
        }

        app.MapPost(TicketRoute, IssueTicketAsync)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Admin")
            .WithName("IssueDashboardTicket")
            .WithSummary($"Lets the caller's browser open the Orleans dashboard at {Path}/ for {TicketMinutes} minutes (an HttpOnly cookie for that path only). Admins only.");

        app.MapOrleansDashboard(Path)
            .RequireAuthorization(AdminTicket)
            .ExcludeFromDescription()
            .AddEndpointFilter(async (invocation, next) =>
            {
                var context = invocation.HttpContext;
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
                if (Withheld.Any(withheld => route.EndsWith(withheld, StringComparison.Ordinal)))
                {
                    return Problems.Problems.Of(context, ProblemCatalog.DashboardViewWithheld);
                }

                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return await next(invocation);
            });
        return app;
    }

    private static async Task<Ok<DashboardTicketDto>> IssueTicketAsync(HttpContext context, TimeProvider time)
    {
        var expiresAt = time.GetUtcNow() + TicketLifetime;

        // The ticket says one thing: an admin asked for it. No subject, no name: nothing to leak if it were read.
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerClaimTypes.Roles, RoleNames.Admin)], Scheme));
        await context.SignInAsync(Scheme, principal, new AuthenticationProperties
        {
            IsPersistent = true,
            AllowRefresh = false,
            IssuedUtc = time.GetUtcNow(),
            ExpiresUtc = expiresAt,
        });
        return TypedResults.Ok(new DashboardTicketDto(Path + "/", expiresAt));
    }

    private static Task WriteTicketNeededAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(
            Problems.Problems.Build(context, ProblemCatalog.DashboardTicketNeeded, new Dictionary<string, string>(StringComparer.Ordinal) { ["minutes"] = TicketMinutes.ToString(CultureInfo.InvariantCulture) }),
            options: null,
            contentType: "application/problem+json",
            context.RequestAborted);
    }
}
