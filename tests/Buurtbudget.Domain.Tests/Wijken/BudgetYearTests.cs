using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Domain.Tests.Wijken;

public sealed class BudgetYearTests
{
    [Theory]
    [InlineData("2026-12-31T22:59:59+00:00", 2026)] // 23:59:59 in Rotterdam (winter time, UTC+1)
    [InlineData("2026-12-31T23:00:00+00:00", 2027)] // midnight in Rotterdam, still the old year in UTC
    [InlineData("2027-01-01T00:30:00+01:00", 2027)]
    [InlineData("2027-07-01T12:00:00+00:00", 2027)]
    public void The_budget_year_is_the_calendar_year_in_Dutch_time(string moment, int year) =>
        Assert.Equal(year, BudgetYear.Containing(DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void On_New_Years_night_an_allocation_may_already_be_made_for_the_year_now_in_reach_in_Dutch_time()
    {
        // 23:30 UTC on 31 December 2026 is 00:30 on 1 January 2027 in the Netherlands: 2032 is then within five years.
        var newYearsNight = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);
        var state = WijkBudgetState.Initial(DistrictCode.Parse("WK059903"));

        var decision = WijkBudget.Decide(state, new AllocateBudget(2032, Money.FromEuros(1), "Raadsbesluit", new ParticipantKey("admin-key")), newYearsNight);

        Assert.Null(decision.Error);
    }
}
