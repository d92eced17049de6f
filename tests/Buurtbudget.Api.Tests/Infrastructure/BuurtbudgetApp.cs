using System.Net.Http.Headers;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>The real API host over a data directory of the test's own. Two instances on the same directory, one
/// after the other, are a restart. Tokens come from the development issuer with a key directory per test.</summary>
public sealed class BuurtbudgetApp : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly string _keyDirectory;
    private readonly string? _seedDirectory;
    private readonly DevelopmentTokenIssuer _issuer;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly StringWriter _startupErrors = new();
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration on top of the test defaults (which keep the log quiet).</param>
    /// <param name="services">Registrations on top of the API's own, for a test that observes what a service does.</param>
    public BuurtbudgetApp(
        TestDirectory directory, string? seedDirectory = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string?>(StringComparer.Ordinal);
        _services = services;
        ArgumentNullException.ThrowIfNull(directory);
        _dataDirectory = directory.Data;
        _keyDirectory = directory.Keys;
        _seedDirectory = seedDirectory;
        _issuer = new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(_keyDirectory));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        builder.UseSetting("Authentication:Development:KeyDirectory", _keyDirectory);
        builder.UseSetting("Seeds:Directory", _seedDirectory ?? "");

        // The Orleans dashboard costs each start about half a CPU second more (its assets are compressed, its grains
        // activated) and polls the silo every second: off unless a test is about it (ClusterDashboardTests, the
        // authorization matrix), which turns it on through its settings.
        builder.UseSetting("Orleans:Dashboard:Enabled", "false");

        // The silo's settings (and the store it clusters on, and whether it carries traces) are read while the host is
        // built, before the configuration below is added: they go in as host settings too.
        foreach (var (key, value) in _settings.Where(s => s.Key.StartsWith("Orleans:", StringComparison.Ordinal) || s.Key.StartsWith("Storage:", StringComparison.Ordinal)
            || s.Key.StartsWith("OpenTelemetry:", StringComparison.Ordinal)))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",

            // The silo's start warns that the process does not run the server collector. The API does (the Web SDK's
            // default); a test process does not, and two such lines per host were a sixth of the CI log.
            ["Serilog:MinimumLevel:Override:Orleans.Runtime.Silo"] = "Error",

            // The in-process test client stands in for a whole town behind one address (it has none, so every
            // request shares the "unknown" partition): 1,000 residents voting at once must not be one household's
            // 600 a minute. Tests of the per-address limit set it low again, with a test client address each.
            ["RateLimits:Ballot:PerAddressPerMinute"] = "1000000",
        }).AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, TestClientAddress>();
            services.AddSingleton(new Buurtbudget.Api.Hosting.StartupErrorOutput(_startupErrors));
            services.AddHostedService<TestWijkBudgets>();
            _services?.Invoke(services);
        });
    }

    /// <summary>What the API wrote when it could not start (it exits with a code then, rather than throwing).</summary>
    public string StartupErrors => _startupErrors.ToString();

    public HttpClient Anonymous() => CreateClient();

    public HttpClient As(Role role, string subject, params string[] districts) => As(role, subject, verified: null, districts);

    /// <summary>A client whose token carries claims a real identity broker verifies (birthdate, postal_code, ondernemer).</summary>
    public HttpClient As(Role role, string subject, IReadOnlyDictionary<string, object>? verified, params string[] districts)
    {
        var client = CreateClient();
        var token = _issuer.CreateToken(subject, [role], districts.Select(DistrictCode.Parse), TimeSpan.FromHours(1), verified);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A signed-in caller without any platform role, e.g. a business owner from a business broker.</summary>
    public HttpClient WithoutRoles(string subject, IReadOnlyDictionary<string, object>? verified, params string[] districts)
    {
        var client = CreateClient();
        var token = _issuer.CreateToken(subject, [], districts.Select(DistrictCode.Parse), TimeSpan.FromHours(1), verified);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => As(Role.Admin, "admin-gemeente");

    public HttpClient Auditor() => As(Role.Auditor, "controleur");

    public HttpClient Coordinator(string district) => As(Role.Coordinator, "coordinator-" + district, district);

    public HttpClient Resident(string subject, string district) => As(Role.Resident, subject, district);

    /// <summary>A client whose requests come from <paramref name="address"/>, as the server sees it.</summary>
    public static HttpClient From(HttpClient client, string address)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }
}

/// <summary>The in-process test server has no remote address; this gives a request the one its test names in
/// <see cref="Header"/>, before anything else in the pipeline sees it, as a real connection would.</summary>
internal sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
                context.Request.Headers.Remove(Header);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>A fresh temporary directory per test, removed afterwards. Its key directory starts with a copy of one
/// development signing key made once per test run: with a new 2048-bit RSA key per test, making it was an eighth of
/// the CPU of starting a host (perf over 26 starts: 12.7 % of the samples in OpenSSL, 0.3 % with the copied key). A
/// test that needs a key the host does not know makes its own (<see cref="Security.TokenForge.Attacker"/>).</summary>
public sealed class TestDirectory : IDisposable
{
    private static readonly Lazy<string> SharedKeyFile = new(MakeSharedKey);

    public TestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("buurtbudget-api-").FullName;
        Data = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        Keys = Directory.CreateDirectory(Path.Combine(Root, "keys")).FullName;
        File.Copy(SharedKeyFile.Value, Path.Combine(Keys, DevelopmentSigningKey.FileName));
    }

    public string Root { get; }

    public string Data { get; }

    public string Keys { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment after the host stops; the OS cleans temp later.
        }
    }

    private static string MakeSharedKey()
    {
        var directory = Directory.CreateTempSubdirectory("buurtbudget-api-key-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // The run is over either way; the OS cleans temp later.
            }
        };
        return DevelopmentSigningKey.LoadOrCreate(directory).Path;
    }
}
