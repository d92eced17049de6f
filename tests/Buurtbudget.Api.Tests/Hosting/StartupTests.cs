using System.Diagnostics;
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
        Assert.Contains("VotingCodes:VotingUrl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory.Root, "nieuw")), "The failed start created the data directory.");
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
