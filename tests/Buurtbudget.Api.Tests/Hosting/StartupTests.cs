using System.Diagnostics;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>A start that cannot succeed ends cleanly and leaves nothing behind; a start that does keeps its data
/// private to the account that runs it.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_production_start_without_configuration_says_what_to_set_exits_with_78_and_writes_nothing()
    {
        var data = Path.Combine(_directory.Root, "nieuw", "data");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "Buurtbudget.Api.dll") },
            WorkingDirectory = _directory.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Storage__DataDirectory"] = data,
                ["BUURTBUDGET_DATA"] = null,
            },
        };

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await errors + await output;

        Assert.Equal(78, process.ExitCode);
        Assert.Contains("Buurtbudget cannot start", text, StringComparison.Ordinal);
        Assert.Contains("Authentication:Authority", text, StringComparison.Ordinal);

        // The same problems as log lines on standard output, written by the host's console log before the process ended.
        Assert.Matches(@"FTL\] Buurtbudget kan niet starten / Buurtbudget cannot start: No token issuer is configured", await output);
        Assert.Contains("VotingCodes:VotingUrl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory.Root, "nieuw")), "The failed start created the data directory.");
    }

    [Fact]
    public async Task A_start_stopped_by_its_configuration_is_logged_through_the_configured_sinks()
    {
        var logFile = Path.Combine(_directory.Root, "start.json");
        var (exitCode, text) = await StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog__WriteTo__0__Name"] = "File",
            ["Serilog__WriteTo__0__Args__path"] = logFile,
            ["Serilog__WriteTo__0__Args__formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        });

        Assert.Equal(78, exitCode);
        Assert.Contains("Buurtbudget cannot start", text, StringComparison.Ordinal);
        var fatal = (await File.ReadAllLinesAsync(logFile)).Select(line => JsonNode.Parse(line)!)
            .Where(e => (string?)e["@l"] == "Fatal").Select(e => (string?)e["Problem"]).ToList();
        Assert.Contains(fatal, problem => problem?.Contains("Authentication:Authority", StringComparison.Ordinal) == true);
        Assert.Contains(fatal, problem => problem?.Contains("VotingCodes:VotingUrl", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_start_that_fails_before_the_host_exists_is_logged_by_the_bootstrap_logger_and_exits_with_1()
    {
        // The working directory is the content root: its appsettings.json cannot be read.
        await File.WriteAllTextAsync(Path.Combine(_directory.Root, "appsettings.json"), "{ \"Storage\": { \"Provider\": ");

        var (exitCode, text) = await StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal));

        Assert.Equal(1, exitCode);
        Assert.Contains("Buurtbudget cannot start", text, StringComparison.Ordinal);
        Assert.Matches(@"FTL\] Buurtbudget kan niet starten / Buurtbudget cannot start: .*appsettings\.json", text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_that_fails_while_the_platform_starts_says_why_exits_with_1_and_logs_it_on_the_console()
    {
        // Every setting is there (Development), but the PostgreSQL store is at a port nobody listens at: the silo
        // fails to start after the host was built.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, text) = await StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Authentication__Development__Enabled"] = "true",
            ["Authentication__Development__KeyDirectory"] = Path.Combine(_directory.Root, "keys"),
            ["Storage__Provider"] = "Postgres",
            ["Storage__ConnectionString"] = $"Host=127.0.0.1;Port={closedPort};Username=buurtbudget;Password=niet-gebruikt;Database=buurtbudget;Timeout=5",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Buurtbudget cannot start", text, StringComparison.Ordinal);
        Assert.Matches(@"FTL\] Buurtbudget kan niet starten / Buurtbudget cannot start: .*127\.0\.0\.1:" + closedPort, text);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }

    /// <summary>Runs the API as its own process in Production without configuration, plus <paramref name="environment"/>;
    /// its exit code and everything it wrote.</summary>
    private async Task<(int ExitCode, string Text)> StartAsync(Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "Buurtbudget.Api.dll") },
            WorkingDirectory = _directory.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Storage__DataDirectory"] = Path.Combine(_directory.Root, "data-" + Guid.NewGuid().ToString("N")),
                ["BUURTBUDGET_DATA"] = null,
            },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await errors + await output);
    }

    [Fact]
    public async Task A_new_data_directory_and_its_database_are_the_owners_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }

        var data = Path.Combine(_directory.Root, "eigen", "data");
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { ["Storage:DataDirectory"] = data }))
        {
            var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            await app.Resident("bewoner", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            foreach (var file in Directory.GetFiles(data))
            {
                Assert.True(File.GetUnixFileMode(file) == ownerOnly, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}.");
            }

            Assert.Contains(Directory.GetFiles(data), file => file.EndsWith("buurtbudget.db-wal", StringComparison.Ordinal));
        }
    }
}
