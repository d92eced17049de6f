using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Api.Tests.VotingCodes;

/// <summary>A voting code alone finds its round (POST /api/voting-codes/ballot-paper): the home page's code form needs no
/// round in its address. The round is found through an index of keyed hashes written when the codes are issued, not by
/// asking every round.</summary>
public sealed class CodeAloneTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<List<string>> IssueAsync(HttpClient coordinator, string round, int count)
    {
        var batch = await (await coordinator.Post($"/api/rounds/{round}/voting-codes", new { count })).Json(HttpStatusCode.OK);
        return [.. batch["codes"]!.AsArray().Select(c => (string)c!)];
    }

    [Fact]
    public async Task A_code_alone_finds_its_round_among_others_and_votes_there()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var first = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var second = await RoundScenario.InVotingAsync(app, 2_000_000, [500_000, 600_000], district: Http.Noord);
        await IssueAsync(app.Coordinator(Http.Delfshaven), first, 3);
        var code = (await IssueAsync(app.Coordinator(Http.Noord), second, 3))[1];
        var anonymous = app.Anonymous();

        // As typed from a letter: lower case, without dashes.
        var paper = await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code = code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() })).Json(HttpStatusCode.OK);

        Assert.Equal(second, (string?)paper["round"]!["id"]);
        Assert.Equal([1, 2], paper["options"]!.AsArray().Select(o => (int)o!["id"]!));
        Assert.Null(paper["ballot"]);
        var cast = await (await anonymous.Put($"/api/rounds/{second}/ballot/by-code", new { code, choices = new[] { new { proposalId = 2 } } })).Json(HttpStatusCode.OK);
        paper = await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code })).Json(HttpStatusCode.OK);
        Assert.Equal((string?)cast["receipt"], (string?)paper["ballot"]!["receipt"]);
    }

    [Fact]
    public async Task An_unknown_code_is_refused_with_a_problem_that_says_what_to_check()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        await IssueAsync(app.Coordinator(Http.Delfshaven), round, 2);
        var anonymous = app.Anonymous();

        var unknown = await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code = "KX7F-9QPM-3TRW-H4NC" })).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
        Assert.Contains("Controleer de code in uw brief", (string?)unknown["detail"], StringComparison.Ordinal);

        // What cannot be a code gets the same answer, so the answer tells a guesser nothing about the format's checks.
        await (await anonymous.Post("/api/voting-codes/ballot-paper", new { code = "geen code" })).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
        await (await anonymous.Post("/api/voting-codes/ballot-paper", new { })).Problem(HttpStatusCode.BadRequest, "missing-field");

        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/voting-codes/ballot-paper") { Content = JsonContent.Create(new { code = "KX7F-9QPM-3TRW-H4NC" }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = await (await anonymous.SendAsync(english)).Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
        Assert.Contains("Check the code in your letter", (string?)inEnglish["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_holds_one_keyed_hash_per_code_never_the_code_nor_the_rounds_own_key()
    {
        string round;
        List<string> codes;
        await using (var app = new BuurtbudgetApp(_directory))
        {
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            codes = await IssueAsync(app.Coordinator(Http.Delfshaven), round, 5);
        }

        var keys = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Data, SqliteEventStore.DatabaseFileName)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT code_key, round_id FROM voting_code_index;";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.Equal(round, reader.GetString(1));
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(5, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.DoesNotContain(keys, key => key.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));

        // The round's own keys of the codes (in its events) are other hashes: the index joins no ballot to a code.
        await using var reopened = new BuurtbudgetApp(_directory);
        var log = await (await reopened.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000")).Content.ReadAsStringAsync();
        Assert.All(keys, key => Assert.DoesNotContain(key, log, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Code_alone_attempts_share_the_per_address_limit_of_every_code_entry()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var guesser = BuurtbudgetApp.From(app.Anonymous(), "198.51.100.17");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await (await guesser.PostAsJsonAsync("/api/voting-codes/ballot-paper", new { code = $"KX7F-9QPM-3TRW-H4N{"23456789AB"[attempt - 1]}" }))
                .Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
            await (await guesser.PostAsJsonAsync($"/api/rounds/{round}/ballot/by-code/ballot-paper", new { code = $"KX7F-9QPM-3TRW-J4N{"23456789AB"[attempt - 1]}" }))
                .Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        }

        var eleventh = await guesser.PostAsJsonAsync("/api/voting-codes/ballot-paper", new { code = "KX7F-9QPM-3TRW-H4NC" });
        await eleventh.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(eleventh.Headers.RetryAfter);

        // Another address still gets its answer.
        await (await BuurtbudgetApp.From(app.Anonymous(), "198.51.100.18").PostAsJsonAsync("/api/voting-codes/ballot-paper", new { code = "KX7F-9QPM-3TRW-H4NC" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "voting-code-not-found");
    }
}
