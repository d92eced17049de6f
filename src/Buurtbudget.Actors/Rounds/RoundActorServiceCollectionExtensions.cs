using System.Diagnostics.Metrics;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Actors.Rounds;

public static class RoundActorServiceCollectionExtensions
{
    /// <summary>Registers the round actor host as <see cref="IRoundGrainFactory"/> (one per process), with its
    /// options bound from <paramref name="section"/> (e.g. "RoundActors") and validated at start. Needs an
    /// <see cref="IEventStore"/>; uses the system clock unless a <see cref="TimeProvider"/> is registered.</summary>
    public static IServiceCollection AddRoundActors(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<RoundActorOptions>().Bind(section).ValidateOnStart();
        var sectionPath = section is IConfigurationSection { Path.Length: > 0 } named ? named.Path : RoundActorOptions.SectionName;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoundActorOptions>>(new RoundActorOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new RoundActorHost(
            provider.GetRequiredService<IEventStore>(),
            provider.GetRequiredService<IOptions<RoundActorOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<RoundActorHost>>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<IRoundGrainFactory>(static provider => provider.GetRequiredService<RoundActorHost>());
        return services;
    }
}
