using System.Net;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Tests.PaperBallots;

/// <summary>A voting evening's pile typed twice through the API: two coordinators of the wijk, a third look at the
/// differences, and the batch counted.</summary>
public sealed class PaperBallotsApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static object Paper(string code, params int[] proposals) => new { code, choices = proposals.Select(id => new { proposalId = id }).ToArray() };

    private static HttpClient Anna(BuurtbudgetApp app) => app.As(Role.Coordinator, "coordinator-anna", Http.Delfshaven);

    private static HttpClient Bram(BuurtbudgetApp app) => app.As(Role.Coordinator, "coordinator-bram", Http.Delfshaven);

    /// <summary>A round in voting (three proposals) with <paramref name="count"/> codes issued, and batch 1 opened.</summary>
    private static async Task<(string Round, List<string> Codes)> EveningAsync(BuurtbudgetApp app, int count = 4)
    {
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [300_000, 200_000, 400_000]);
        var issued = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count })).Json(HttpStatusCode.OK);
        var codes = issued["codes"]!.AsArray().Select(c => (string)c!).ToList();
        var batch = await (await Anna(app).Post($"/api/rounds/{round}/paper-batches", new { label = "Buurthuis De Esch, 12 maart, stapel 1" })).Json(HttpStatusCode.Created);
        Assert.Equal(1, (int?)batch["number"]);
        Assert.Equal("entering", (string?)batch["status"]);
        return (round, codes);
    }

    private static async Task TypeAsync(HttpClient typist, string round, int pass, IReadOnlyList<object> pile)
    {
        for (var position = 1; position <= pile.Count; position++)
        {
            var entry = await typist.Put($"/api/rounds/{round}/paper-batches/1/entries/{pass}/{position}", pile[position - 1]).Ok();
            Assert.Equal(position + 1, (int?)entry["next"]);
        }

        await typist.Post($"/api/rounds/{round}/paper-batches/1/entries/{pass}/finish", new { }).Ok();
    }

    [Fact]
    public async Task Two_coordinators_enter_a_batch_one_difference_is_settled_and_the_paper_replaces_a_code_ballot()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, codes) = await EveningAsync(app);
        // Code 0 voted online before the evening; on paper it chooses otherwise.
        await app.Anonymous().Put($"/api/rounds/{round}/ballot/by-code", new { code = codes[0], choices = new[] { new { proposalId = 3 } } }).Ok();

        await TypeAsync(Anna(app), round, 1, [Paper(codes[0], 1, 2), Paper(codes[1], 3), new { spoiled = true }]);
        var halfway = await Bram(app).GetAsync($"/api/rounds/{round}/paper-batches/1").Ok();
        Assert.Null(halfway["disagreements"]);
        // Code 1 typed with lower case and without dashes is the same code; the second typist misread its cross.
        await TypeAsync(Bram(app), round, 2, [Paper(codes[0], 1, 2), Paper(codes[1].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), 2), new { spoiled = true }]);

        var differences = (await app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/paper-batches/1/disagreements").Ok()).AsArray();
        var difference = Assert.Single(differences)!;
        Assert.Equal(2, (int?)difference["position"]);
        Assert.True((bool?)difference["sameCode"]);
        Assert.Equal(3, (int?)difference["first"]!["choices"]![0]!["proposalId"]);
        await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/paper-batches/1/commit", new { })).Problem(HttpStatusCode.Conflict, "paper-disagreements-open");

        await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/paper-batches/1/disagreements/2/resolution", new { keep = "first" }).Ok();
        var committed = await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/paper-batches/1/commit", new { }).Ok();

        Assert.Equal("committed", (string?)committed["status"]);
        var totals = committed["totals"]!;
        Assert.Equal((3, 2, 1, 2, 1, 1, "paper"), ((int)totals["entered"]!, (int)totals["agreed"]!, (int)totals["resolved"]!, (int)totals["counted"]!, (int)totals["setAside"]!, (int)totals["replaced"]!, (string)totals["channel"]!));
        var paperBallot = await app.Anonymous().Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code = codes[0] }).Ok();
        Assert.Equal([1, 2], paperBallot["choices"]!.AsArray().Select(c => (int)c!["proposalId"]!));
        Assert.Equal(2, (int?)paperBallot["revision"]);
        var tally = await app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally").Ok();
        Assert.Equal(2, (long?)tally["turnout"]);

        // The batch's totals are what its ballot events did: one replaced, one cast, after the committed batch.
        var log = (await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok())["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        var at = log.IndexOf("paper-batch-committed");
        Assert.Equal(["paper-batch-committed", "ballot-replaced", "ballot-cast"], log.Skip(at));
        Assert.Equal(6, log.Count(type => type == "paper-ballot-entered"));
    }

    [Fact]
    public async Task The_same_coordinator_is_refused_the_second_entry_in_dutch_and_english()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, codes) = await EveningAsync(app);
        await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/1", Paper(codes[0], 1)).Ok();

        var dutch = await (await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/2/1", Paper(codes[0], 1))).Problem(HttpStatusCode.Forbidden, "paper-entry-same-coordinator");
        var english = Anna(app);
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var inEnglish = await (await english.Put($"/api/rounds/{round}/paper-batches/1/entries/2/1", Paper(codes[0], 1))).Problem(HttpStatusCode.Forbidden, "paper-entry-same-coordinator");

        Assert.Contains("tweede coördinator", (string?)dutch["detail"], StringComparison.Ordinal);
        Assert.Contains("second coordinator", (string?)inEnglish["detail"], StringComparison.Ordinal);
        var batch = await Anna(app).GetAsync($"/api/rounds/{round}/paper-batches/1").Ok();
        Assert.False((bool)batch["second"]!["started"]!);
    }

    [Fact]
    public async Task A_code_not_issued_for_the_round_is_refused_for_that_ballot_and_nothing_is_stored()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, _) = await EveningAsync(app);
        var before = await RoundScenario.EventCountAsync(app, round);

        var problem = await (await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/1", Paper("KX7F-9QPM-3TRW-H4NC", 1)))
            .Problem(HttpStatusCode.UnprocessableEntity, "paper-ballot-code-not-issued");
        await (await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/1", Paper("geen code", 1)))
            .Problem(HttpStatusCode.UnprocessableEntity, "paper-ballot-code-not-issued");

        Assert.Contains("stembiljet 1", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await RoundScenario.EventCountAsync(app, round));
    }

    [Fact]
    public async Task Neither_typist_sees_the_other_entry_and_auditors_read_but_do_not_type()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, codes) = await EveningAsync(app);
        await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/1", Paper(codes[0], 1)).Ok();

        var mine = await Anna(app).GetAsync($"/api/rounds/{round}/paper-batches/1/entries/1").Ok();
        Assert.Single(mine["ballots"]!.AsArray());
        await (await Bram(app).GetAsync($"/api/rounds/{round}/paper-batches/1/entries/1")).Problem(HttpStatusCode.Forbidden, "paper-entry-not-yours");
        await (await Bram(app).GetAsync($"/api/rounds/{round}/paper-batches/1/disagreements")).Problem(HttpStatusCode.Conflict, "paper-entries-unfinished");

        var seen = (await app.Auditor().GetAsync($"/api/rounds/{round}/paper-batches").Ok()).AsArray();
        Assert.Equal(1, (int?)Assert.Single(seen)!["first"]!["count"]);
        await (await app.Auditor().Put($"/api/rounds/{round}/paper-batches/1/entries/2/1", Paper(codes[0], 1))).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task What_was_typed_survives_a_restart_and_the_typist_goes_on_where_they_left_off()
    {
        string round;
        List<string> codes;
        await using (var app = new BuurtbudgetApp(_directory))
        {
            (round, codes) = await EveningAsync(app);
            await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/1", Paper(codes[0], 1)).Ok();
            await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/2", new { spoiled = true }).Ok();
        }

        await using (var restarted = new BuurtbudgetApp(_directory))
        {
            var mine = await Anna(restarted).GetAsync($"/api/rounds/{round}/paper-batches/1/entries/1").Ok();
            var ballots = mine["ballots"]!.AsArray();
            Assert.Equal(2, ballots.Count);
            Assert.True((bool)ballots[1]!["ballot"]!["spoiled"]!);
            var next = await Anna(restarted).Put($"/api/rounds/{round}/paper-batches/1/entries/1/3", Paper(codes[1], 2)).Ok();
            Assert.Equal(4, (int?)next["next"]);
        }
    }

    [Fact]
    public async Task No_code_typed_from_paper_is_in_the_database_or_the_log()
    {
        var logFile = Path.Combine(_directory.Root, "paper.json");
        List<string> codes;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        }))
        {
            (var round, codes) = await EveningAsync(app);
            object[] pile = [Paper(codes[0], 1), Paper(codes[1], 2), Paper(codes[2])];
            await TypeAsync(Anna(app), round, 1, pile);
            await TypeAsync(Bram(app), round, 2, pile);
            await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/paper-batches/1/commit", new { }).Ok();
            await (await Anna(app).Put($"/api/rounds/{round}/paper-batches/1/entries/1/4", Paper("ZZZZ-ZZZZ-ZZZZ-ZZZZ", 1))).Json(HttpStatusCode.Conflict);
        }

        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("paper-batches", log, StringComparison.Ordinal);
        var files = Directory.EnumerateFiles(_directory.Data, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var asText = Encoding.UTF8.GetString(bytes);
            var asUtf16 = Encoding.Unicode.GetString(bytes);
            foreach (var code in codes.Append("ZZZZ-ZZZZ-ZZZZ-ZZZZ"))
            {
                foreach (var form in new[] { code, code.Replace("-", "", StringComparison.Ordinal) })
                {
                    Assert.DoesNotContain(form, asText, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(form, asUtf16, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(form, log, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}
