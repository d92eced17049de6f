using System.Net;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Participants;

/// <summary>Issue 17's privacy test: after a round that used the register CLI, letter codes, platform codes and sign-in,
/// neither the database nor the logs hold a code in the clear, a BSN or a name. The municipality's list (BSNs as the
/// broker's subjects, names and addresses as the printer's references) never leaves the municipality.</summary>
public sealed class OnePersonPrivacyTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_database_and_the_logs_hold_no_code_in_the_clear_no_bsn_and_no_name()
    {
        // Subjects as a DigiD broker may send them (a BSN), references as a municipality may key its letters (name and
        // address): the most identifying values there are, so that any leak shows.
        string[] bsns = ["999990019", "999990020", "999990032"];
        string[] names = ["Anna-de-Vries-Schiedamseweg-12", "Bram-Bakker-Nieuwe-Binnenweg-7"];
        var logFile = Path.Combine(_directory.Root, "all.json");
        var secrets = new List<string>(bsns.Concat(names));
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            var round = await OnePersonOneBallotApiTests.InReviewAsync(app);
            var letters = await OnePersonOneBallotApiTests.ImportRegisterAsync(app, _directory, round, $"{bsns[0]},{names[0]}\n{bsns[1]},{names[1]}\n{bsns[2]}\n");
            var coordinator = app.Coordinator(Http.Delfshaven);
            var batch = await (await coordinator.Post($"/api/rounds/{round}/voting-codes", new { count = 2 })).Json(HttpStatusCode.OK);
            var platformCodes = batch["codes"]!.AsArray().Select(c => (string)c!).ToList();
            await RoundScenario.MoveAsync(coordinator, round, "voting");

            var anonymous = app.Anonymous();
            await (await app.Resident(bsns[0], Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
            await (await app.Resident(bsns[2], Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(2))).Json(HttpStatusCode.OK);
            foreach (var code in letters.Values.Concat(platformCodes))
            {
                await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code, choices = new[] { new { proposalId = 2 } } })).Json(HttpStatusCode.OK);
                await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code })).Json(HttpStatusCode.OK);
            }

            await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code = "ZZZZ-ZZZZ-ZZZZ-ZZZZ", choices = Array.Empty<object>() })).Json(HttpStatusCode.UnprocessableEntity);
            // Five people: Anna by sign-in and letter (once), Bram by letter, the third by sign-in, two platform codes.
            Assert.Equal(5, (int)(await app.Auditor().GetAsync($"/api/rounds/{round}/tally").Ok())["turnout"]!);
            await RoundScenario.MoveAsync(coordinator, round, "tallied");
            secrets.AddRange(letters.Values.Concat(platformCodes).Append("ZZZZ-ZZZZ-ZZZZ-ZZZZ"));
        }

        // Every file the platform wrote: the SQLite database with its WAL, and the log.
        var stored = Directory.GetFiles(_directory.Data, "*", SearchOption.AllDirectories).Append(logFile).ToList();
        Assert.Contains(stored, path => path.EndsWith(".db", StringComparison.Ordinal) || path.Contains("sqlite", StringComparison.OrdinalIgnoreCase));
        Assert.True(new FileInfo(logFile).Length > 10_000, "The log should hold the run's requests, or this test proves nothing.");
        foreach (var path in stored)
        {
            // Latin-1 keeps every byte a character, so a value stored as UTF-8 text anywhere in the file is found.
            var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path));
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(path)} holds '{secret}'.");
                var bare = secret.Replace("-", "", StringComparison.Ordinal);
                Assert.False(text.Contains(bare, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(path)} holds '{bare}'.");
            }
        }
    }
}
