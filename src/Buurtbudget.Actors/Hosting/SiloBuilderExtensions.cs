using Buurtbudget.Actors.Reminders;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Hosting;
using Buurtbudget.Storage.Reminders;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Buurtbudget.Actors.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Adds the platform's grains to a silo: their options bound from <paramref name="section"/> (e.g. "Actors")
    /// and validated at start, the domain's serializers, and Orleans' idle collection set from the options. Needs an
    /// <see cref="Storage.Events.IEventStore"/> (which keeps the round summaries too); uses the process's clock (<see cref="RoundGrainOptions.ClockKey"/>).</summary>
    public static ISiloBuilder AddBuurtbudgetGrains(this ISiloBuilder silo, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(section);
        var services = silo.Services;
        services.AddOptions<RoundGrainOptions>().Bind(section).ValidateOnStart();
        var sectionPath = section is IConfigurationSection { Path.Length: > 0 } named ? named.Path : RoundGrainOptions.SectionName;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoundGrainOptions>>(new RoundGrainOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(RoundGrainOptions.ClockKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.TryAddSingleton<BuurtbudgetMetrics>();
        services.TryAddRoundSummaries();
        services.AddSerializer(serializer => serializer.AddDomainSerialization());

        // Orleans collects an activation nobody called for its collection age; it looks for them every quantum.
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<RoundGrainOptions>>((collection, rounds) =>
        {
            collection.CollectionAge = rounds.Value.IdleTimeout;
            collection.CollectionQuantum = TimeSpan.FromTicks(Math.Min(GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM.Ticks, rounds.Value.IdleTimeout.Ticks / 4));
        });
        return silo;
    }

    /// <summary>Keeps Orleans' durable reminders (the rounds' calendars) in the platform's own store, for a store Orleans
    /// has no reminder provider for (SQLite): the registered <see cref="IEventStore"/> keeps them unless
    /// <paramref name="rows"/> names another. A cluster on PostgreSQL uses Orleans' ADO.NET reminder provider instead.</summary>
    public static ISiloBuilder UsePlatformReminders(this ISiloBuilder silo, Func<IServiceProvider, IReminderRows>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(provider => new PlatformReminderTable(
            rows?.Invoke(provider)
            ?? provider.GetRequiredService<IEventStore>() as IReminderRows
            ?? throw new InvalidOperationException($"The registered event store keeps no reminders; use Orleans' ADO.NET reminders with it (Storage:Provider Postgres with Orleans:Clustering Postgres).")));
        return silo;
    }
}
