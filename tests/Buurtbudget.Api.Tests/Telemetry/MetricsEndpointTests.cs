using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.Api.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint, over real sockets: the platform listens on a public port and a management
/// port, and only the management port answers <c>/metrics</c>, with the platform's own meters in Prometheus' text format.</summary>
public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Without_a_management_port_or_a_collector_nothing_collects_metrics_and_the_address_says_why()
    {
        // Nobody could read them, so no meter provider listens to ASP.NET Core's, Kestrel's and Orleans' instruments:
        // recording them on every request cost the load test a sixth of its ceiling.
        await using var app = new BuurtbudgetApp(_directory);
        using var anonymous = app.Anonymous();

        await (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).Problem(HttpStatusCode.NotFound, "metrics-on-management-port");
        Assert.Null(app.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    [Fact]
    public async Task Only_the_management_port_answers_metrics_and_they_show_the_ballot_and_its_commit()
    {
        var publicPort = FreePort();
        var managementPort = FreePort();
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OpenTelemetry:Prometheus:ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:Ballot:PerResidentPerMinute"] = "1",
        });
        app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, publicPort);
            kestrel.Listen(IPAddress.Loopback, managementPort);
        });
        app.StartServer();

        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var issuer = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(_directory.Keys));
        using var resident = Client(publicPort, issuer.CreateToken("bewoner", [Role.Resident], [DistrictCode.Parse(Http.Delfshaven)], TimeSpan.FromMinutes(5)));
        await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).StatusCode);

        // On the public port nobody reads them: not without a token, not a resident, not even an admin.
        using var anonymous = Client(publicPort, token: null);
        using var admin = Client(publicPort, issuer.CreateToken("beheerder", [Role.Admin], [], TimeSpan.FromMinutes(5)));
        foreach (var caller in new[] { anonymous, resident, admin })
        {
            await (await caller.GetAsync(new Uri("/metrics", UriKind.Relative))).Problem(HttpStatusCode.NotFound, "metrics-on-management-port");
        }

        // The operator's Prometheus on the management port, as it scrapes: no token.
        using var prometheus = Client(managementPort, token: null);
        using var scraped = await prometheus.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal("text/plain", scraped.Content.Headers.ContentType?.MediaType);
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.True(Sample(text, "buurtbudget_ballots_accepted_total") >= 1, text);
        Assert.Contains("# TYPE buurtbudget_store_commit_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.True(Sample(text, "buurtbudget_store_commit_duration_seconds_count") >= 1, text);
        Assert.Matches(BucketLine(), text);
        Assert.True(Sample(text, "buurtbudget_rate_limit_refusals_total", @"policy=""ballot""") >= 1, text);

        // And the standard parts beside them: ASP.NET Core's request durations, the runtime, Orleans.
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels include <paramref name="label"/>.</summary>
    private static double Sample(string text, string metric, string label = "")
    {
        var labels = label.Length == 0 ? @"(\{[^}]*\})?" : @"\{[^}]*" + Regex.Escape(label) + @"[^}]*\}";
        var match = Regex.Match(text, "^" + Regex.Escape(metric) + labels + @" (?<value>\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"No sample of {metric} in:\n{text}");
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?m)^buurtbudget_store_commit_duration_seconds_bucket\{[^}]*le=""[0-9.e+-]+""[^}]*\} [0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex BucketLine();

    private static HttpClient Client(int port, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A port that is free now, below Linux's ephemeral range so that no outgoing connection takes it before
    /// the server binds it.</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free port between 20000 and 32000.");
    }
}
