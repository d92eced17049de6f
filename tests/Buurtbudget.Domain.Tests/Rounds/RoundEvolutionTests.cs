using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RoundEvolutionTests
{
    [Fact]
    public void Every_event_raises_the_version_by_one()
    {
        var scenario = RealisticRound.Build(voters: 5);
        var state = RoundState.Initial(scenario.State.Id);

        foreach (var roundEvent in scenario.History)
        {
            var next = state.Apply(roundEvent);
            Assert.Equal(state.Version + 1, next.Version);
            state = next;
        }
    }

    [Fact]
    public void Applying_an_event_leaves_the_earlier_state_untouched()
    {
        var scenario = RoundScenario.InVoting(null, 5_000);
        var before = scenario.State;
        var snapshot = RoundSnapshotCodec.Encode(before);

        scenario.Vote(1, 1);

        Assert.Equal(snapshot, RoundSnapshotCodec.Encode(before));
        Assert.Empty(before.Ballots);
        Assert.Single(scenario.State.Ballots);
    }

    [Fact]
    public void Deciding_is_pure()
    {
        var scenario = RoundScenario.InVoting(null, 5_000, 6_000);
        var command = new CastBallot(Sample.Resident(1), Sample.Approve(2, 1));

        var first = BudgetRound.Decide(scenario.State, command, Sample.Start);
        var second = BudgetRound.Decide(scenario.State, command, Sample.Start);

        StructuralEquality.AssertEqual(first, second);
        Assert.Empty(scenario.State.Ballots);
    }

    [Fact]
    public void An_event_before_the_round_was_created_means_a_corrupt_log()
    {
        var state = RoundState.Initial(RoundId.New());

        Assert.Throws<InvalidOperationException>(() => state.Apply(new SubmissionOpened(Sample.Coordinator, Sample.Start)));
    }

    [Fact]
    public void A_second_creation_or_another_rounds_creation_means_a_corrupt_log()
    {
        var scenario = RoundScenario.Created();
        var created = (RoundCreated)scenario.History[0];

        Assert.Throws<InvalidOperationException>(() => scenario.State.Apply(created));
        Assert.Throws<InvalidOperationException>(() => RoundState.Initial(RoundId.New()).Apply(created));
    }

    [Fact]
    public void Events_about_unknown_proposals_or_ballots_mean_a_corrupt_log()
    {
        var scenario = RoundScenario.InVoting(null, 5_000);

        Assert.Throws<InvalidOperationException>(() => scenario.State.Apply(new ProposalWithdrawn(new ProposalId(9), Sample.Start)));
        Assert.Throws<InvalidOperationException>(() => scenario.State.Apply(new BallotReplaced(Sample.Resident(1), Sample.Approve(1), Sample.Start)));
        Assert.Throws<InvalidOperationException>(() => scenario.State.Apply(new BallotCast(Sample.Resident(1), Sample.Approve(9), Sample.Start)));
    }

    [Fact]
    public void Feasible_after_infeasible_forgets_the_reason_and_merging_records_the_note()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 4_000);
        scenario.Do(new MarkInfeasible(Sample.Coordinator, new ProposalId(1), "Nog niet duidelijk."));
        scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(1), Money.FromEuros(5_000), null));
        scenario.Do(new MergeProposals(Sample.Coordinator, new ProposalId(2), new ProposalId(1), "Dubbel ingediend."));

        Assert.Null(scenario.State.Proposals[new ProposalId(1)].InfeasibleReason);
        Assert.Equal("Dubbel ingediend.", scenario.State.Proposals[new ProposalId(2)].ReviewNote);
        Assert.Equal(scenario.Now, scenario.State.Proposals[new ProposalId(1)].UpdatedAt);
    }
}
