using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Buurtbudget.Storage.News;

public static class NewsStoreRegistration
{
    /// <summary>Registers the registered <see cref="IEventStore"/> as the <see cref="INewsStore"/> too: news lives
    /// beside the events in the same store (its own tables), so a node needs no second database.</summary>
    public static IServiceCollection TryAddNewsStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<INewsStore>(provider => provider.GetRequiredService<IEventStore>() is INewsStore store
            ? new BorrowedNewsStore(store)
            : throw new InvalidOperationException($"The registered event store does not keep news; register an {nameof(INewsStore)} beside it."));
        return services;
    }

    /// <summary>The container disposes what a factory returns; the store belongs to whoever registered the event store.</summary>
    private sealed class BorrowedNewsStore(INewsStore store) : INewsStore
    {
        public Task<NewsSubscription> SubscribeAsync(NewsSubscription candidate, Func<NewsSubscription, NewNewsMessage?> confirmation, CancellationToken cancellationToken = default) =>
            store.SubscribeAsync(candidate, confirmation, cancellationToken);

        public Task<NewsSubscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default) => store.FindSubscriptionAsync(id, cancellationToken);

        public Task<bool> ConfirmAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) => store.ConfirmAsync(id, at, cancellationToken);

        public Task<bool> WithdrawAsync(string id, CancellationToken cancellationToken = default) => store.WithdrawAsync(id, cancellationToken);

        public Task<IReadOnlyList<NewsSubscription>> ListConfirmedAsync(DistrictCode district, ParticipantKey? participant = null, CancellationToken cancellationToken = default) =>
            store.ListConfirmedAsync(district, participant, cancellationToken);

        public Task<IReadOnlyList<NewsSubscription>> ListOfParticipantAsync(ParticipantKey participant, CancellationToken cancellationToken = default) =>
            store.ListOfParticipantAsync(participant, cancellationToken);

        public Task<int> DeleteUnconfirmedAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
            store.DeleteUnconfirmedAsync(createdBefore, cancellationToken);

        public Task<IReadOnlyList<(RoundId Round, long Cursor)>> ListUnreadRoundsAsync(CancellationToken cancellationToken = default) => store.ListUnreadRoundsAsync(cancellationToken);

        public Task AdvanceAsync(NewsFeedStep step, CancellationToken cancellationToken = default) => store.AdvanceAsync(step, cancellationToken);

        public Task<IReadOnlyList<ScheduledNews>> ListDueScheduleAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
            store.ListDueScheduleAsync(now, cancellationToken);

        public Task CompleteScheduleAsync(ScheduledNews news, IReadOnlyList<NewNewsMessage> messages, CancellationToken cancellationToken = default) =>
            store.CompleteScheduleAsync(news, messages, cancellationToken);

        public Task<IReadOnlyList<ClaimedNewsMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, string confirmationKind, CancellationToken cancellationToken = default) =>
            store.ClaimAsync(owner, now, lease, max, confirmationKind, cancellationToken);

        public Task CompleteAsync(long id, string owner, CancellationToken cancellationToken = default) => store.CompleteAsync(id, owner, cancellationToken);

        public Task RetryAsync(long id, string owner, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
            store.RetryAsync(id, owner, nextAttempt, cancellationToken);

        public Task<long> CountQueuedAsync(CancellationToken cancellationToken = default) => store.CountQueuedAsync(cancellationToken);
    }
}
