using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RecountTests
{
    private static readonly ParticipantKey Auditor = new("auditor-51c0");

    [Fact]
    public void A_recount_that_gives_the_published_outcome_is_recorded_as_matching()
    {
        var scenario = Tallied();
        var recomputed = BudgetRound.DetermineOutcome(scenario.State);

        var recorded = Assert.IsType<RecountRecorded>(Assert.Single(scenario.Do(new RecordRecount(Auditor, recomputed, scenario.State.Version))));

        Assert.True(recorded.Matches);
        Assert.Equal(Auditor, recorded.By);
    }

    [Fact]
    public void A_recount_that_gives_another_outcome_is_recorded_as_not_matching()
    {
        var scenario = Tallied();
        var published = scenario.State.Outcome!;

        // The same outcome but for one proposal's support: a miscount anywhere is a mismatch.
        var first = published.Results[0];
        var differs = published with { Results = published.Results.SetItem(0, first with { Support = first.Support + 1 }) };
        var recorded = Assert.IsType<RecountRecorded>(Assert.Single(scenario.Do(new RecordRecount(Auditor, differs, scenario.State.Version))));

        Assert.False(recorded.Matches);
    }

    [Fact]
    public void A_round_without_a_published_outcome_cannot_be_recounted()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Vote(1, 1);
        var outcome = BudgetRound.DetermineOutcome(scenario.State);

        var error = scenario.Refused(new RecordRecount(Auditor, outcome, scenario.State.Version), RoundErrors.WrongPhase);

        Assert.Equal(RoundActions.RecordRecount, error["action"]);
    }

    private static RoundScenario Tallied()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 30_000);
        scenario.Vote(1, 1, 2);
        scenario.Vote(2, 2, 3);
        scenario.Vote(3, 3);
        scenario.Do(new CloseVoting(Sample.Coordinator));
        return scenario;
    }
}
