using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Images;
using Buurtbudget.Storage.News;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Sqlite;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Telemetry;
using Buurtbudget.Storage.VotingCodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Storage.Hosting;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="StorageOptions"/> (validated at start), the resolved <see cref="DataDirectory"/>
    /// and the <see cref="IEventStore"/> of the configured provider (<c>Storage:Provider</c> = <c>Sqlite</c> or
    /// <c>Postgres</c> with <c>Storage:ConnectionString</c>), as singletons. The container disposes the store.</summary>
    /// <param name="section">The <c>Storage</c> configuration section.</param>
    public static IServiceCollection AddBuurtbudgetStorage(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        services.AddOptions<StorageOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BuurtbudgetMetrics>();

        services.TryAddSingleton(provider =>
            DataDirectory.Resolve(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));

        services.TryAddSingleton<IEventStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (string.Equals(options.Provider, StorageOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase))
            {
                return new SqliteEventStore(
                    provider.GetRequiredService<DataDirectory>(),
                    provider.GetRequiredService<TimeProvider>(),
                    provider.GetService<ILogger<SqliteEventStore>>(),
                    provider.GetRequiredService<BuurtbudgetMetrics>());
            }

            if (options.UsesPostgres)
            {
                return new PostgresEventStore(options.ConnectionString!, provider.GetService<ILogger<PostgresEventStore>>(), provider.GetRequiredService<BuurtbudgetMetrics>());
            }

            // Unreachable after validation; kept so that a provider added to the list without a branch fails loudly.
            throw new InvalidOperationException($"No event store is registered for provider '{options.Provider}'.");
        });

        services.TryAddRoundSummaries();
        services.TryAddVotingCodeIndex();
        services.TryAddNewsStore();
        services.TryAddImageStore();

        // Runs schema migrations when the host starts rather than at the first vote (a no-op outside a host).
        services.AddHostedService(provider => new EventStoreStartup(
            provider.GetRequiredService<IEventStore>(),
            provider.GetService<ILogger<EventStoreStartup>>() ?? (ILogger)NullLogger.Instance));

        return services;
    }

    /// <summary>Registers the registered <see cref="IEventStore"/> as the <see cref="IRoundSummaries"/> too: the read
    /// model lives beside the events in the same store, because a round's summary is written in its append's
    /// transaction.</summary>
    public static IServiceCollection TryAddRoundSummaries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Through a borrowing wrapper: the container disposes what a factory returns, and the store belongs to whoever
        // registered the event store (a host that passes in a store of its own uses it after the host is gone).
        services.TryAddSingleton<IRoundSummaries>(provider => provider.GetRequiredService<IEventStore>() is IRoundSummaries summaries
            ? new BorrowedRoundSummaries(summaries)
            : throw new InvalidOperationException($"The registered event store does not keep round summaries; register an {nameof(IRoundSummaries)} beside it."));
        return services;
    }

    /// <summary>Registers the registered <see cref="IEventStore"/> as the <see cref="IVotingCodeIndex"/> too: the index
    /// lives beside the events in the same store (and its backups).</summary>
    public static IServiceCollection TryAddVotingCodeIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IVotingCodeIndex>(provider => provider.GetRequiredService<IEventStore>() is IVotingCodeIndex index
            ? new BorrowedVotingCodeIndex(index)
            : throw new InvalidOperationException($"The registered event store does not keep a voting-code index; register an {nameof(IVotingCodeIndex)} beside it."));
        return services;
    }

    private sealed class BorrowedVotingCodeIndex(IVotingCodeIndex store) : IVotingCodeIndex
    {
        public Task AddVotingCodesAsync(RoundId round, IReadOnlyCollection<string> codeKeys, CancellationToken cancellationToken = default) =>
            store.AddVotingCodesAsync(round, codeKeys, cancellationToken);

        public Task<RoundId?> FindRoundOfVotingCodeAsync(string codeKey, CancellationToken cancellationToken = default) =>
            store.FindRoundOfVotingCodeAsync(codeKey, cancellationToken);
    }

    private sealed class BorrowedRoundSummaries(IRoundSummaries store) : IRoundSummaries
    {
        public Task UpsertAsync(StoredRoundSummary summary, CancellationToken cancellationToken = default) => store.UpsertAsync(summary, cancellationToken);

        public Task<IReadOnlyList<StoredRoundSummary>> ListSummariesAsync(DistrictCode? district = null, RoundPhase? phase = null, CancellationToken cancellationToken = default) =>
            store.ListSummariesAsync(district, phase, cancellationToken);

        public Task<IReadOnlyList<RoundId>> ListRoundsWithoutSummaryAsync(CancellationToken cancellationToken = default) =>
            store.ListRoundsWithoutSummaryAsync(cancellationToken);
    }
}
