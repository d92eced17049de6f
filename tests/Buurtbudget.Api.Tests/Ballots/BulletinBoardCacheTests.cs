using System.Net;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Tests.Ballots;

/// <summary>Anyone may read a closed round's bulletin board without an account, and building it reads, checks and
/// decodes the round's whole log: it is built once per round and log head, shared by the requests that wait for it,
/// and only a few rounds' boards are kept.</summary>
public sealed class BulletinBoardCacheTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly ObservedReads _reads = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reads_of_a_closed_rounds_board_read_its_log_from_the_store_once()
    {
        await using var app = ObservedApp();
        var round = await TalliedAsync(app, ballots: 3);
        var anyone = app.Anonymous();

        var first = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        var second = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        var receipt = (string)first["page"]![0]!["receipt"]!;
        var entry = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board/{receipt}").Ok();

        Assert.Equal(3, (int)first["entries"]!);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(first["page"]![0]!.ToJsonString(), entry.ToJsonString());
        Assert.Equal(1, _reads.WholeLogReadsOf(round));
    }

    [Fact]
    public async Task An_event_after_the_close_builds_the_board_again_from_the_new_head()
    {
        await using var app = ObservedApp();
        var round = await TalliedAsync(app, ballots: 2);
        var anyone = app.Anonymous();
        var before = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "spending");
        var head = await RoundScenario.EventCountAsync(app, round);
        var after = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        var again = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();

        Assert.Equal(2, _reads.WholeLogReadsOf(round));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal(after.ToJsonString(), again.ToJsonString());

        // The board kept is the one built from the log that ends at the new head, not the one before it.
        var kept = await app.Services.GetRequiredService<BulletinBoardCache>().ReadAsync(RoundId.Parse(round), head, CancellationToken.None);
        Assert.Equal(head, kept.Head.Sequence);
        Assert.Equal(2, _reads.WholeLogReadsOf(round));
    }

    [Fact]
    public async Task A_broken_chain_is_answered_as_broken_and_not_kept()
    {
        await using var app = ObservedApp();
        var round = await TalliedAsync(app, ballots: 2);
        var receipt = ReceiptTests.ReceiptOf((await RoundScenario.BallotEventsAsync(app, round))[0]);
        var anyone = app.Anonymous();
        var putBack = await DatabaseTampering.ChangeFirstBallotForProposalOneUndoablyAsync(_directory);

        await (await anyone.GetAsync($"/api/rounds/{round}/bulletin-board")).Problem(HttpStatusCode.Conflict, "event-log-broken");
        await (await anyone.GetAsync($"/api/rounds/{round}/bulletin-board/{receipt}")).Problem(HttpStatusCode.Conflict, "event-log-broken");
        Assert.Equal(2, _reads.WholeLogReadsOf(round));

        // Were the broken answer kept, the log that holds again would still be answered as broken.
        await putBack();
        var board = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();
        Assert.Equal(2, (int)board["entries"]!);
        Assert.Equal(3, _reads.WholeLogReadsOf(round));
    }

    [Fact]
    public async Task A_store_that_failed_is_answered_as_unavailable_and_not_kept()
    {
        await using var app = ObservedApp();
        var round = await TalliedAsync(app, ballots: 1);
        var anyone = app.Anonymous();

        _reads.FailNextRead();
        await (await anyone.GetAsync($"/api/rounds/{round}/bulletin-board")).Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        var board = await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();

        Assert.Equal(1, (int)board["entries"]!);
        Assert.Equal(2, _reads.WholeLogReadsOf(round));
    }

    [Fact]
    public async Task Requests_that_come_while_the_board_is_built_wait_for_that_one_build()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await TalliedAsync(app, ballots: 3);
        var head = await RoundScenario.EventCountAsync(app, round);
        var boards = new BulletinBoardCache(
            new ObservedEventStore(app.Services.GetRequiredService<IEventStore>(), _reads), Options.Create(new BulletinBoardOptions()));
        var id = RoundId.Parse(round);
        var held = _reads.HoldReads();
        using var leaving = new CancellationTokenSource();

        var first = boards.ReadAsync(id, head, CancellationToken.None);
        var second = boards.ReadAsync(id, head, CancellationToken.None);
        var third = boards.ReadAsync(id, head, leaving.Token);
        Assert.False(first.IsCompleted || second.IsCompleted || third.IsCompleted);

        // A caller who leaves stops waiting; the build goes on for the others.
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        held.SetResult();
        var reads = await Task.WhenAll(first, second);

        Assert.Equal(3, reads[0].Board!.Entries.Length);
        Assert.Same(reads[0].Board, reads[1].Board);
        Assert.Same(reads[0].Board, (await boards.ReadAsync(id, head, CancellationToken.None)).Board);
        Assert.Equal(1, _reads.WholeLogReadsOf(round));
    }

    [Fact]
    public async Task The_board_read_least_recently_is_dropped_first()
    {
        await using var app = ObservedApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["BulletinBoard:CachedRounds"] = "2" });
        var a = await TalliedAsync(app, ballots: 1);
        var b = await TalliedAsync(app, ballots: 1);
        var c = await TalliedAsync(app, ballots: 1);
        var anyone = app.Anonymous();
        async Task ReadAsync(string round) => await anyone.GetAsync($"/api/rounds/{round}/bulletin-board").Ok();

        await ReadAsync(a);
        await ReadAsync(b);
        await ReadAsync(a);
        await ReadAsync(c); // keeps c and a: b was read least recently
        await ReadAsync(a);
        await ReadAsync(b); // keeps b and a: c was read least recently
        await ReadAsync(c);

        Assert.Equal((1, 2, 2), (_reads.WholeLogReadsOf(a), _reads.WholeLogReadsOf(b), _reads.WholeLogReadsOf(c)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task A_bound_outside_its_range_fails_the_start_and_names_the_setting(string value)
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { ["BulletinBoard:CachedRounds"] = value });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("BulletinBoard:CachedRounds", app.StartupErrors, StringComparison.Ordinal);
    }

    /// <summary>The API with its board cache reading through <see cref="_reads"/>; everything else reads the store as
    /// it is.</summary>
    private BuurtbudgetApp ObservedApp(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(_directory, settings: settings, services: services => services.AddSingleton(provider => new BulletinBoardCache(
            new ObservedEventStore(provider.GetRequiredService<IEventStore>(), _reads),
            provider.GetRequiredService<IOptions<BulletinBoardOptions>>())));

    private static async Task<string> TalliedAsync(BuurtbudgetApp app, int ballots)
    {
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        for (var n = 0; n < ballots; n++)
        {
            await app.Resident($"bewoner-{n}", Http.Delfshaven).Put($"/api/rounds/{round}/ballot", Http.Ballot(1 + (n % 2))).Ok();
        }

        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "tallied");
        return round;
    }
}
