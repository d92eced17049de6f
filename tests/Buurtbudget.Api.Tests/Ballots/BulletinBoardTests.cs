using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Ballots;

/// <summary>After the vote the round publishes every ballot's receipt with its anonymised choices, so that a resident
/// can check that their ballot was counted as cast, and that a replaced one is visibly superseded.</summary>
public sealed class BulletinBoardTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_replaced_ballot_is_superseded_by_the_one_that_counted_with_exactly_its_choices()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000, 400_000]);
        var resident = app.Resident("twijfelaar", Http.Delfshaven);
        var old = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok())["receipt"]!;
        var counted = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2, 3)).Ok())["receipt"]!;
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        var neighbour = app.Resident("buurvrouw", Http.Noord);

        var oldEntry = await neighbour.GetAsync($"/api/rounds/{round}/bulletin-board/{old}").Ok();
        var countedEntry = await neighbour.GetAsync($"/api/rounds/{round}/bulletin-board/{counted}").Ok();

        Assert.Equal("superseded", (string)oldEntry["status"]!);
        Assert.Equal(counted, (string)oldEntry["supersededBy"]!);
        Assert.Equal([(1, 1)], Choices(oldEntry));
        Assert.Equal("counted", (string)countedEntry["status"]!);
        Assert.Null(countedEntry["supersededBy"]);
        Assert.Equal([(2, 1), (3, 1)], Choices(countedEntry));
        var board = await neighbour.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        Assert.Equal(2, (int)board["entries"]!);
        Assert.Equal(1, (int)board["counted"]!);

        // Nothing on the board says who voted or when.
        Assert.DoesNotContain("twijfelaar", board.ToJsonString(), StringComparison.Ordinal);
        Assert.All(board["page"]!.AsArray(), entry => Assert.Equal(["receipt", "status", "supersededBy", "choices"], entry!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task The_bulletin_board_is_refused_while_voting_is_open()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000]);
        var resident = app.Resident("vroeg", Http.Delfshaven);
        var receipt = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok())["receipt"]!;

        await (await resident.GetAsync($"/api/rounds/{round}/bulletin-board")).Problem(HttpStatusCode.Conflict, "wrong-phase");
        await (await app.Auditor().GetAsync($"/api/rounds/{round}/bulletin-board/{receipt}")).Problem(HttpStatusCode.Conflict, "wrong-phase");
    }

    [Fact]
    public async Task Pages_of_the_bulletin_board_cover_every_entry_exactly_once_in_receipt_order()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000, 400_000]);
        var final = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < 13; n++)
        {
            var resident = app.Resident($"bewoner-{n}", Http.Delfshaven);
            final[$"bewoner-{n}"] = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1 + (n % 3))).Ok())["receipt"]!;
            if (n % 4 == 0)
            {
                final[$"bewoner-{n}"] = (string)(await resident.Put($"/api/rounds/{round}/ballot", new { choices = Array.Empty<object>() }).Ok())["receipt"]!;
            }
        }

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        var reader = app.Auditor();

        var entries = new List<JsonNode>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await reader.GetAsync($"/api/rounds/{round}/bulletin-board?limit=4" + (after is null ? "" : $"&after={after}")).Ok();
            Assert.Equal(17, (int)page["entries"]!);
            entries.AddRange(page["page"]!.AsArray().Select(e => e!));
            after = (string?)page["next"];
            pages++;
        }
        while (after is not null);

        var receipts = entries.Select(e => (string)e["receipt"]!).ToList();
        Assert.Equal(5, pages);
        Assert.Equal(receipts.Order(StringComparer.Ordinal), receipts);
        Assert.Equal(receipts.Count, receipts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((await RoundScenario.BallotEventsAsync(app, round)).Select(ReceiptTests.ReceiptOf).Order(StringComparer.Ordinal), receipts);
        Assert.Equal(final.Values.Order(StringComparer.Ordinal), entries.Where(e => (string)e["status"]! == "counted").Select(e => (string)e["receipt"]!));
    }

    [Fact]
    public async Task A_receipt_is_found_as_typed_and_a_malformed_or_unknown_one_is_answered_plainly()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000]);
        var resident = app.Resident("controleur-thuis", Http.Delfshaven);
        var receipt = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok())["receipt"]!;
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");

        var typed = receipt.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        Assert.Equal(receipt, (string)(await resident.GetAsync($"/api/rounds/{round}/bulletin-board/{typed}").Ok())["receipt"]!);

        await (await resident.GetAsync($"/api/rounds/{round}/bulletin-board/0000-0000-0000-0000")).Problem(HttpStatusCode.NotFound, "receipt-not-found");
        await (await resident.GetAsync($"/api/rounds/{round}/bulletin-board/KX7F-9QPM")).Problem(HttpStatusCode.BadRequest, "invalid-receipt");
        await (await resident.GetAsync($"/api/rounds/{round}/bulletin-board?after=nope")).Problem(HttpStatusCode.BadRequest, "invalid-receipt");
        using var english = app.Resident("controleur-thuis", Http.Delfshaven);
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var problem = await (await english.GetAsync($"/api/rounds/{round}/bulletin-board/0000-0000-0000-0000")).Problem(HttpStatusCode.NotFound, "receipt-not-found");
        Assert.Contains("bulletin board", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private static (int Proposal, int Points)[] Choices(JsonNode entry) =>
        [.. entry["choices"]!.AsArray().Select(c => ((int)c!["proposalId"]!, (int)c["points"]!))];
}
