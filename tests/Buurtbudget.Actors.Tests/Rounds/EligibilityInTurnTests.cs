using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>Whether a voter may vote is decided in the turn that decides their ballot, against the rules that state
/// holds, never against a state the caller read earlier.</summary>
public sealed class EligibilityInTurnTests
{
    private static readonly DistrictCode Middelland = VotingRound.Middelland.Code;

    [Fact]
    public async Task A_ballot_queued_right_behind_the_opening_of_voting_is_checked_against_the_rules_frozen_by_it()
    {
        await using var context = new ActorTestContext();
        var (grain, proposal) = await InReviewAsync(await context.StartClusterAsync());
        var twelve = Voter(1, born: new DateOnly(2014, 6, 1));

        // While the round is in review anyone of the wijk would pass; the coordinator then sets a minimum age of 16
        // and opens voting, and a twelve-year-old's ballot arrives in between, decided in the same turn as the opening.
        var gate = context.Store.HoldNextAppend();
        var rules = grain.ExecuteAsync(new ChangeRules(VotingRound.Coordinator, VotingRound.Rules() with { Eligibility = new Eligibility(MinimumAge: 16) }));
        await gate.Entered.WaitAsync(ActorTestContext.HangGuard);
        var opening = await context.SendQueuedAsync(grain, new OpenVoting(VotingRound.Coordinator));
        var ballot = await context.SendQueuedAsync(grain, g => g.CastBallotAsync(VotingRound.Ballot(twelve.Voter, proposal), twelve));
        gate.Open();

        Assert.Equal(CommandStatus.Committed, (await rules).Status);
        Assert.Equal(CommandStatus.Committed, (await opening).Status);
        var refused = await ballot;
        Assert.Equal(CommandStatus.Rejected, refused.Status);
        Assert.Equal(RoundErrors.NotEligible, refused.Error?.Code);
        Assert.Equal(NotEligibleReasons.TooYoung, refused.Error?["reason"]);
        Assert.Empty((await StateAssert.ReplayFromDiskAsync(context.Store, grain.RoundId())).Ballots);
    }

    [Fact]
    public async Task The_round_refuses_a_voter_from_another_wijk_and_admits_one_of_its_own()
    {
        await using var context = new ActorTestContext();
        var (grain, proposal) = await InReviewAsync(await context.StartClusterAsync());
        await VotingRound.CommitAsync(grain, new OpenVoting(VotingRound.Coordinator));
        var elsewhere = new VoterFacts(VotingRound.Resident(2), [DistrictCode.Parse("WK059905")], [], null);
        var here = Voter(3, born: null);

        var refused = await grain.CastBallotAsync(VotingRound.Ballot(elsewhere.Voter, proposal), elsewhere);
        var admitted = await grain.CastBallotAsync(VotingRound.Ballot(here.Voter, proposal), here);

        Assert.Equal(NotEligibleReasons.NotInDistrict, refused.Error?["reason"]);
        Assert.Equal(CommandStatus.Committed, admitted.Status);
        Assert.Equal(1, (await grain.RoundAsync()).BallotCount);
        Assert.NotNull(await grain.BallotAsync(here.Voter));
        Assert.Null(await grain.BallotAsync(elsewhere.Voter));
    }

    [Fact]
    public async Task A_ballot_must_come_with_the_facts_of_its_own_voter()
    {
        await using var context = new ActorTestContext();
        var (grain, proposal) = await InReviewAsync(await context.StartClusterAsync());

        await Assert.ThrowsAsync<ArgumentException>(() =>
            grain.CastBallotAsync(VotingRound.Ballot(VotingRound.Resident(4), proposal), Voter(5, born: null)));
    }

    private static VoterFacts Voter(int number, DateOnly? born) => new(VotingRound.Resident(number), [Middelland], [], born);

    /// <summary>A round in review with one feasible proposal.</summary>
    private static async Task<(IRoundGrain Grain, ProposalId Proposal)> InReviewAsync(IGrainFactory grains)
    {
        var grain = await VotingRound.InSubmissionAsync(grains);
        var submitted = await VotingRound.CommitAsync(grain, new SubmitProposal(VotingRound.Resident(90_000), VotingRound.Proposal(1)));
        var proposal = submitted.Events.OfType<ProposalSubmitted>().Single().Proposal;
        await VotingRound.CommitAsync(grain, new StartReview(VotingRound.Coordinator));
        await VotingRound.CommitAsync(grain, new MarkFeasible(VotingRound.Coordinator, proposal, Money.FromEuros(5_000), Note: null));
        return (grain, proposal);
    }
}
