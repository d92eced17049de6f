using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class RoundActorRegistrationTests
{
    [Fact]
    public async Task AddRoundActors_registers_one_host_as_the_grain_factory_with_options_from_configuration()
    {
        await using var context = new ActorTestContext();
        await using var provider = BuildProvider(context, new()
        {
            ["RoundActors:MaxBatchSize"] = "250",
            ["RoundActors:IdleTimeout"] = "00:02:00",
            ["RoundActors:SnapshotEvery"] = "500",
            ["RoundActors:ConflictRetries"] = "3",
        });

        var options = provider.GetRequiredService<IOptions<RoundActorOptions>>().Value;
        Assert.Equal((250, TimeSpan.FromMinutes(2), 500, 3), (options.MaxBatchSize, options.IdleTimeout, options.SnapshotEvery, options.ConflictRetries));
        var factory = provider.GetRequiredService<IRoundGrainFactory>();
        Assert.Same(provider.GetRequiredService<RoundActorHost>(), factory);
        Assert.Same(factory, provider.GetRequiredService<IRoundGrainFactory>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());

        var roundId = RoundId.New();
        var created = await factory.GetGrain(roundId).ExecuteAsync(VotingRound.Create(roundId));
        Assert.Equal(CommandStatus.Committed, created.Status);
    }

    [Theory]
    [InlineData("MaxBatchSize", "0")]
    [InlineData("IdleTimeout", "00:00:00")]
    [InlineData("SnapshotEvery", "0")]
    [InlineData("SnapshotWhenQuietFor", "-00:00:01")]
    [InlineData("SnapshotAtLatestAfter", "0")]
    [InlineData("ConflictRetries", "-1")]
    public async Task A_bad_setting_fails_at_start_naming_the_setting(string setting, string value)
    {
        await using var context = new ActorTestContext();
        await using var provider = BuildProvider(context, new() { [$"Actors:{setting}"] = value }, section: "Actors");

        // What the generic host runs at start-up when an option is registered with ValidateOnStart.
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains($"Actors:{setting} must be", failure.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IRoundGrainFactory>());
    }

    [Fact]
    public async Task Metrics_count_committed_and_rejected_commands_batches_and_activations()
    {
        await using var context = new ActorTestContext();
        await using var provider = BuildProvider(context, []);
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            // Only this test's meter: other tests run hosts with meters of the same name at the same time.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && string.Equals(instrument.Meter.Name, "Buurtbudget.Actors", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        var grain = provider.GetRequiredService<IRoundGrainFactory>().GetGrain(RoundId.New());
        Assert.Equal(CommandStatus.Committed, (await grain.ExecuteAsync(VotingRound.Create(grain.Id))).Status);
        Assert.Equal(CommandStatus.Rejected, (await grain.ExecuteAsync(new OpenVoting(VotingRound.Coordinator))).Status);
        listener.RecordObservableInstruments();

        Assert.Equal(1, measurements.GetValueOrDefault("buurtbudget.actors.commands.committed"));
        Assert.Equal(1, measurements.GetValueOrDefault("buurtbudget.actors.commands.rejected"));
        Assert.Equal(2, measurements.GetValueOrDefault("buurtbudget.actors.batches"));
        Assert.Equal(2, measurements.GetValueOrDefault("buurtbudget.actors.batch.size"));
        Assert.Equal(1, measurements.GetValueOrDefault("buurtbudget.actors.activations"));
    }

    private static ServiceProvider BuildProvider(ActorTestContext context, Dictionary<string, string?> settings, string section = RoundActorOptions.SectionName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<IEventStore>(context.Store);
        services.AddRoundActors(configuration.GetSection(section));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
