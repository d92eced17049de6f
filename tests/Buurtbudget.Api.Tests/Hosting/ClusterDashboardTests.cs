using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Hosting.Dashboard;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>The Orleans dashboard opens for an admin's ticket (a cookie for its path only) and for nothing else; the
/// ticket opens nothing but the dashboard, and not for long.</summary>
public sealed class ClusterDashboardTests : IDisposable
{
    /// <summary>The dashboard is off unless configured (it costs voters latency); these tests switch it on.</summary>
    internal static readonly IReadOnlyDictionary<string, string?> DashboardOn =
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Orleans:Dashboard:Enabled"] = "true" };

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Without_a_ticket_the_dashboard_answers_401_and_says_where_to_open_it()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);

        foreach (var path in new[] { "/dashboard/", "/dashboard/index.min.js", "/dashboard/ClusterStats", "/dashboard/DashboardCounters" })
        {
            using var response = await app.Anonymous().GetAsync(path);
            var problem = await response.Problem(HttpStatusCode.Unauthorized, "dashboard-ticket-needed");
            Assert.Contains("Beheer", (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bearer_token_alone_does_not_open_the_dashboard_not_even_an_admins()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);

        foreach (var client in new[] { app.Admin(), app.Resident("bewoner", Http.Delfshaven), app.Coordinator(Http.Delfshaven) })
        {
            await (await client.GetAsync("/dashboard/ClusterStats")).Problem(HttpStatusCode.Unauthorized, "dashboard-ticket-needed");
        }
    }

    [Fact]
    public async Task The_web_client_is_told_to_offer_the_dashboard_to_admins_only_and_only_where_it_is_served()
    {
        await using (var on = new BuurtbudgetApp(_directory, settings: DashboardOn))
        {
            Assert.True((bool)(await on.Admin().GetAsync("/api/me").Ok())["clusterDashboard"]!);
            foreach (var client in new[] { on.Resident("bewoner", Http.Delfshaven), on.Coordinator(Http.Delfshaven), on.Auditor() })
            {
                Assert.False((bool)(await client.GetAsync("/api/me").Ok())["clusterDashboard"]!);
            }
        }

        await using var off = new BuurtbudgetApp(_directory);
        Assert.False((bool)(await off.Admin().GetAsync("/api/me").Ok())["clusterDashboard"]!);
    }

    [Fact]
    public async Task Only_an_admin_gets_a_ticket()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);

        using var anonymous = await app.Anonymous().PostAsync(ClusterDashboard.TicketRoute, content: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var client in new[] { app.Resident("bewoner", Http.Delfshaven), app.Coordinator(Http.Delfshaven), app.Auditor() })
        {
            using var refused = await client.PostAsync(ClusterDashboard.TicketRoute, content: null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task An_admins_ticket_opens_the_page_and_its_data()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var admin = app.Admin();

        var ticket = await admin.PostAsync(ClusterDashboard.TicketRoute, content: null).Ok();
        Assert.Equal("/dashboard/", (string?)ticket["path"]);

        // The admin's client keeps the cookie as a browser would, and sends it to the dashboard's path.
        using var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var script = await admin.GetAsync("/dashboard/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // What Orleans knows: silos, and activations counted per grain type; never a grain's key. The dashboard samples
        // the cluster once a second, so right after the start its counters may not have the silo yet.
        var counters = await admin.GetAsync("/dashboard/DashboardCounters").Ok();
        for (var wait = Stopwatch.StartNew(); (int?)counters["totalActiveHostCount"] == 0 && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(200);
            counters = await admin.GetAsync("/dashboard/DashboardCounters").Ok();
        }

        Assert.Equal(1, (int?)counters["totalActiveHostCount"]);
        var stats = counters["simpleGrainStats"]!.AsArray();
        Assert.NotEmpty(stats);
        Assert.All(stats, entry => Assert.Equal(
            ["activationCount", "callsPerSecond", "grainType", "siloAddress", "totalAwaitTime", "totalCalls", "totalExceptions", "totalSeconds"],
            entry!.AsObject().Select(property => property.Key).Order(StringComparer.Ordinal)));
        Assert.DoesNotContain(round, counters.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_ticket_is_an_httponly_strict_cookie_for_the_dashboards_path_only()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);

        using var response = await app.Admin().PostAsync(ClusterDashboard.TicketRoute, content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith(ClusterDashboard.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/dashboard", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_Development_the_ticket_cookie_is_secure()
    {
        await using var development = new BuurtbudgetApp(_directory, settings: DashboardOn);
        await using var production = development.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Authentication:Authority", "https://127.0.0.1:1/realms/buurtbudget")
            .UseSetting("VotingCodes:VotingUrl", "https://stem.rotterdam.example/buurtbudget"));

        var options = production.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ClusterDashboard.Scheme);

        Assert.Equal(CookieSecurePolicy.Always, options.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task The_ticket_opens_no_other_endpoint()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var cookie = await TicketCookieAsync(app);

        // Sent by hand, as a forged cross-site request would, to endpoints that take a bearer token.
        foreach (var (method, path) in new[] { ("GET", "/api/me"), ("GET", $"/api/rounds/{round}/events"), ("POST", "/api/rounds"), ("POST", ClusterDashboard.TicketRoute) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Cookie", cookie);
            using var response = await app.Anonymous().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with the ticket: {(int)response.StatusCode}");
        }

        // The same cookie, sent by hand to the dashboard, does open it: the refusals above are not a broken cookie.
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
        dashboard.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().SendAsync(dashboard)).StatusCode);
    }

    [Fact]
    public async Task The_ticket_expires_after_fifteen_minutes()
    {
        var clock = new AdjustableClock();
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        await using var clocked = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var admin = clocked.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        admin.DefaultRequestHeaders.Authorization = app.Admin().DefaultRequestHeaders.Authorization;

        var ticket = await admin.PostAsync(ClusterDashboard.TicketRoute, content: null).Ok();
        var expiresAt = DateTimeOffset.Parse((string)ticket["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(15), expiresAt, TimeSpan.FromSeconds(5));

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/ClusterStats")).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        await (await admin.GetAsync("/dashboard/ClusterStats")).Problem(HttpStatusCode.Unauthorized, "dashboard-ticket-needed");
    }

    [Fact]
    public async Task A_valid_ticket_without_the_admin_role_is_refused_with_403()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ClusterDashboard.Scheme);
        var identity = new ClaimsIdentity([new Claim(CallerClaimTypes.Roles, RoleNames.Coordinator)], ClusterDashboard.Scheme);
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(10) };
        var forged = options.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, ClusterDashboard.Scheme));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
        request.Headers.Add("Cookie", $"{ClusterDashboard.CookieName}={forged}");
        using var response = await app.Anonymous().SendAsync(request);

        await response.Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Grain_state_and_the_live_log_are_not_shown_even_to_an_admin()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var admin = app.Admin();
        await admin.PostAsync(ClusterDashboard.TicketRoute, content: null).Ok();

        await (await admin.GetAsync($"/dashboard/GrainState?grainId={round}&grainType=Buurtbudget.Actors.Rounds.RoundGrain"))
            .Problem(HttpStatusCode.NotFound, "dashboard-view-withheld");
        await (await admin.GetAsync("/dashboard/Trace")).Problem(HttpStatusCode.NotFound, "dashboard-view-withheld");
    }

    [Fact]
    public async Task The_dashboards_answers_carry_its_own_policy_and_the_rest_keep_the_apis()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: DashboardOn);
        var admin = app.Admin();
        await admin.PostAsync(ClusterDashboard.TicketRoute, content: null).Ok();

        foreach (var path in new[] { "/dashboard/", "/dashboard/index.css", "/dashboard/ClusterStats" })
        {
            using var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ClusterDashboard.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }

        Assert.DoesNotContain("unsafe", ClusterDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        using var refused = await app.Anonymous().GetAsync("/dashboard/");
        Assert.Equal(SecurityHeaders.ApiPolicy, Assert.Single(refused.Headers.GetValues("Content-Security-Policy")));
        using var api = await admin.GetAsync("/api/me");
        Assert.Equal(SecurityHeaders.ApiPolicy, Assert.Single(api.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Switched_off_there_is_neither_dashboard_nor_ticket()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { ["Orleans:Dashboard:Enabled"] = "false" });

        await (await app.Admin().PostAsync(ClusterDashboard.TicketRoute, content: null)).Problem(HttpStatusCode.NotFound, "no-such-address");
        await (await app.Admin().GetAsync("/dashboard/ClusterStats")).Problem(HttpStatusCode.NotFound, "no-such-address");
    }

    [Fact]
    public void Without_a_setting_the_dashboard_is_off()
    {
        Assert.False(ClusterDashboardOptions.From(new ConfigurationBuilder().Build()).Enabled);
        Assert.True(ClusterDashboardOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Orleans:Dashboard:Enabled"] = "true" })
            .Build()).Enabled);
    }

    private static async Task<string> TicketCookieAsync(BuurtbudgetApp app)
    {
        using var response = await app.Admin().PostAsync(ClusterDashboard.TicketRoute, content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }
}
