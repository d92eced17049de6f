using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Reports;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Reports;

public class CityOverviewTests
{
    [Fact]
    public void Turnout_is_a_share_of_the_register_where_a_round_has_one()
    {
        var scenario = RoundScenario.Created(Sample.Rules() with { Eligibility = new Eligibility(MinimumAge: null, RegisterRequired: true) });
        scenario.Do(new ImportVoterRegister(Sample.Coordinator, [.. Enumerable.Range(1, 8).Select(Sample.Resident)]));
        scenario.Do(new OpenSubmission(Sample.Coordinator));
        scenario.Submit(Sample.Resident(1), 10_000);
        scenario.Do(new StartReview(Sample.Coordinator));
        scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(1), Money.FromEuros(10_000), null));
        scenario.Do(new OpenVoting(Sample.Coordinator));
        Assert.Null(CityOverview.Of(scenario.State));
        scenario.Vote(1, 1);
        scenario.Vote(2, 1);
        scenario.Vote(3);
        scenario.Do(new CloseVoting(Sample.Coordinator));

        var figures = CityOverview.Of(scenario.State)!;

        Assert.Equal((3L, (int?)8, 37.5m), (figures.Ballots, figures.RegisteredVoters, figures.TurnoutPercent));
        Assert.Equal((1, Money.FromEuros(10_000), Money.Zero), (figures.FundedProjects, figures.Funded, figures.Spent));
        Assert.Equal(ProposalCategory.TrafficSafety, Assert.Single(figures.Categories).Category);
    }

    [Fact]
    public void A_wijk_adds_up_its_rounds_and_their_categories()
    {
        var round = CityOverview.Of(RealisticRound.Build().State)!;
        var again = round with { Round = new RoundId(Guid.Parse("0195a1b2-0000-7000-8000-00000000b002")) };

        var wijk = Assert.Single(CityOverview.ByDistrict([round, again]));

        Assert.Equal((2, round.Ballots * 2, round.Funded + round.Funded, round.Spent + round.Spent), (wijk.Rounds, wijk.Ballots, wijk.Funded, wijk.Spent));
        Assert.True(round.Spent.IsPositive);
        Assert.Equal(round.Categories.Select(c => (c.Category, c.FundedProjects * 2)), wijk.Categories.Select(c => (c.Category, c.FundedProjects)));
    }
}
