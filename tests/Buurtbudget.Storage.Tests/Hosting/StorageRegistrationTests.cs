using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Hosting;
using Buurtbudget.Storage.Postgres;
using Buurtbudget.Storage.Sqlite;
using Buurtbudget.Storage.Summaries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Storage.Tests.Hosting;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_configured_sqlite_store_and_its_data_directory_are_singletons()
    {
        var dataPath = _root.Combine("configured");
        await using var services = Build(new() { ["Provider"] = "Sqlite", ["DataDirectory"] = dataPath });
        services.GetRequiredService<IStartupValidator>().Validate();

        var store = services.GetRequiredService<IEventStore>();
        var directory = services.GetRequiredService<DataDirectory>();
        await store.AppendAsync(RoundId.New(), 0, [new NewEvent("RoundCreated", new byte[] { 1 }, DateTimeOffset.UnixEpoch)]);

        Assert.IsType<SqliteEventStore>(store);
        Assert.Same(store, services.GetRequiredService<IEventStore>());
        Assert.Equal(dataPath, directory.Path);
        Assert.True(File.Exists(Path.Combine(dataPath, SqliteEventStore.DatabaseFileName)));
    }

    [Fact]
    public async Task The_container_disposes_the_store()
    {
        var services = Build(new() { ["DataDirectory"] = _root.Combine("disposed") });
        var store = services.GetRequiredService<IEventStore>();
        Assert.True(await store.IsReadyAsync());

        await services.DisposeAsync();

        Assert.False(await store.IsReadyAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync(RoundId.New()));
    }

    [Fact]
    public async Task The_round_summaries_are_kept_by_the_event_store_and_a_store_passed_in_outlives_the_container()
    {
        await using var store = new SqliteEventStore(DataDirectory.Resolve(_root.Combine("passed-in")), TimeProvider.System);
        var round = RoundId.New();
        var services = new ServiceCollection().AddSingleton<IEventStore>(store).TryAddRoundSummaries().BuildServiceProvider();

        await services.GetRequiredService<IRoundSummaries>().UpsertAsync(
            new StoredRoundSummary(round, 1, Domain.Districts.DistrictCode.Parse("WK059903"), RoundPhase.Draft, DateTimeOffset.UnixEpoch, Broken: false, "{}"));
        await services.DisposeAsync();

        Assert.True(await store.IsReadyAsync());
        Assert.Equal(round, Assert.Single(await store.ListSummariesAsync()).RoundId);
    }

    [Fact]
    public async Task An_unknown_provider_fails_at_start_with_a_clear_message()
    {
        await using var services = Build(new() { ["Provider"] = "Oracle", ["DataDirectory"] = _root.Combine("unused") });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:Provider", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Oracle'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_postgres_provider_is_chosen_by_configuration()
    {
        await using var services = Build(new()
        {
            ["Provider"] = "Postgres",
            ["ConnectionString"] = "Host=127.0.0.1;Port=1;Database=buurtbudget;Username=bb;Password=geheim",
            ["DataDirectory"] = _root.Combine("keys-only"),
        });
        services.GetRequiredService<IStartupValidator>().Validate();

        var store = Assert.IsType<PostgresEventStore>(services.GetRequiredService<IEventStore>());

        Assert.Equal("127.0.0.1:1/buurtbudget", store.Description);
        // Nothing listens on port 1: readiness says so instead of throwing.
        Assert.False(await store.IsReadyAsync());
    }

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("Host=db;Databse=typo", "cannot be read")]
    [InlineData("Database=buurtbudget", "names no Host")]
    [InlineData("Host=db;Options=-c synchronous_commit=off", "synchronous_commit")]
    public async Task A_postgres_provider_without_a_usable_connection_string_fails_at_start_with_a_clear_message(string? connectionString, string expected)
    {
        await using var services = Build(new() { ["Provider"] = "postgres", ["ConnectionString"] = connectionString, ["DataDirectory"] = _root.Combine("unused") });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("geheim", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> storageSection)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(storageSection.ToDictionary(pair => $"{StorageOptions.SectionName}:{pair.Key}", pair => pair.Value))
            .Build();
        return new ServiceCollection()
            .AddBuurtbudgetStorage(configuration.GetSection(StorageOptions.SectionName))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
