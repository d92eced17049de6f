using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;
using Buurtbudget.Domain.VotingCodes;

namespace Buurtbudget.Domain.Tests.VotingCodes;

public class VotingCodeRoundTests
{
    private static ImmutableArray<ParticipantKey> Codes(int count, int first = 1) =>
        [.. Enumerable.Range(first, count).Select(n => new ParticipantKey($"code-{n:D6}"))];

    private static CastBallot ByCode(ParticipantKey code, params int[] proposals) => new(code, Sample.Approve(proposals), BallotChannel.LetterCode);

    [Fact]
    public void Codes_can_be_issued_in_batches_and_the_round_keeps_their_keys()
    {
        var scenario = RoundScenario.Created();

        var first = Assert.IsType<VotingCodesIssued>(Assert.Single(scenario.Do(new IssueVotingCodes(Sample.Coordinator, Codes(3)))));
        scenario.Do(new OpenSubmission(Sample.Coordinator));
        var second = Assert.IsType<VotingCodesIssued>(Assert.Single(scenario.Do(new IssueVotingCodes(Sample.Coordinator, Codes(2, first: 4)))));

        Assert.Equal((1, 3), (first.Batch, first.Count));
        Assert.Equal((2, 2), (second.Batch, second.Count));
        Assert.Equal(Sample.Coordinator, second.By);
        Assert.Equal(Codes(5).ToHashSet(), scenario.State.VotingCodes.ToHashSet());
        Assert.Equal(new VotingCodeUse(5, 0, 2), VotingCodeUse.Of(scenario.State));
    }

    [Fact]
    public void Codes_can_still_be_issued_while_voting_is_open()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);

        scenario.Do(new IssueVotingCodes(Sample.Coordinator, Codes(1)));

        Assert.Single(scenario.State.VotingCodes);
    }

    [Fact]
    public void Codes_are_refused_once_voting_has_closed()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        scenario.Do(new CloseVoting(Sample.Coordinator));

        var error = scenario.Refused(new IssueVotingCodes(Sample.Coordinator, Codes(1)), RoundErrors.WrongPhase);

        Assert.Equal(RoundActions.IssueVotingCodes, error["action"]);
        Assert.Equal("Draft, Submission, Review, Voting", error["allowed"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VotingCode.MaxPerBatch + 1)]
    public void A_batch_holds_between_one_and_the_maximum_number_of_codes(int count)
    {
        var scenario = RoundScenario.Created();

        var error = scenario.Refused(new IssueVotingCodes(Sample.Coordinator, Codes(count)), RoundErrors.VotingCodeCountOutOfRange);

        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), error["count"]);
        Assert.Equal("50000", error["max"]);
    }

    [Fact]
    public void The_largest_batch_is_accepted()
    {
        var scenario = RoundScenario.Created();

        scenario.Do(new IssueVotingCodes(Sample.Coordinator, Codes(VotingCode.MaxPerBatch)));

        Assert.Equal(VotingCode.MaxPerBatch, scenario.State.VotingCodes.Count);
    }

    [Fact]
    public void A_ballot_by_an_issued_code_is_accepted_and_counts_as_turnout()
    {
        var scenario = RoundScenario.Created();
        var code = Codes(1)[0];
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [code]));
        scenario = Continue(scenario);

        var cast = Assert.IsType<BallotCast>(Assert.Single(scenario.Do(ByCode(code, 1))));

        Assert.Equal(code, cast.Voter);
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal(1, scenario.State.Tally.For(new ProposalId(1)).Voters);
    }

    [Fact]
    public void A_ballot_by_a_code_that_was_not_issued_is_refused_and_changes_nothing()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, Codes(3)));

        scenario.Refused(ByCode(new ParticipantKey("code-invented"), 1), RoundErrors.UnknownVotingCode);
        // A signed-in resident's key is no code either: the flag, not the key's look, decides which rule applies.
        scenario.Refused(ByCode(Sample.Resident(1), 1), RoundErrors.UnknownVotingCode);

        Assert.Empty(scenario.State.Ballots);
    }

    [Fact]
    public void Replacing_a_ballot_with_the_same_code_keeps_one_ballot()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        var codes = Codes(3);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, codes));
        scenario.Do(ByCode(codes[0], 1));

        var replaced = Assert.IsType<BallotReplaced>(Assert.Single(scenario.Do(ByCode(codes[0], 2))));

        Assert.Equal(codes[0], replaced.Voter);
        var ballot = Assert.Single(scenario.State.Ballots).Value;
        Assert.Equal(2, ballot.Revision);
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal(0, scenario.State.Tally.For(new ProposalId(1)).Voters);
    }

    [Fact]
    public void The_used_count_counts_codes_with_a_ballot_not_ballots_of_residents_or_replacements()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        var codes = Codes(10);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, codes));
        scenario.Do(ByCode(codes[0], 1));
        scenario.Do(ByCode(codes[1], 2));
        scenario.Do(ByCode(codes[1], 1));
        scenario.Do(ByCode(codes[7]));
        scenario.Vote(1, 1);
        scenario.Vote(2, 2);

        Assert.Equal(new VotingCodeUse(10, 3, 1), VotingCodeUse.Of(scenario.State));
        Assert.Equal(5, scenario.State.Tally.Turnout);
    }

    [Fact]
    public void A_ballot_by_code_follows_the_ballot_rules_and_the_phase()
    {
        var scenario = RoundScenario.InReview(null, 10_000);
        var code = Codes(1)[0];
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [code]));

        scenario.Refused(ByCode(code, 1), RoundErrors.WrongPhase);
    }

    [Fact]
    public void Issued_codes_survive_a_snapshot()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        var codes = Codes(4);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, codes));
        scenario.Do(ByCode(codes[2], 1));

        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));

        StructuralEquality.AssertEqual(scenario.State, restored);
        Assert.Equal(VotingCodeUse.Of(scenario.State), VotingCodeUse.Of(restored));
        Assert.IsType<BallotReplaced>(Assert.Single(BudgetRound.Decide(restored, ByCode(codes[2]), Sample.Start).Events));
    }

    [Fact]
    public void A_snapshot_from_before_voting_codes_existed_is_a_round_without_codes()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        scenario.Vote(1, 1);
        var text = System.Text.Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(scenario.State));
        var old = text.Replace(",\"votingCodes\":[],\"votingCodeBatches\":0", "", StringComparison.Ordinal);
        Assert.NotEqual(text, old);

        var restored = RoundSnapshotCodec.Decode(System.Text.Encoding.UTF8.GetBytes(old));

        StructuralEquality.AssertEqual(scenario.State, restored);
        Assert.Empty(restored.VotingCodes);
    }

    /// <summary>Takes a round with codes from draft to voting with one feasible proposal.</summary>
    private static RoundScenario Continue(RoundScenario scenario)
    {
        scenario.Do(new OpenSubmission(Sample.Coordinator));
        scenario.Submit(Sample.Resident(1), 10_000);
        scenario.Do(new StartReview(Sample.Coordinator));
        scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(1), Money.FromEuros(10_000), null));
        scenario.Do(new OpenVoting(Sample.Coordinator));
        return scenario;
    }
}
