using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Domain.Tests.Wijken;

public class WijkBudgetTests
{
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");
    private static readonly ParticipantKey Admin = new("admin-key");
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static WijkBudgetState Run(WijkBudgetState state, WijkBudgetCommand command)
    {
        var decision = WijkBudget.Decide(state, command, Now);
        Assert.True(decision.IsAccepted, decision.Error?.ToString());
        return decision.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static WijkBudgetState Allocated(long euros, int year = 2026) =>
        Run(WijkBudgetState.Initial(Delfshaven), new AllocateBudget(year, Money.FromEuros(euros), "Raadsbesluit begroting", Admin));

    [Fact]
    public void Allocations_of_a_year_add_up_and_are_available()
    {
        var state = Run(Allocated(50_000), new AllocateBudget(2026, Money.FromEuros(10_000), "Extra subsidie veiligheid", Admin));

        var year = state.YearOf(2026);
        Assert.Equal(Money.FromEuros(60_000), year.Allocated);
        Assert.Equal(Money.FromEuros(60_000), year.Available);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void A_reservation_never_takes_more_than_the_year_has_left()
    {
        var state = Run(Allocated(50_000), new ReserveForRound(RoundId.New(), 2026, Money.FromEuros(30_000), Admin));

        var decision = WijkBudget.Decide(state, new ReserveForRound(RoundId.New(), 2026, Money.FromEuros(20_001), Admin), Now);

        Assert.Equal(WijkBudgetErrors.InsufficientBudget, decision.Error?.Code);
        Assert.Equal(Money.FromEuros(20_000).ToDutchString(), decision.Error!["available"]);
        Assert.Equal("2026", decision.Error["year"]);
    }

    [Fact]
    public void Money_of_another_year_is_not_available()
    {
        var state = Allocated(50_000, year: 2025);

        var decision = WijkBudget.Decide(state, new ReserveForRound(RoundId.New(), 2026, Money.FromEuros(1), Admin), Now);

        Assert.Equal(WijkBudgetErrors.InsufficientBudget, decision.Error?.Code);
    }

    [Fact]
    public void Reserving_again_with_the_same_amount_changes_nothing()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));

