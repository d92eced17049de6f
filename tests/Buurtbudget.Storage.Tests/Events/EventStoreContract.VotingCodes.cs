using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.VotingCodes;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>The voting-code index (which round issued a code, by a keyed hash of it), kept by every store beside its events.</summary>
public abstract partial class EventStoreContract
{
    private static IVotingCodeIndex CodeIndex(IEventStore store) => Assert.IsAssignableFrom<IVotingCodeIndex>(store);

    [Fact]
    public async Task A_code_key_finds_the_round_that_indexed_it_after_a_restart_and_an_unknown_key_finds_none()
    {
        var (first, second) = (RoundId.New(), RoundId.New());
        var index = CodeIndex(OpenStore());
        await index.AddVotingCodesAsync(first, ["key-a", "key-b"]);
        await index.AddVotingCodesAsync(second, [.. Enumerable.Range(0, 2_000).Select(i => $"batch-{i}")]);

        // Another store over the same storage: what a restarted node reads.
        var reopened = CodeIndex(OpenStore());
        Assert.Equal(first, await reopened.FindRoundOfVotingCodeAsync("key-b"));
        Assert.Equal(second, await reopened.FindRoundOfVotingCodeAsync("batch-1999"));
        Assert.Null(await reopened.FindRoundOfVotingCodeAsync("key-c"));
    }

    [Fact]
    public async Task An_indexed_key_keeps_its_first_round_when_indexed_again()
    {
        var (first, second) = (RoundId.New(), RoundId.New());
        var index = CodeIndex(OpenStore());
        await index.AddVotingCodesAsync(first, ["key-a"]);
        await index.AddVotingCodesAsync(first, ["key-a"]);
        await index.AddVotingCodesAsync(second, ["key-a", "key-b"]);

        Assert.Equal(first, await index.FindRoundOfVotingCodeAsync("key-a"));
        Assert.Equal(second, await index.FindRoundOfVotingCodeAsync("key-b"));
    }
}
