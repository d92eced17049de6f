using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Actors.Wijken;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Wijken;

public sealed class WijkBudgetGrainTests
{
    private static readonly ParticipantKey Admin = new("admin-gemeente");

    [Fact]
    public async Task Concurrent_round_reservations_never_exceed_the_allocation()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var year = context.Clock.GetUtcNow().Year;
        var wijk = host.GetWijkBudgetGrain(VotingRound.Middelland.Code);
        Assert.True((await wijk.ExecuteAsync(new AllocateBudget(year, Money.FromEuros(100_000), "Raadsbesluit 2026", Admin))).Succeeded);

        // Fifty rounds created at once, each asking € 7.000: only fourteen fit in € 100.000.
        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => wijk.ExecuteAsync(new ReserveForRound(RoundId.New(), year, Money.FromEuros(7_000), Admin))))
            .WaitAsync(ActorTestContext.HangGuard);

        Assert.Equal(14, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(WijkBudgetErrors.InsufficientBudget, r.Error?.Code));
        var figures = (await wijk.GetViewAsync()).State.YearOf(year);
        Assert.Equal(Money.FromEuros(98_000), figures.Reserved);
        Assert.Equal(Money.FromEuros(2_000), figures.Available);

        // As storage has it: a fresh activation replays the same, and the chain verifies with the store's.
        await context.Cluster.DeactivateAsync(wijk);
        Assert.Equal(figures, (await wijk.GetViewAsync()).State.YearOf(year));
        var stored = await context.Store.ReadAsync(WijkBudgetStreams.StreamOf(VotingRound.Middelland.Code));
        Assert.Equal(15, stored.Count);
        Assert.True(EventChain.Verify(stored).IsIntact);
        var report = await StoreVerification.VerifyAsync(context.Store);
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(1, report.WijkBudgetCount);
        Assert.Empty(await context.Store.ListRoundsAsync());
    }

    [Fact]
    public async Task A_retried_reservation_is_stored_once()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var year = context.Clock.GetUtcNow().Year;
        var wijk = host.GetWijkBudgetGrain(VotingRound.Middelland.Code);
        await wijk.ExecuteAsync(new AllocateBudget(year, Money.FromEuros(100_000), "Raadsbesluit", Admin));
        var round = RoundId.New();

        var first = await wijk.ExecuteAsync(new ReserveForRound(round, year, Money.FromEuros(60_000), Admin));
        var again = await wijk.ExecuteAsync(new ReserveForRound(round, year, Money.FromEuros(60_000), Admin));

        Assert.Single(first.Events);
        Assert.True(again.Succeeded);
        Assert.Empty(again.Events);
        Assert.Equal(2, (await context.Store.ReadAsync(WijkBudgetStreams.StreamOf(VotingRound.Middelland.Code))).Count);
    }

    /// <summary>The process died after the round closed and before the wijk settled it: the next load of the wijk's
    /// budget settles it from the round summaries, and what the round did not spend returns.</summary>
    [Fact]
    public async Task A_round_closed_without_settling_is_settled_when_the_wijk_budget_loads()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var year = context.Clock.GetUtcNow().Year;
        var wijk = host.GetWijkBudgetGrain(VotingRound.Middelland.Code);
        await wijk.ExecuteAsync(new AllocateBudget(year, Money.FromEuros(100_000), "Raadsbesluit", Admin));
        var (round, _) = await VotingRound.InVotingAsync(host);
        Assert.True((await wijk.ExecuteAsync(new ReserveForRound(round.RoundId(), year, VotingRound.Rules().Budget, Admin))).Succeeded);

        await VotingRound.CommitAsync(round, new CloseVoting(VotingRound.Coordinator));
        await VotingRound.CommitAsync(round, new StartSpending(VotingRound.Coordinator));
        await VotingRound.CommitAsync(round, new CloseRound(VotingRound.Coordinator));
        Assert.Equal(Money.FromEuros(60_000), (await wijk.GetViewAsync()).State.YearOf(year).Reserved);

        await context.Cluster.DeactivateAsync(wijk);
        var state = (await wijk.GetViewAsync()).State;

        var settlement = state.SettlementOf(round.RoundId());
        Assert.NotNull(settlement);
        Assert.Equal(Money.Zero, settlement.Spent);
        Assert.Equal(Money.FromEuros(100_000), state.YearOf(year).Available);
        Assert.Equal(0, await wijk.ReconcileAsync());
    }

    /// <summary>The process died after reserving and before the round was created: once the grace has passed, the
    /// reservation is given back; before, it is left alone (the round may be being created right now).</summary>
    [Fact]
    public async Task A_reservation_whose_round_never_appeared_is_released_after_the_grace()
    {
        await using var context = new ActorTestContext();
        var host = await context.StartClusterAsync();
        var year = context.Clock.GetUtcNow().Year;
        var wijk = host.GetWijkBudgetGrain(VotingRound.Middelland.Code);
        await wijk.ExecuteAsync(new AllocateBudget(year, Money.FromEuros(100_000), "Raadsbesluit", Admin));
        await wijk.ExecuteAsync(new ReserveForRound(RoundId.New(), year, Money.FromEuros(40_000), Admin));

        Assert.Equal(0, await wijk.ReconcileAsync());
        Assert.Equal(Money.FromEuros(40_000), (await wijk.GetViewAsync()).State.YearOf(year).Reserved);

        context.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await wijk.ReconcileAsync());
        Assert.Equal(Money.FromEuros(100_000), (await wijk.GetViewAsync()).State.YearOf(year).Available);
    }
}
