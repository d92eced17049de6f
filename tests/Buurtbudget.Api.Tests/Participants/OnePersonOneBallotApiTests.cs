extern alias cli;

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using CommandLine = cli::Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Api.Tests.Participants;

/// <summary>Issue 17 through the API: a register made at the municipality with <c>buurtbudget register-hash --letters</c>
/// binds each person's letter code to their sign-in key, so that a resident who votes by code and after signing in has
/// one ballot, is told which one counts, and is counted once in the tally, the board and the verified export.</summary>
public sealed class OnePersonOneBallotApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_person_who_votes_by_letter_code_and_after_signing_in_has_one_ballot_that_counts()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InReviewAsync(app);
        var letters = await ImportRegisterAsync(app, _directory, round, "anna,A-1\nbram,B-2\ncees\n");
        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "voting");
        var anna = app.Resident("anna", Http.Delfshaven);
        var anonymous = app.Anonymous();

        var signedIn = await (await anna.Put($"/api/rounds/{round}/ballot", Http.Ballot(1))).Json(HttpStatusCode.OK);
        Assert.Equal(("sign-in", null), ((string?)signedIn["channel"], (string?)signedIn["replacedChannel"]));

        var byCode = await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code = letters["A-1"], choices = new[] { new { proposalId = 2 } } })).Json(HttpStatusCode.OK);
        Assert.Equal((2, "letter-code", "sign-in"), ((int)byCode["revision"]!, (string?)byCode["channel"], (string?)byCode["replacedChannel"]));

        // Signed in again, Anna sees the ballot she cast with her letter: that is the one that counts now.
        var readBack = await anna.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal([2], readBack["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!));
        Assert.Equal("letter-code", (string?)readBack["channel"]);
        var again = await (await anna.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2))).Json(HttpStatusCode.OK);
        Assert.Equal((3, "letter-code"), ((int)again["revision"]!, (string?)again["replacedChannel"]));

        // The code alone finds the round and shows the person's ballot, whichever way it came.
        var paper = await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code = letters["A-1"] })).Json(HttpStatusCode.OK);
        Assert.Equal(round, (string?)paper["round"]!["id"]);
        Assert.Equal("sign-in", (string?)paper["ballot"]!["channel"]);

        await (await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code = letters["B-2"], choices = new[] { new { proposalId = 1 } } })).Json(HttpStatusCode.OK);
        Assert.Equal(2, (int)(await app.Auditor().GetAsync($"/api/rounds/{round}/voter-register").Ok())["letterCodes"]!);

        var tally = await app.Auditor().GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(2, (int)tally["turnout"]!);
        Assert.Equal(
            [("sign-in", 1L, 1L), ("letter-code", 1L, 1L)],
            tally["channels"]!.AsArray().Select(c => ((string)c!["channel"]!, (long)c["counted"]!, (long)c["replacedByOtherChannel"]!)));

        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        var board = await anonymous.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        Assert.Equal((4, 2), ((int)board["entries"]!, (int)board["counted"]!));
        Assert.Equal(2, board["channels"]!.AsArray().Count);
        var results = await anonymous.GetAsync($"/api/rounds/{round}/results").Ok();
        Assert.Equal(2, (int)results["turnout"]!);
        Assert.Equal(1, (int)results["channels"]![1]!["counted"]!);

        // The city-wide open data says the same per channel, without naming anyone.
        var roundsCsv = (await anonymous.GetStringAsync("/api/open-data/city/rounds.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var columns = roundsCsv[0].Split(',');
        var row = roundsCsv.Single(line => line.Contains(round, StringComparison.Ordinal)).Split(',');
        string Cell(string column) => row[Array.IndexOf(columns, column)];
        Assert.Equal(("1", "1", "0"), (Cell("ballots_sign_in"), Cell("ballots_letter_code"), Cell("ballots_paper")));
        Assert.Equal(("1", "1", "0"), (Cell("replaced_by_other_channel_sign_in"), Cell("replaced_by_other_channel_letter_code"), Cell("replaced_by_other_channel_paper")));

        var export = Path.Combine(_directory.Root, "export.json");
        await File.WriteAllBytesAsync(export, await app.Auditor().GetByteArrayAsync($"/api/rounds/{round}/export"));
        var (code, output, error) = await RunAsync("verify", export);
        Assert.True(code == 0, output + error);
        Assert.Contains("Ballots: 2 persons counted once each (sign-in: 1 counted, 1 replaced by a later ballot through another channel; letter code: 1 counted, 1 replaced", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_letter_code_bound_to_two_persons_is_refused_with_problem_details()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InReviewAsync(app);
        var coordinator = app.Coordinator(Http.Delfshaven);
        string Hash(char c) => new(c, 43);

        var twice = await (await coordinator.Put($"/api/rounds/{round}/voter-register", new
        {
            entries = new[] { new { person = Hash('a'), code = Hash('c'), codeIndex = Hash('i') }, new { person = Hash('b'), code = Hash('c'), codeIndex = Hash('i') } },
        })).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-bound-twice");
        Assert.Contains("twee verschillende personen", (string?)twice["detail"], StringComparison.Ordinal);
        Assert.Equal(Hash('c'), (string?)twice["arguments"]!["code"]);

        var english = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}/voter-register")
        {
            Content = JsonContent(new { entries = new[] { new { person = Hash('a'), code = Hash('a'), codeIndex = Hash('i') } } }),
        };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var swapped = await (await coordinator.SendAsync(english)).Problem(HttpStatusCode.UnprocessableEntity, "invalid-code-binding");
        Assert.Contains("columns were probably swapped", (string?)swapped["detail"], StringComparison.Ordinal);

        var malformed = await (await coordinator.Put($"/api/rounds/{round}/voter-register", new
        {
            entries = new object[] { new { person = Hash('a') }, new { person = Hash('b'), code = "1234", codeIndex = Hash('i') } },
        })).Problem(HttpStatusCode.BadRequest, "invalid-value");
        Assert.Contains("entries[1].code", malformed.ToJsonString(), StringComparison.Ordinal);
        await (await coordinator.Put($"/api/rounds/{round}/voter-register", new { voters = new[] { Hash('a') }, entries = new[] { new { person = Hash('a') } } }))
            .Problem(HttpStatusCode.BadRequest, "invalid-value");

        // None of the refused uploads changed the register.
        Assert.Equal(0, (int)(await coordinator.GetAsync($"/api/rounds/{round}/voter-register").Ok())["count"]!);
    }

    [Fact]
    public async Task Only_the_wijks_staff_bind_letter_codes_and_a_refused_upload_indexes_no_code()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await InReviewAsync(app);
        var (upload, letters) = await RegisterHashAsync(_directory, round, "anna,A-1\n");

        await (await app.Resident("anna", Http.Delfshaven).Put($"/api/rounds/{round}/voter-register", JsonNode.Parse(upload)!)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Coordinator(Http.Noord).Put($"/api/rounds/{round}/voter-register", JsonNode.Parse(upload)!)).Problem(HttpStatusCode.Forbidden, "not-your-district");

        await (await app.Anonymous().Post("/api/voting-codes/ballot-paper", new { code = letters["A-1"] })).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
    }

    /// <summary>A round in review with two feasible proposals, by a resident of Delfshaven.</summary>
    internal static async Task<string> InReviewAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        var coordinator = app.Coordinator(Http.Delfshaven);
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        var author = app.Resident("indiener", Http.Delfshaven);
        await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal("Bankjes bij de speeltuin", 400_000))).Json(HttpStatusCode.Created);
        await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal("Lantaarns in het park", 300_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        await (await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents = 400_000 })).Json(HttpStatusCode.OK);
        await (await coordinator.Post($"/api/rounds/{round}/proposals/2/review", new { decision = "feasible", approvedCostCents = 300_000 })).Json(HttpStatusCode.OK);
        return round;
    }

    /// <summary>What the municipality does: <c>buurtbudget register-hash --letters</c> over its list, with the platform's
    /// key file; the upload goes to the platform, the letters (reference to code) to the printer.</summary>
    internal static async Task<(string Upload, Dictionary<string, string> Letters)> RegisterHashAsync(TestDirectory directory, string round, string lines)
    {
        // The platform's key, as its operator hands it to the municipality (Privacy:ParticipantHashKey, or this file).
        var keyFile = Directory.GetFiles(directory.Data, "participant-hash-key", SearchOption.AllDirectories).Single();
        var input = Path.Combine(directory.Root, $"register-{Guid.NewGuid():N}.csv");
        var lettersFile = Path.Combine(directory.Root, $"letters-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(input, lines);
        var (code, output, error) = await RunAsync(
            "register-hash", "--issuer", Identity.Development.DevelopmentTokenIssuer.Issuer, "--key-file", keyFile, "--subjects", input, "--round", round, "--letters", lettersFile);
        Assert.True(code == 0, error);
        var letters = (await File.ReadAllLinesAsync(lettersFile)).Skip(1).Select(line => line.Split(',')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        File.Delete(input);
        File.Delete(lettersFile);
        return (output, letters);
    }

    internal static async Task<Dictionary<string, string>> ImportRegisterAsync(BuurtbudgetApp app, TestDirectory directory, string round, string lines)
    {
        var (upload, letters) = await RegisterHashAsync(directory, round, lines);
        await (await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/voter-register", JsonNode.Parse(upload)!)).Json(HttpStatusCode.OK);
        return letters;
    }

    private static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    internal static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
