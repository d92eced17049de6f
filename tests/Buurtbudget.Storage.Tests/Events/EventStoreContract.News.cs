using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.News;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>News by e-mail (subscriptions, the mail queue and the feed's cursors), kept by every store beside its events.</summary>
public abstract partial class EventStoreContract
{
    private static readonly DistrictCode NewsWijk = DistrictCode.Parse("WK059903");

    private static INewsStore News(IEventStore store) => Assert.IsAssignableFrom<INewsStore>(store);

    private static NewsSubscription Candidate(string id, string addressKey, ParticipantKey? participant = null) =>
        new(id, NewsWijk, addressKey, new byte[] { 1, 2, 3, (byte)id[0] }, "nl", participant, Start, ConfirmedAt: null);

    private static string Id(char c) => new(c, 32);

    [Fact]
    public async Task A_second_subscription_of_the_same_address_finds_the_first_and_withdrawal_deletes_it_with_its_mail()
    {
        var news = News(OpenStore());
        var first = await news.SubscribeAsync(Candidate(Id('a'), "key-1"), s => new NewNewsMessage(s.Id, "confirm:" + s.Id + ":1", "confirm", "{}", Start));
        var again = await news.SubscribeAsync(Candidate(Id('b'), "key-1", new ParticipantKey("resident-key")), s => new NewNewsMessage(s.Id, "confirm:" + s.Id + ":1", "confirm", "{}", Start));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(new ParticipantKey("resident-key"), again.Participant);
        Assert.Equal(Start, again.ConfirmationRequestedAt);
        Assert.Equal(1, await news.CountQueuedAsync());
        Assert.Single(await news.ListOfParticipantAsync(new ParticipantKey("resident-key")));
        Assert.Empty(await news.ListConfirmedAsync(NewsWijk));

        Assert.True(await news.ConfirmAsync(first.Id, Start.AddMinutes(1)));
        Assert.True(await news.ConfirmAsync(first.Id, Start.AddMinutes(2)));
        var reopened = News(OpenStore());
        Assert.Equal(Start.AddMinutes(1), (await reopened.FindSubscriptionAsync(first.Id))!.ConfirmedAt);
        Assert.Single(await reopened.ListConfirmedAsync(NewsWijk, new ParticipantKey("resident-key")));
        Assert.Empty(await reopened.ListConfirmedAsync(NewsWijk, new ParticipantKey("someone-else")));

        Assert.True(await reopened.WithdrawAsync(first.Id));
        Assert.False(await reopened.WithdrawAsync(first.Id));
        Assert.Null(await reopened.FindSubscriptionAsync(first.Id));
        Assert.Equal(0, await reopened.CountQueuedAsync());
        Assert.False(await reopened.ConfirmAsync(first.Id, Start));
    }

    [Fact]
    public async Task Two_nodes_never_claim_the_same_message_and_a_lease_that_ran_out_is_claimed_again()
    {
        var (one, two) = (News(OpenStore()), News(OpenStore()));
        var subscription = await one.SubscribeAsync(Candidate(Id('c'), "key-2"), _ => null);
        await one.ConfirmAsync(subscription.Id, Start);
        await one.AdvanceAsync(new NewsFeedStep(RoundId.New(), 3, [.. Enumerable.Range(1, 30).Select(i => new NewNewsMessage(subscription.Id, $"n:{i}", "voting-opened", "{}", Start))], [], []));
        // The same messages again (a second node read the same events): still 30.
        await two.AdvanceAsync(new NewsFeedStep(RoundId.New(), 3, [.. Enumerable.Range(1, 30).Select(i => new NewNewsMessage(subscription.Id, $"n:{i}", "voting-opened", "{}", Start))], [], []));
        Assert.Equal(30, await one.CountQueuedAsync());

        var lease = TimeSpan.FromMinutes(2);
        var claims = await Task.WhenAll(
            one.ClaimAsync("node-1", Start, lease, 20, "confirm"),
            two.ClaimAsync("node-2", Start, lease, 20, "confirm"));
        var ids = claims.SelectMany(c => c).Select(m => m.Id).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
        Assert.Empty(await one.ClaimAsync("node-1", Start.AddMinutes(1), lease, 20, "confirm"));

        // Node 2 died: its messages are claimed again once its lease ran out; node 1's, sent, are gone.
        foreach (var message in claims[0])
        {
            await one.CompleteAsync(message.Id, "node-1");
        }

        await one.CompleteAsync(claims[1][0].Id, "node-1");
        var retaken = await one.ClaimAsync("node-1", Start.Add(lease), lease, 50, "confirm");
        Assert.Equal(claims[1].Select(m => m.Id).Order(), retaken.Select(m => m.Id).Order());

        await one.RetryAsync(retaken[0].Id, "node-1", Start.AddHours(1));
        // An hour on, the retried message is due again, one attempt more; the rest of node 2's claim, whose lease ran out,
        // with it (how the thirty were split between the two nodes is up to the race between their claims).
        var later = await two.ClaimAsync("node-2", Start.AddHours(1), lease, 50, "confirm");
        Assert.Equal(claims[1].Count, later.Count);
        var again = Assert.Single(later, m => m.Id == retaken[0].Id);
        Assert.Equal(1, again.Attempts);
        Assert.Equal(subscription.Id, again.Subscription.Id);
    }

    [Fact]
    public async Task Only_a_confirmation_is_claimed_for_an_unconfirmed_subscription_and_unconfirmed_ones_expire()
    {
        var news = News(OpenStore());
        var subscription = await news.SubscribeAsync(Candidate(Id('d'), "key-3"), s => new NewNewsMessage(s.Id, "confirm:x", "confirm", "{}", Start));
        await news.AdvanceAsync(new NewsFeedStep(RoundId.New(), 1, [new NewNewsMessage(subscription.Id, "news:x", "voting-opened", "{}", Start)], [], []));

        var claimed = Assert.Single(await news.ClaimAsync("node", Start, TimeSpan.FromMinutes(1), 10, "confirm"));
        Assert.Equal("confirm", claimed.Kind);

        Assert.Equal(0, await news.DeleteUnconfirmedAsync(Start));
        Assert.Equal(1, await news.DeleteUnconfirmedAsync(Start.AddDays(7)));
        Assert.Equal(0, await news.CountQueuedAsync());
    }

    [Fact]
    public async Task The_feed_finds_a_round_by_its_logs_head_and_its_cursor_never_moves_back()
    {
        var store = OpenStore();
        var news = News(store);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(2), new StoredRoundSummary(round, 2, NewsWijk, RoundPhase.Draft, Start, false, "{}"));
        // Events that leave the summary as it was: the log's head moves on, the summary's sequence does not.
        await store.AppendAsync(round, 2, Events(3, "more"));

        Assert.Equal((round, 0L), Assert.Single(await news.ListUnreadRoundsAsync()));
        await news.AdvanceAsync(new NewsFeedStep(round, 4, [], [new ScheduledNews(round, "voting-closes-soon", NewsWijk, Start.AddDays(3), "{}")], []));
        Assert.Equal((round, 4L), Assert.Single(await news.ListUnreadRoundsAsync()));
        await news.AdvanceAsync(new NewsFeedStep(round, 5, [], [], []));
        await news.AdvanceAsync(new NewsFeedStep(round, 3, [], [], ["voting-closes-soon"]));
        Assert.Empty(await news.ListUnreadRoundsAsync());

        Assert.Empty(await news.ListDueScheduleAsync(Start.AddDays(4)));
    }

    [Fact]
    public async Task Scheduled_news_falls_due_once()
    {
        var news = News(OpenStore());
        var round = RoundId.New();
        var due = new ScheduledNews(round, "voting-closes-soon", NewsWijk, Start.AddDays(1), "{\"district\":\"WK059903\"}");
        await news.AdvanceAsync(new NewsFeedStep(round, 1, [], [due], []));

        Assert.Empty(await news.ListDueScheduleAsync(Start));
        var found = Assert.Single(await news.ListDueScheduleAsync(Start.AddDays(1)));
        Assert.Equal(due, found);
        await news.CompleteScheduleAsync(found, []);
        Assert.Empty(await news.ListDueScheduleAsync(Start.AddDays(2)));
    }
}
