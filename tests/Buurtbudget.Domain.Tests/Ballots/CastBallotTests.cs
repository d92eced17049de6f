using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Ballots;

public class CastBallotTests
{
    private static readonly ParticipantKey Anna = Sample.Resident(1);

    [Fact]
    public void First_ballot_is_cast()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);

        var cast = Assert.IsType<BallotCast>(Assert.Single(scenario.Do(new CastBallot(Anna, Sample.Approve(2, 1)))));

        Assert.Equal(Anna, cast.Voter);
        Assert.Equal(scenario.Now, cast.At);
        var ballot = scenario.State.Ballots[Anna];
        Assert.Equal(1, ballot.Revision);
        Assert.Equal(scenario.Now, ballot.CastAt);
        // Stored in proposal order, whatever order the resident ticked them in.
        Assert.Equal([new ProposalId(1), new ProposalId(2)], ballot.Choices.Select(c => c.Proposal));
    }

    [Fact]
    public void Second_ballot_replaces_the_first()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 5_000);
        scenario.Do(new CastBallot(Anna, Sample.Approve(1, 2)));

        var replaced = Assert.IsType<BallotReplaced>(Assert.Single(scenario.Do(new CastBallot(Anna, Sample.Approve(3)))));

        Assert.Equal(Anna, replaced.Voter);
        var ballot = Assert.Single(scenario.State.Ballots).Value;
        Assert.Equal(2, ballot.Revision);
        Assert.Equal([new ProposalId(3)], ballot.Choices.Select(c => c.Proposal));
        var tally = scenario.State.Tally;
        Assert.Equal(1, tally.Turnout);
        Assert.Equal(ProposalSupport.None, tally.For(new ProposalId(1)));
        Assert.Equal(ProposalSupport.None, tally.For(new ProposalId(2)));
        Assert.Equal(new ProposalSupport(1, 1), tally.For(new ProposalId(3)));
    }

    [Fact]
    public void Every_later_ballot_replaces_the_one_before_and_the_last_counts()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 5_000);
        scenario.Vote(1, 1);
        scenario.Vote(1, 2);
        scenario.Vote(1, 3);
        scenario.Vote(1, 1, 3);

        var ballot = Assert.Single(scenario.State.Ballots).Value;
        Assert.Equal(4, ballot.Revision);
        Assert.Equal(new ProposalSupport(1, 1), scenario.State.Tally.For(new ProposalId(1)));
        Assert.Equal(ProposalSupport.None, scenario.State.Tally.For(new ProposalId(2)));
        Assert.Equal(new ProposalSupport(1, 1), scenario.State.Tally.For(new ProposalId(3)));
        Assert.Equal(1, scenario.State.Tally.Turnout);
    }

    [Fact]
    public void Blank_ballots_count_as_turnout()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new ApprovalWithinBudget(MinCount: 2)), 10_000, 20_000);
        scenario.Vote(1, 1, 2);

        scenario.Do(new CastBallot(Sample.Resident(2), []));
        scenario.Do(new CastBallot(Sample.Resident(3), default));

        var tally = scenario.State.Tally;
        Assert.Equal(3, tally.Turnout);
        Assert.Equal(2, tally.BlankBallots);
        Assert.Equal(new ProposalSupport(1, 1), tally.For(new ProposalId(1)));
        Assert.True(scenario.State.Ballots[Sample.Resident(2)].IsBlank);
    }

    [Fact]
    public void Replacing_a_blank_ballot_with_choices_keeps_turnout_and_moves_the_blank_count()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Vote(1);
        Assert.Equal(1, scenario.State.Tally.BlankBallots);

        scenario.Vote(1, 2);
        Assert.Equal((1L, 0L), (scenario.State.Tally.Turnout, scenario.State.Tally.BlankBallots));

        scenario.Vote(1);
        Assert.Equal((1L, 1L), (scenario.State.Tally.Turnout, scenario.State.Tally.BlankBallots));
        Assert.Equal(ProposalSupport.None, scenario.State.Tally.For(new ProposalId(2)));
    }

    [Fact]
    public void Cumulative_ballots_add_points_and_voters()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(10, 6)), 10_000, 20_000);
        scenario.Do(new CastBallot(Sample.Resident(1), Sample.Points((1, 6), (2, 4))));
        scenario.Do(new CastBallot(Sample.Resident(2), Sample.Points((2, 5))));

        Assert.Equal(new ProposalSupport(1, 6), scenario.State.Tally.For(new ProposalId(1)));
        Assert.Equal(new ProposalSupport(2, 9), scenario.State.Tally.For(new ProposalId(2)));

        scenario.Do(new CastBallot(Sample.Resident(1), Sample.Points((2, 1))));

        Assert.Equal(ProposalSupport.None, scenario.State.Tally.For(new ProposalId(1)));
        Assert.Equal(new ProposalSupport(2, 6), scenario.State.Tally.For(new ProposalId(2)));
    }

    [Fact]
    public void The_tally_lists_every_proposal_on_the_ballot_from_the_moment_voting_opens()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 30_000);

        Assert.Equal([new ProposalId(1), new ProposalId(2), new ProposalId(3)], scenario.State.Tally.Support.Keys);
        Assert.All(scenario.State.Tally.Support.Values, s => Assert.Equal(ProposalSupport.None, s));
        Assert.Equal(0, scenario.State.Tally.Turnout);
    }

    [Fact]
    public void Casting_the_ballot_one_already_has_changes_nothing_in_any_order()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 5_000);
        scenario.Do(new CastBallot(Anna, Sample.Approve(3, 1)));
        var before = scenario.State;

        // A retried or doubled request, with the proposals in another order: accepted, no event, same ballot.
        var decision = scenario.Try(new CastBallot(Anna, Sample.Approve(1, 3)));

        Assert.True(decision.IsAccepted);
        Assert.True(decision.IsUnchanged);
        Assert.Empty(decision.Events);
        Assert.Same(before, scenario.State);
        Assert.Equal(1, scenario.State.Ballots[Anna].Revision);
        Assert.Single(scenario.History.OfType<BallotCast>());
        Assert.Empty(scenario.History.OfType<BallotReplaced>());
    }

    [Fact]
    public void A_blank_ballot_cast_twice_is_one_blank_ballot()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Do(new CastBallot(Anna, []));

        Assert.True(scenario.Try(new CastBallot(Anna, [])).IsUnchanged);
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal(1, scenario.State.Tally.BlankBallots);
    }

    [Fact]
    public void Other_points_on_the_same_proposals_are_a_new_ballot()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(method: new CumulativePoints(10, 6)), 10_000, 20_000);
        scenario.Do(new CastBallot(Anna, Sample.Points((1, 6), (2, 4))));

        Assert.True(scenario.Try(new CastBallot(Anna, Sample.Points((2, 4), (1, 6)))).IsUnchanged);
        var replaced = Assert.IsType<BallotReplaced>(Assert.Single(scenario.Do(new CastBallot(Anna, Sample.Points((1, 4), (2, 6))))));

        Assert.Equal(6, replaced.Choices.Single(c => c.Proposal == new ProposalId(2)).Points);
        Assert.Equal(2, scenario.State.Ballots[Anna].Revision);
    }

    [Fact]
    public void An_invalid_copy_of_a_ballot_is_refused_not_taken_as_unchanged()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Do(new CastBallot(Anna, Sample.Approve(1)));

        scenario.Refused(new CastBallot(Anna, Sample.Approve(1, 1)), RoundErrors.BallotDuplicateProposal);
    }
}