        var again = WijkBudget.Decide(state, new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin), Now);

        Assert.True(again.IsUnchanged);
        Assert.Equal(Money.FromEuros(30_000), state.YearOf(2026).Reserved);
    }

    [Fact]
    public void A_new_amount_adjusts_the_reservation_and_may_use_what_it_already_holds()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));

        state = Run(state, new ReserveForRound(round, 2026, Money.FromEuros(50_000), Admin));
        Assert.Equal(Money.FromEuros(50_000), state.YearOf(2026).Reserved);
        Assert.Equal(Money.Zero, state.YearOf(2026).Available);

        state = Run(state, new ReserveForRound(round, 2026, Money.FromEuros(10_000), Admin));
        Assert.Equal(Money.FromEuros(40_000), state.YearOf(2026).Available);
        Assert.Single(state.Reservations);
    }

    [Fact]
    public void An_adjusted_reservation_stays_in_the_year_it_was_made_in()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000, year: 2025), new ReserveForRound(round, 2025, Money.FromEuros(30_000), Admin));

        state = Run(state, new ReserveForRound(round, 2026, Money.FromEuros(35_000), Admin));

        Assert.Equal(2025, state.ReservationOf(round)!.Year);
        Assert.Equal(Money.FromEuros(35_000), state.YearOf(2025).Reserved);
    }

    [Fact]
    public void Releasing_gives_the_whole_reservation_back_once()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));

        state = Run(state, new ReleaseReservation(round, Admin));
        Assert.Equal(Money.FromEuros(50_000), state.YearOf(2026).Available);

        Assert.True(WijkBudget.Decide(state, new ReleaseReservation(round, Admin), Now).IsUnchanged);
    }

    [Fact]
    public void Settling_returns_what_the_funded_projects_did_not_use()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));

        state = Run(state, new SettleRound(round, Money.FromEuros(22_500), Admin));

        var year = state.YearOf(2026);
        Assert.Equal(Money.Zero, year.Reserved);
        Assert.Equal(Money.FromEuros(22_500), year.Spent);
        Assert.Equal(Money.FromEuros(27_500), year.Available);
        Assert.Equal(Money.FromEuros(7_500), state.SettlementOf(round)!.Returned);
    }

    [Fact]
    public void Settling_is_idempotent_and_final()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));
        state = Run(state, new SettleRound(round, Money.FromEuros(20_000), Admin));

        Assert.True(WijkBudget.Decide(state, new SettleRound(round, Money.FromEuros(20_000), Admin), Now).IsUnchanged);
        Assert.Equal(WijkBudgetErrors.RoundAlreadySettled, WijkBudget.Decide(state, new SettleRound(round, Money.FromEuros(1), Admin), Now).Error?.Code);
        Assert.Equal(WijkBudgetErrors.RoundAlreadySettled, WijkBudget.Decide(state, new ReserveForRound(round, 2026, Money.FromEuros(1), Admin), Now).Error?.Code);
        Assert.True(WijkBudget.Decide(state, new ReleaseReservation(round, Admin), Now).IsUnchanged);
        Assert.Equal(Money.FromEuros(20_000), state.YearOf(2026).Spent);
    }

    [Fact]
    public void A_round_never_settles_above_its_reservation_or_without_one()
    {
        var round = RoundId.New();
        var state = Run(Allocated(50_000), new ReserveForRound(round, 2026, Money.FromEuros(30_000), Admin));

        Assert.Equal(WijkBudgetErrors.SpentAboveReservation, WijkBudget.Decide(state, new SettleRound(round, Money.FromEuros(30_001), Admin), Now).Error?.Code);
        Assert.Equal(WijkBudgetErrors.NoReservation, WijkBudget.Decide(state, new SettleRound(RoundId.New(), Money.Zero, Admin), Now).Error?.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void An_allocation_is_a_positive_amount(long cents)
    {
        var decision = WijkBudget.Decide(WijkBudgetState.Initial(Delfshaven), new AllocateBudget(2026, new Money(cents), "Raadsbesluit", Admin), Now);

        Assert.Equal(RoundErrors.AmountOutOfRange, decision.Error?.Code);
    }

    [Theory]
    [InlineData(2005)]
    [InlineData(2032)]
    public void An_allocation_year_lies_within_reach(int year)
    {
        var decision = WijkBudget.Decide(WijkBudgetState.Initial(Delfshaven), new AllocateBudget(year, Money.FromEuros(1), "Raadsbesluit", Admin), Now);

        Assert.Equal(WijkBudgetErrors.YearOutOfRange, decision.Error?.Code);
    }

    [Fact]
    public void An_allocation_has_a_readable_reason()
    {
        var decision = WijkBudget.Decide(WijkBudgetState.Initial(Delfshaven), new AllocateBudget(2026, Money.FromEuros(1), "  ", Admin), Now);

        Assert.Equal(RoundErrors.InvalidText, decision.Error?.Code);
    }

    /// <summary>Any order of reservations, adjustments, releases and settlements: the year never holds and spends more
    /// than it was given, and replaying the events gives the same figures (money is neither lost nor counted twice).</summary>
    [Fact]
    public void Random_histories_never_over_reserve_and_replay_to_the_same_figures()
    {
        var random = new Random(20);
        var rounds = Enumerable.Range(0, 8).Select(_ => RoundId.New()).ToArray();
        for (var history = 0; history < 200; history++)
        {
            var state = Allocated(100_000);
            var events = new List<WijkBudgetEvent>();
            for (var step = 0; step < 30; step++)
            {
                var round = rounds[random.Next(rounds.Length)];
                WijkBudgetCommand command = random.Next(4) switch
                {
                    0 or 1 => new ReserveForRound(round, 2026, Money.FromEuros(random.Next(1, 40_000)), Admin),
                    2 => new ReleaseReservation(round, Admin),
                    _ => new SettleRound(round, Money.FromEuros(random.Next(0, 20_000)), Admin),
                };
                var decision = WijkBudget.Decide(state, command, Now);
                foreach (var e in decision.Events)
                {
                    state = state.Apply(e);
                    events.Add(e);
                }

                var year = state.YearOf(2026);
                Assert.True(year.Reserved + year.Spent <= year.Allocated, $"history {history}, step {step}: {year}");
                Assert.False(year.Available.IsNegative);
            }

            var replayed = events.Aggregate(Allocated(100_000), (s, e) => s.Apply(WijkBudgetEventCodec.Decode(WijkBudgetEventCodec.Encode(e).Type, WijkBudgetEventCodec.Encode(e).Payload)));
            Assert.Equal(state.YearOf(2026), replayed.YearOf(2026));
            Assert.Equal(state.Version, replayed.Version);
        }
    }

    [Fact]
    public void Every_event_type_round_trips_with_the_wijk_prefix()
    {
        var round = RoundId.New();
        WijkBudgetEvent[] samples =
        [
            new WijkBudgetAllocated(Delfshaven, 2026, Money.FromEuros(5), "Raadsbesluit", Admin, Now),
            new RoundBudgetReserved(round, 2026, Money.FromEuros(5), Money.Zero, Admin, Now),
            new RoundReservationReleased(round, 2026, Money.FromEuros(5), Admin, Now),
            new RoundBudgetSettled(round, 2026, Money.FromEuros(5), Money.FromEuros(3), Admin, Now),
        ];

        Assert.Equal(samples.Length, WijkBudgetEventCodec.TypeNames.Count);
        foreach (var sample in samples)
        {
            var (type, payload) = WijkBudgetEventCodec.Encode(sample);
            Assert.StartsWith(WijkBudgetEventCodec.TypePrefix, type, StringComparison.Ordinal);
            Assert.Equal(sample, WijkBudgetEventCodec.Decode(type, payload));
            Assert.Equal(payload, WijkBudgetEventCodec.Encode(WijkBudgetEventCodec.Decode(type, payload)).Payload);
        }

        Assert.DoesNotContain(RoundEventCodec.TypeNames, WijkBudgetEventCodec.IsWijkBudgetType);
    }
}
