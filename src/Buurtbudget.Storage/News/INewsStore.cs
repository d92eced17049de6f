using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Storage.News;

/// <summary>A resident's wish to hear a wijk's news by e-mail. Personal data: the address exists here only sealed
/// (encrypted by the API, which holds the key), and the row is deleted, not flagged, when it is withdrawn.</summary>
/// <param name="Id">Random, never derived from the address.</param>
/// <param name="AddressKey">A keyed hash of the normalised address: finds a second subscription of the same address
/// to the same wijk without decrypting anything.</param>
/// <param name="SealedAddress">The address, encrypted; only the API can open it.</param>
/// <param name="Language">"nl" or "en": the language shown first in the resident's messages.</param>
/// <param name="Participant">The keyed participant hash of a resident who subscribed while signed in; never an identity.</param>
/// <param name="ConfirmationRequestedAt">When the last request to confirm was queued: the API sends no second one soon after.</param>
public sealed record NewsSubscription(
    string Id,
    DistrictCode District,
    string AddressKey,
    ReadOnlyMemory<byte> SealedAddress,
    string Language,
    ParticipantKey? Participant,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? ConfirmationRequestedAt = null)
{
    public bool IsConfirmed => ConfirmedAt is not null;
}

/// <summary>A message to put in the queue for one subscription.</summary>
/// <param name="DedupeKey">The same message enqueued twice (two silos reading the same event, a retry) is one row.</param>
/// <param name="Facts">What the message is about, as JSON, without any address: the API turns it into words when it sends.</param>
public sealed record NewNewsMessage(string SubscriptionId, string DedupeKey, string Kind, string Facts, DateTimeOffset DueAt);

/// <summary>A queued message claimed by one sender until <see cref="LeaseUntil"/>, with what it needs to be sent.</summary>
public sealed record ClaimedNewsMessage(
    long Id,
    string Kind,
    string Facts,
    int Attempts,
    DateTimeOffset LeaseUntil,
    NewsSubscription Subscription);

/// <summary>News due later for a whole wijk (voting closes in 2 days), fanned out to the subscribers confirmed then.</summary>
public sealed record ScheduledNews(RoundId Round, string Kind, DistrictCode District, DateTimeOffset DueAt, string Facts);

/// <summary>What the news feed read from one round's log: the messages and schedule changes it made of the events up
/// to <see cref="ThroughSequence"/>, stored together with the cursor so that an event becomes news exactly once.</summary>
public sealed record NewsFeedStep(
    RoundId Round,
    long ThroughSequence,
    IReadOnlyList<NewNewsMessage> Messages,
    IReadOnlyList<ScheduledNews> Schedule,
    IReadOnlyList<string> CancelledKinds);

/// <summary>News by e-mail: subscriptions, the durable mail queue, the feed's cursor over the round logs and news
/// scheduled for later; beside the events in the same store, never in the event log. Every write is safe to repeat
/// and safe for several nodes at once: messages are unique by their dedupe key, cursors only move forward, and a
/// message is sent by the node that claimed it (a lease that runs out if that node dies).</summary>
public interface INewsStore
{
    /// <summary>Stores <paramref name="candidate"/>, or finds the subscription of the same address to the same wijk;
    /// records the candidate's participant key on it when there is one; and enqueues <paramref name="confirmation"/>'s
    /// message for the stored subscription when it returns one (an unconfirmed one, typically), recording its due
    /// moment as <see cref="NewsSubscription.ConfirmationRequestedAt"/>. One transaction.</summary>
    Task<NewsSubscription> SubscribeAsync(NewsSubscription candidate, Func<NewsSubscription, NewNewsMessage?> confirmation, CancellationToken cancellationToken = default);

    Task<NewsSubscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks the subscription confirmed at <paramref name="at"/> (the first confirmation counts); false when it does not exist.</summary>
    Task<bool> ConfirmAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes the subscription and every message still queued for it; false when it did not exist.</summary>
    Task<bool> WithdrawAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The confirmed subscriptions of a wijk; of one participant only when <paramref name="participant"/> is given.</summary>
    Task<IReadOnlyList<NewsSubscription>> ListConfirmedAsync(DistrictCode district, ParticipantKey? participant = null, CancellationToken cancellationToken = default);

    /// <summary>Every subscription a signed-in resident made, confirmed or not.</summary>
    Task<IReadOnlyList<NewsSubscription>> ListOfParticipantAsync(ParticipantKey participant, CancellationToken cancellationToken = default);

    /// <summary>Deletes subscriptions that were not confirmed before <paramref name="createdBefore"/>, with their messages.</summary>
    Task<int> DeleteUnconfirmedAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default);

    /// <summary>The rounds (with a summary of an intact log) whose log has events the feed has not read yet, each with
    /// how far the feed has read it (0: not at all). From the log's head, not the summary's sequence: a round writes its
    /// summary only when what the lists show changed, and a review, say, may change nothing there.</summary>
    Task<IReadOnlyList<(RoundId Round, long Cursor)>> ListUnreadRoundsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a step of the feed in one transaction: its messages (those already queued are left), its
    /// schedule (replacing a round's news of the same kind), the cancelled kinds, and the cursor (never moved back).</summary>
    Task AdvanceAsync(NewsFeedStep step, CancellationToken cancellationToken = default);

    /// <summary>News scheduled at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ScheduledNews>> ListDueScheduleAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Enqueues the messages of scheduled news and deletes it from the schedule, in one transaction.</summary>
    Task CompleteScheduleAsync(ScheduledNews news, IReadOnlyList<NewNewsMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> due messages for <paramref name="owner"/> until now plus
    /// <paramref name="lease"/>: rows no one holds, or whose lease ran out. A message for a subscription that is not
    /// confirmed is claimed only when it is the confirmation request itself (<paramref name="confirmationKind"/>).</summary>
    Task<IReadOnlyList<ClaimedNewsMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, string confirmationKind, CancellationToken cancellationToken = default);

    /// <summary>The SMTP server took the message: it leaves the queue (if <paramref name="owner"/> still holds it).</summary>
    Task CompleteAsync(long id, string owner, CancellationToken cancellationToken = default);

    /// <summary>Sending failed: the message waits until <paramref name="nextAttempt"/>, one attempt more, released.</summary>
    Task RetryAsync(long id, string owner, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default);

    /// <summary>How many messages wait in the queue.</summary>
    Task<long> CountQueuedAsync(CancellationToken cancellationToken = default);
}
