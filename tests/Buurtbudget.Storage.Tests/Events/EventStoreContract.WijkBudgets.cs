using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>A wijk's budget keeps its log in the same store under a stream id derived from its code: chained and
/// verified like a round's, never listed as a round.</summary>
public abstract partial class EventStoreContract
{
    [Fact]
    public async Task A_wijk_budget_log_is_not_listed_as_a_round_but_as_a_wijk_budget()
    {
        var store = OpenStore();
        var round = RoundId.New();
        var wijk = WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059903"));
        await store.AppendAsync(round, 0, [Event("round-created", "{}")]);
        await store.AppendAsync(wijk, 0, [Event("wijk-budget-allocated", "{}", Start.AddDays(-1))]);
        await store.AppendAsync(wijk, 1, [Event("wijk-budget-reserved", "{}", Start.AddDays(1))]);

        Assert.Equal([round], await store.ListRoundsAsync());
        Assert.Equal([wijk], await store.ListWijkBudgetStreamsAsync());
        if (store is IRoundSummaries summaries)
        {
            Assert.Equal([round], await summaries.ListRoundsWithoutSummaryAsync());
        }
    }

    [Fact]
    public async Task A_wijk_budget_log_is_chained_and_verified_with_the_rounds()
    {
        var store = OpenStore();
        var wijk = WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059905"));
        await store.AppendAsync(RoundId.New(), 0, [Event("round-created", "{}")]);
        await store.AppendAsync(wijk, 0, [Event("wijk-budget-allocated", "{\"a\":1}"), Event("wijk-budget-reserved", "{\"a\":2}")]);

        // The same expected-sequence check as a round's: a second writer that saw an older log is refused.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(wijk, 1, [Event("wijk-budget-released", "{}")]));

        Assert.True(EventChain.Verify(await store.ReadAsync(wijk)).IsIntact);
        var report = await StoreVerification.VerifyAsync(store);
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(1, report.RoundCount);
        Assert.Equal(1, report.WijkBudgetCount);
        Assert.Equal(3, report.EventCount);
    }
}
