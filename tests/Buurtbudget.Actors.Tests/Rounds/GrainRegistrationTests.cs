using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Buurtbudget.Actors.Hosting;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Buurtbudget.Actors.Tests.Rounds;

public sealed class GrainRegistrationTests
{
    [Fact]
    public async Task The_grains_options_come_from_configuration_and_the_idle_timeout_is_Orleans_collection_age()
    {
        await using var context = new ActorTestContext();
        await using var provider = BuildProvider(context, new()
        {
            ["Actors:MaxBatchSize"] = "250",
            ["Actors:IdleTimeout"] = "00:02:00",
            ["Actors:SnapshotEvery"] = "500",
            ["Actors:ConflictRetries"] = "3",
        });

        var options = provider.GetRequiredService<IOptions<RoundGrainOptions>>().Value;
        Assert.Equal((250, TimeSpan.FromMinutes(2), 500, 3), (options.MaxBatchSize, options.IdleTimeout, options.SnapshotEvery, options.ConflictRetries));
        var collection = provider.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(2), collection.CollectionAge);
        Assert.True(collection.CollectionQuantum < collection.CollectionAge, "Orleans refuses a collection age below its quantum.");
        Assert.Same(TimeProvider.System, provider.GetRequiredKeyedService<TimeProvider>(RoundGrainOptions.ClockKey));
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
        await using var provider = BuildProvider(context, new() { [$"Actors:{setting}"] = value });

        // What the generic host runs at start-up when an option is registered with ValidateOnStart.
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains($"Actors:{setting} must be", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_committed_and_rejected_commands_and_batches()
    {
        await using var context = new ActorTestContext();
        var grains = await context.StartClusterAsync();
        var meterFactory = context.Cluster.GetSiloServiceProvider().GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            // Only this test's meter: other tests run silos with meters of the same name at the same time.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && string.Equals(instrument.Meter.Name, BuurtbudgetMetrics.MeterName, StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        var grain = grains.GetRoundGrain(RoundId.New());
        Assert.Equal(CommandStatus.Committed, (await grain.ExecuteAsync(VotingRound.Create(grain.RoundId()))).Status);
        Assert.Equal(CommandStatus.Rejected, (await grain.ExecuteAsync(new OpenVoting(VotingRound.Coordinator))).Status);

        Assert.Equal(1, measurements.GetValueOrDefault("buurtbudget.actors.commands.committed"));
        Assert.Equal(1, measurements.GetValueOrDefault("buurtbudget.actors.commands.rejected"));
        Assert.Equal(2, measurements.GetValueOrDefault("buurtbudget.actors.batches"));
        Assert.Equal(2, measurements.GetValueOrDefault("buurtbudget.actors.batch.size"));
    }

    [Fact]
    public async Task Accepted_ballots_are_counted_and_refused_ones_and_other_commands_are_not()
    {
        await using var context = new ActorTestContext();
        var grains = await context.StartClusterAsync();
        var meterFactory = context.Cluster.GetSiloServiceProvider().GetRequiredService<IMeterFactory>();
        var (grain, proposals) = await VotingRound.InVotingAsync(grains);
        long accepted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && string.Equals(instrument.Name, "buurtbudget.ballots.accepted", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref accepted, value));
        listener.Start();

        var first = VotingRound.Resident(1);
        Assert.Equal(CommandStatus.Committed, (await grain.CastBallotAsync(VotingRound.Ballot(first, proposals[0]), VotingRound.FactsOf(first))).Status);
        Assert.Equal(CommandStatus.Committed, (await grain.CastBallotAsync(VotingRound.Ballot(first, proposals[1]), VotingRound.FactsOf(first))).Status);
        var second = VotingRound.Resident(2);
        Assert.Equal(CommandStatus.Rejected, (await grain.CastBallotAsync(VotingRound.Ballot(second, proposals[0], proposals[1], proposals[2], proposals[3]), VotingRound.FactsOf(second))).Status);
        Assert.Equal(CommandStatus.Committed, (await grain.ExecuteAsync(new CloseVoting(VotingRound.Coordinator))).Status);

        // A replaced ballot is a new accepted ballot; a refused ballot and a phase move are none.
        Assert.Equal(2, Interlocked.Read(ref accepted));
    }

    [Fact]
    public async Task A_round_grain_reference_is_the_one_Orleans_makes_on_the_client_and_inside_the_silo()
    {
        await using var context = new ActorTestContext();
        var client = await context.StartClusterAsync();
        var silo = context.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainFactory>();
        foreach (var grains in new[] { client, silo })
        {
            foreach (var round in new[] { RoundId.New(), RoundId.New() })
            {
                // Made from names worked out once per factory: the same grain id and interface as Orleans' own lookup.
                var made = (GrainReference)grains.GetRoundGrain(round);
                var orleans = (GrainReference)grains.GetGrain<IRoundGrain>(round.Value);
                Assert.Equal((orleans.GrainId, orleans.InterfaceType), (made.GrainId, made.InterfaceType));
                Assert.Equal(round, ((IRoundGrain)made).RoundId());
            }
        }

        // And it reaches the round: a command sent through it is decided and stored.
        var grain = silo.GetRoundGrain(RoundId.New());
        Assert.Equal(CommandStatus.Committed, (await grain.ExecuteAsync(VotingRound.Create(grain.RoundId()))).Status);
        Assert.Equal(RoundPhase.Draft, (await client.GetRoundGrain(grain.RoundId()).GetViewAsync()).Round.Phase);
    }

    private static ServiceProvider BuildProvider(ActorTestContext context, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<IEventStore>(context.Store);
        services.AddOrleans(silo => silo.UseLocalhostClustering().AddBuurtbudgetGrains(configuration.GetSection(RoundGrainOptions.SectionName)));
        return services.BuildServiceProvider();
    }
}
