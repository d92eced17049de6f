extern alias cli;

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Storage.Backups;
using CommandLine = cli::Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Api.Tests.Audit;

/// <summary>The auditors' export: served by the API, fetched by <c>buurtbudget export</c>, checked offline by
/// <c>buurtbudget verify</c>.</summary>
public sealed class RoundExportApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_round_exported_through_the_cli_from_the_running_api_verifies_offline()
    {
        await using var app = new BuurtbudgetApp(_directory);
        app.UseKestrel(0);
        app.StartServer();
        var round = await TalliedRoundAsync(app);
        var auditor = app.Auditor();
        var server = app.ClientOptions.BaseAddress.ToString();

        var (exportCode, exported, exportError) = await RunAsync("export", "--server", server, "--token", auditor.DefaultRequestHeaders.Authorization!.Parameter!, "--round", round);
        var file = Path.Combine(_directory.Root, "round.json");
        await File.WriteAllTextAsync(file, exported);
        var (verifyCode, verified, verifyError) = await RunAsync("verify", file);

        Assert.True(exportCode == 0, exportError);
        Assert.True(verifyCode == 0, verified + verifyError);
        Assert.StartsWith("VALID: round " + round, verified, StringComparison.Ordinal);
        Assert.Contains("Outcome: winners [", verified, StringComparison.Ordinal);

        // The command adds nothing: apart from the moment of export (and so the digest), it is what the API serves.
        var served = await auditor.GetByteArrayAsync($"/api/rounds/{round}/export");
        Assert.Equal(WithoutExportMoment(Encoding.UTF8.GetBytes(exported)), WithoutExportMoment(served));
        Assert.EndsWith("}\n", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_checks_their_receipt_against_the_export_offline()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 300_000]);
        var resident = app.Resident("bewoner-1", Http.Delfshaven);
        var first = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok())["receipt"]!;
        var second = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok())["receipt"]!;
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        var file = Path.Combine(_directory.Root, "round.json");
        await File.WriteAllBytesAsync(file, await app.Auditor().GetByteArrayAsync($"/api/rounds/{round}/export"));

        var counted = await RunAsync("verify", file, "--receipt", second.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal));
        var superseded = await RunAsync("verify", file, "--receipt", first);
        var unknown = await RunAsync("verify", file, "--receipt", "0000-0000-0000-0000");
        var malformed = await RunAsync("verify", file, "--receipt", "not-a-receipt");

        Assert.Equal(0, counted.ExitCode);
        Assert.Contains($"RECEIPT {second}: counted, with the choices proposal 1, proposal 2.", counted.Output, StringComparison.Ordinal);
        Assert.Equal(0, superseded.ExitCode);
        Assert.Contains($"RECEIPT {first}: superseded by {second}", superseded.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NOT on the bulletin board", unknown.Output, StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
    }

    [Fact]
    public async Task A_round_whose_stored_chain_is_broken_is_exported_as_stored_and_fails_verification_at_that_event()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await TalliedRoundAsync(app);

        await DatabaseTampering.ChangeFirstBallotForProposalOneAsync(_directory);

        using var response = await app.Auditor().GetAsync($"/api/rounds/{round}/export");
        var verification = RoundEventsVerifier.Verify(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(verification.IsValid);
        Assert.Contains("HashMismatch", verification.Reason, StringComparison.Ordinal);
        Assert.NotNull(verification.Sequence);
    }

    [Fact]
    public async Task Exporting_a_round_that_does_not_exist_fails_with_the_servers_reason()
    {
        await using var app = new BuurtbudgetApp(_directory);
        app.UseKestrel(0);
        app.StartServer();
        var missing = Guid.NewGuid().ToString();

        var (exitCode, output, error) = await RunAsync(
            "export", "--server", app.ClientOptions.BaseAddress.ToString(), "--token", app.Auditor().DefaultRequestHeaders.Authorization!.Parameter!, "--round", missing);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains("(404)", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporting_without_a_token_is_a_usage_error_that_names_both_ways_to_give_one()
    {
        Assert.Null(Environment.GetEnvironmentVariable("BUURTBUDGET_TOKEN"));

        var (exitCode, output, error) = await RunAsync("export", "--server", "http://127.0.0.1:9", "--round", Guid.NewGuid().ToString());

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("--token", error, StringComparison.Ordinal);
        Assert.Contains("BUURTBUDGET_TOKEN", error, StringComparison.Ordinal);
    }

    /// <summary>A round with ballots, a replaced ballot and a published outcome, run over HTTP.</summary>
    private static async Task<string> TalliedRoundAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [600_000, 500_000, 300_000]);
        int[][] ballots = [[1], [2, 3], [2], [3], [1, 3]];
        for (var i = 0; i < ballots.Length; i++)
        {
            await app.Resident($"bewoner-{i}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(ballots[i])).Ok();
        }

        await app.Resident("bewoner-0", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        await app.Auditor().Post($"/api/rounds/{round}/recount", new { }).Ok();
        return round;
    }

    private static string WithoutExportMoment(byte[] export)
    {
        var document = JsonNode.Parse(export)!.AsObject();
        document.Remove("exportedAt");
        document.Remove("digest");
        return document.ToJsonString();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
