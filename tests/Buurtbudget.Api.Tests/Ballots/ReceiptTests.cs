using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage;
using Buurtbudget.Storage.Sqlite;

namespace Buurtbudget.Api.Tests.Ballots;

/// <summary>Every accepted ballot is answered with a receipt: the code of the hash of the event that cast it, as an
/// auditor recomputes it from the exported log.</summary>
public sealed class ReceiptTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_cast_ballot_is_answered_with_the_receipt_of_its_stored_event()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        var resident = app.Resident("bonnetje", Http.Delfshaven);

        var answer = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok();

        var receipt = (string)answer["receipt"]!;
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", receipt);
        Assert.Equal(ReceiptOf(Assert.Single(await RoundScenario.BallotEventsAsync(app, round))), receipt);
        Assert.Equal(receipt, (string)(await resident.GetAsync($"/api/rounds/{round}/ballot").Ok())["receipt"]!);
    }

    [Fact]
    public async Task The_same_ballot_again_is_answered_with_the_same_receipt()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        var resident = app.Resident("herhaler", Http.Delfshaven);
        var first = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)).Ok();

        var again = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2, 1)).Ok();

        Assert.Equal((string)first["receipt"]!, (string)again["receipt"]!);
        Assert.Equal(1, (int)again["revision"]!);
        Assert.Single(await RoundScenario.BallotEventsAsync(app, round));
    }

    [Fact]
    public async Task A_changed_ballot_gets_a_new_receipt()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        var resident = app.Resident("twijfelaar", Http.Delfshaven);
        var first = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();

        var second = await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();

        Assert.NotEqual((string)first["receipt"]!, (string)second["receipt"]!);
        Assert.Equal(
            [(string)first["receipt"]!, (string)second["receipt"]!],
            (await RoundScenario.BallotEventsAsync(app, round)).Select(ReceiptOf));
    }

    [Fact]
    public async Task A_ballot_by_voting_code_is_answered_with_its_receipt()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        var batch = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = 1 })).Json(HttpStatusCode.OK);
        var code = (string)batch["codes"]![0]!;
        var anonymous = app.Anonymous();

        var answer = await anonymous.Put($"/api/rounds/{round}/ballot/by-code", new { code, choices = new[] { new { proposalId = 2 } } }).Ok();

        var receipt = (string)answer["receipt"]!;
        Assert.Equal(ReceiptOf(Assert.Single(await RoundScenario.BallotEventsAsync(app, round))), receipt);
        var readBack = await (await anonymous.Post($"/api/rounds/{round}/ballot/by-code/lookup", new { code })).Json(HttpStatusCode.OK);
        Assert.Equal(receipt, (string)readBack["receipt"]!);
    }

    [Fact]
    public async Task Receipts_survive_a_snapshot_and_a_restart()
    {
        // A snapshot as soon as the round is quiet for a moment, so the restarted round starts from one.
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Actors:SnapshotEvery"] = "1",
            ["Actors:SnapshotWhenQuietFor"] = "00:00:00.050",
        };
        string round, receipt;
        await using (var app = new BuurtbudgetApp(_directory, settings: settings))
        {
            round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
            var resident = app.Resident("blijver", Http.Delfshaven);
            await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
            receipt = (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok())["receipt"]!;
            await app.Resident("buurman", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
            await SnapshotHoldingAsync(round, receipt);
        }

        await using (var restarted = new BuurtbudgetApp(_directory, settings: settings))
        {
            var resident = restarted.Resident("blijver", Http.Delfshaven);
            Assert.Equal(receipt, (string)(await resident.GetAsync($"/api/rounds/{round}/ballot").Ok())["receipt"]!);
            Assert.Equal(receipt, (string)(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok())["receipt"]!);
        }
    }

    /// <summary>Waits until the round's stored snapshot (of the current format) holds the ballot of <paramref name="receipt"/>.</summary>
    private async Task SnapshotHoldingAsync(string round, string receipt)
    {
        var roundId = RoundId.Parse(round);
        await using var store = new SqliteEventStore(DataDirectory.Resolve(_directory.Data), TimeProvider.System);
        var cast = (await store.ReadAsync(roundId)).Single(e => BallotReceipt.FromEventHash(e.Hash.Span).ToString() == receipt);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await store.ReadLatestSnapshotAsync(roundId) is { } snapshot && snapshot.Sequence >= cast.Sequence)
            {
                Assert.Equal(RoundSnapshotCodec.CurrentFormat, (int)JsonNode.Parse(snapshot.State.ToArray())!["format"]!);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Fail($"No snapshot holding event {cast.Sequence} was stored within 10 seconds.");
    }

    /// <summary>The receipt as an auditor computes it from an exported event's hash.</summary>
    internal static string ReceiptOf(JsonNode exportedEvent) =>
        BallotReceipt.FromEventHash(Convert.FromHexString((string)exportedEvent["hash"]!)).ToString();
}
