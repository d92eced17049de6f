using System.Collections.Immutable;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.PaperBallots;

public class PaperBatchTests
{
    private static readonly ParticipantKey Anna = new("coordinator-anna");
    private static readonly ParticipantKey Bram = new("coordinator-bram");
    private static readonly ParticipantKey Cees = new("coordinator-cees");

    private static ParticipantKey Code(int number) => new($"code-{number:D4}");

    private static PaperBallotMark Paper(int code, params int[] proposals) => new(Code(code), Sample.Approve(proposals));

    /// <summary>A round in voting (budget 20,000 euros, proposals 1–4 at 5,000, 6,000, 7,000 and 12,000) with codes 1–50
    /// issued and batch 1 opened.</summary>
    private static RoundScenario WithBatch(RoundRules? rules = null)
    {
        var scenario = RoundScenario.InVoting(rules ?? Sample.Rules(budgetEuros: 20_000), 5_000, 6_000, 7_000, 12_000);
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [.. Enumerable.Range(1, 50).Select(Code)]));
        scenario.Do(new OpenPaperBatch(Anna, "Buurthuis De Esch, 12 maart, stapel 1"));
        return scenario;
    }

    private static void Type(RoundScenario scenario, ParticipantKey typist, PaperEntryPass pass, IReadOnlyList<PaperBallotMark> pile)
    {
        for (var position = 1; position <= pile.Count; position++)
        {
            scenario.Do(new EnterPaperBallot(typist, 1, pass, position, pile[position - 1]));
        }

        scenario.Do(new FinishPaperEntry(typist, 1, pass));
    }

    [Fact]
    public void Two_coordinators_type_a_pile_and_its_ballots_count_once_committed()
    {
        var scenario = WithBatch();
        PaperBallotMark[] pile = [Paper(1, 1, 2), Paper(2, 3), Paper(3)];
        Type(scenario, Anna, PaperEntryPass.First, pile);
        Type(scenario, Bram, PaperEntryPass.Second, pile);
        Assert.Empty(scenario.State.Ballots);

        var events = scenario.Do(new CommitPaperBatch(Cees, 1));

        var committed = Assert.IsType<PaperBatchCommitted>(events[0]);
        Assert.Equal(new PaperBatchTotals(3, 3, 0, 3, 0, 0, "paper"), committed.Totals);
        Assert.All(events.Skip(1), e => Assert.IsType<BallotCast>(e));
        Assert.Equal(3, scenario.State.Tally.Turnout);
        AssertChoices(Sample.Approve(1, 2), scenario.State.Ballots[Code(1)].Choices);
        Assert.True(scenario.State.Ballots[Code(3)].IsBlank);
    }

    [Fact]
    public void The_same_coordinator_cannot_do_both_entries()
    {
        var scenario = WithBatch();
        scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1)));

        var error = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.Second, 1, Paper(1, 1)), RoundErrors.PaperEntrySameCoordinator);

        Assert.Equal("1", error["batch"]);
    }

    [Fact]
    public void The_second_typist_cannot_take_over_the_first_typing_either()
    {
        var scenario = WithBatch();
        scenario.Do(new EnterPaperBallot(Bram, 1, PaperEntryPass.Second, 1, Paper(1, 1)));
        scenario.Refused(new EnterPaperBallot(Bram, 1, PaperEntryPass.First, 1, Paper(1, 1)), RoundErrors.PaperEntrySameCoordinator);
        scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1)));

        scenario.Refused(new EnterPaperBallot(Cees, 1, PaperEntryPass.First, 2, Paper(2, 1)), RoundErrors.PaperEntryNotYours);
        scenario.Refused(new FinishPaperEntry(Cees, 1, PaperEntryPass.First), RoundErrors.PaperEntryNotYours);
    }

    [Fact]
    public void A_typist_may_correct_a_ballot_until_they_finish()
    {
        var scenario = WithBatch();
        scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1)));
        scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 2)));
        Assert.True(scenario.Try(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 2))).IsUnchanged);
        scenario.Do(new FinishPaperEntry(Anna, 1, PaperEntryPass.First));

        scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 3)), RoundErrors.PaperEntryFinished);
        AssertChoices(Paper(1, 2).Choices, scenario.State.PaperBatches[0].First.Ballots[1].Choices);
    }

    [Fact]
    public void Positions_follow_the_pile_without_gaps()
    {
        var scenario = WithBatch();

        var error = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 2, Paper(1, 1)), RoundErrors.PaperPositionOutOfRange);

        Assert.Equal(("2", "1"), (error["position"], error["next"]));
    }

    [Fact]
    public void A_code_not_issued_for_the_round_is_refused_for_that_ballot_with_its_position()
    {
        var scenario = WithBatch();
        scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1)));

        var error = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 2, new PaperBallotMark(new ParticipantKey("code-of-another-round"), Sample.Approve(1))), RoundErrors.PaperBallotCodeNotIssued);

        Assert.Equal("2", error["position"]);
        Assert.Single(scenario.State.PaperBatches[0].First.Ballots);
    }

    [Fact]
    public void A_paper_ballot_follows_the_rounds_ballot_rules()
    {
        var scenario = WithBatch(Sample.Rules(budgetEuros: 18_000, method: new ApprovalWithinBudget(MaxCount: 2)));

        var overBudget = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1, 4, 3)), RoundErrors.BallotTooManyChoices);
        var notOnBallot = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 9)), RoundErrors.BallotProposalNotOnBallot);

        Assert.Equal(("1", "2"), (overBudget["position"], overBudget["max"]));
        Assert.Equal("9", notOnBallot["proposal"]);
        scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 3, 4)), RoundErrors.BallotOverBudget);
    }

    [Fact]
    public void A_paper_ballot_replaces_an_earlier_code_ballot_of_the_same_code()
    {
        var scenario = WithBatch();
        scenario.Do(new CastBallot(Code(7), Sample.Approve(4), BallotChannel.LetterCode));
        PaperBallotMark[] pile = [Paper(7, 1, 2)];
        Type(scenario, Anna, PaperEntryPass.First, pile);
        Type(scenario, Bram, PaperEntryPass.Second, pile);

        var events = scenario.Do(new CommitPaperBatch(Anna, 1));

        Assert.Equal(1, Assert.IsType<PaperBatchCommitted>(events[0]).Totals.Replaced);
        var replaced = Assert.IsType<BallotReplaced>(events[1]);
        Assert.Equal(Code(7), replaced.Voter);
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal(2, scenario.State.Ballots[Code(7)].Revision);
        Assert.Equal(0, scenario.State.Tally.For(new ProposalId(4)).Voters);
        Assert.Equal(1, scenario.State.Tally.For(new ProposalId(1)).Voters);
    }

    [Fact]
    public void Disagreements_are_shown_only_once_both_typings_are_finished_and_block_the_commit_until_settled()
    {
        var scenario = WithBatch();
        Type(scenario, Anna, PaperEntryPass.First, [Paper(1, 1), Paper(2, 2), Paper(3, 3)]);
        scenario.Do(new EnterPaperBallot(Bram, 1, PaperEntryPass.Second, 1, Paper(1, 1)));
        scenario.Refused(new ResolvePaperBallot(Cees, 1, 2, Paper(2, 2), null), RoundErrors.PaperEntriesUnfinished);
        scenario.Do(new EnterPaperBallot(Bram, 1, PaperEntryPass.Second, 2, Paper(2, 3)));
        scenario.Do(new FinishPaperEntry(Bram, 1, PaperEntryPass.Second));

        Assert.Equal([2, 3], scenario.State.PaperBatches[0].Disagreements().ToArray());
        var open = scenario.Refused(new CommitPaperBatch(Cees, 1), RoundErrors.PaperDisagreementsOpen);
        Assert.Equal(("2", "2, 3"), (open["count"], open["positions"]));
        scenario.Refused(new ResolvePaperBallot(Cees, 1, 1, Paper(1, 1), null), RoundErrors.PaperBallotNotDisputed);

        scenario.Do(new ResolvePaperBallot(Cees, 1, 2, Paper(2, 2), null));
        scenario.Do(new ResolvePaperBallot(Cees, 1, 3, null, "Stembiljet ontbreekt in de tweede invoer; papier zoek."));
        var committed = Assert.IsType<PaperBatchCommitted>(scenario.Do(new CommitPaperBatch(Cees, 1))[0]);

        Assert.Equal(new PaperBatchTotals(3, 1, 2, 2, 1, 0), committed.Totals);
        Assert.False(scenario.State.Ballots.ContainsKey(Code(3)));
        AssertChoices(Sample.Approve(2), scenario.State.Ballots[Code(2)].Choices);
        scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 4, Paper(4, 1)), RoundErrors.PaperBatchAlreadyCommitted);
        scenario.Refused(new CommitPaperBatch(Cees, 1), RoundErrors.PaperBatchAlreadyCommitted);
    }

    [Fact]
    public void A_spoiled_paper_typed_so_twice_is_set_aside_and_touches_no_ballot()
    {
        var scenario = WithBatch();
        scenario.Do(new CastBallot(Code(5), Sample.Approve(4), BallotChannel.LetterCode));
        PaperBallotMark[] pile = [PaperBallotMark.SpoiledPaper, Paper(6, 2)];
        Type(scenario, Anna, PaperEntryPass.First, pile);
        Type(scenario, Bram, PaperEntryPass.Second, pile);

        var committed = Assert.IsType<PaperBatchCommitted>(scenario.Do(new CommitPaperBatch(Anna, 1))[0]);

        Assert.Equal(new PaperBatchTotals(2, 2, 0, 1, 1, 0), committed.Totals);
        Assert.Equal(2, scenario.State.Tally.Turnout);
        AssertChoices(Sample.Approve(4), scenario.State.Ballots[Code(5)].Choices);
    }

    [Fact]
    public void Paper_batches_belong_to_a_round_in_voting()
    {
        var inReview = RoundScenario.InReview(null, 5_000);
        inReview.Refused(new OpenPaperBatch(Anna, "Stapel 1"), RoundErrors.WrongPhase);

        var scenario = WithBatch();
        scenario.Do(new CloseVoting(Sample.Coordinator));
        var error = scenario.Refused(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, Paper(1, 1)), RoundErrors.WrongPhase);
        Assert.Equal(RoundActions.EnterPaperBallot, error["action"]);
        scenario.Refused(new CommitPaperBatch(Anna, 9), RoundErrors.WrongPhase);
    }

    [Fact]
    public void An_unknown_batch_is_named()
    {
        var scenario = WithBatch();

        var error = scenario.Refused(new EnterPaperBallot(Anna, 2, PaperEntryPass.First, 1, Paper(1, 1)), RoundErrors.PaperBatchNotFound);

        Assert.Equal("2", error["batch"]);
    }

    /// <summary>Property over random piles: each position is typed twice, with random differences injected into either
    /// typing. Whatever the settlement, a position where the typings differ is counted only as its settlement says, and
    /// one set aside is never counted; the batch's totals are exactly what its ballot events did.</summary>
    [Fact]
    public void A_disagreement_is_never_counted_and_the_totals_are_what_was_counted()
    {
        for (var seed = 1; seed <= 120; seed++)
        {
            var random = new Random(seed);
            var scenario = WithBatch();
            var earlier = new HashSet<ParticipantKey>();
            for (var code = 1; code <= 50; code++)
            {
                if (random.Next(4) == 0)
                {
                    scenario.Do(new CastBallot(Code(code), RandomChoices(random), BallotChannel.LetterCode));
                    earlier.Add(Code(code));
                }
            }

            var size = random.Next(1, 25);
            var first = new List<PaperBallotMark>();
            var second = new List<PaperBallotMark>();
            for (var position = 1; position <= size; position++)
            {
                var paper = random.Next(10) == 0 ? PaperBallotMark.SpoiledPaper : new PaperBallotMark(Code(random.Next(1, 51)), RandomChoices(random));
                first.Add(paper);
                second.Add(random.Next(3) == 0 ? Mistyped(paper, random) : paper);
            }

            if (random.Next(4) == 0)
            {
                // The second typist skipped the last paper of the pile.
                second.RemoveAt(second.Count - 1);
            }

            scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, 1, first[0]));
            if (second.Count > 0)
            {
                Type(scenario, Bram, PaperEntryPass.Second, second);
            }

            for (var position = 2; position <= first.Count; position++)
            {
                scenario.Do(new EnterPaperBallot(Anna, 1, PaperEntryPass.First, position, first[position - 1]));
            }

            scenario.Do(new FinishPaperEntry(Anna, 1, PaperEntryPass.First));
            if (second.Count == 0)
            {
                continue;
            }

            var batch = scenario.State.PaperBatches[0];
            var disputed = batch.Disagreements();
            var expectedDisputed = Enumerable.Range(1, size).Where(p => p > second.Count || !first[p - 1].Agrees(second[p - 1])).ToList();
            Assert.Equal(expectedDisputed, disputed.ToArray());

            // Each disagreement: set aside, or counted as the first typing had it (the paper, in this test).
            var countedAsSettled = new Dictionary<int, PaperBallotMark>();
            foreach (var position in disputed)
            {
                if (first[position - 1].Spoiled || random.Next(2) == 0)
                {
                    scenario.Do(new ResolvePaperBallot(Cees, 1, position, null, "Niet te lezen."));
                }
                else
                {
                    scenario.Do(new ResolvePaperBallot(Cees, 1, position, first[position - 1], null));
                    countedAsSettled[position] = first[position - 1];
                }
            }

            var before = scenario.State;
            var events = scenario.Do(new CommitPaperBatch(Cees, 1));
            var totals = Assert.IsType<PaperBatchCommitted>(events[0]).Totals;

            // What should count: per code, its last agreed or settled-as-counted paper in pile order.
            var expected = new Dictionary<ParticipantKey, ImmutableArray<BallotChoice>>();
            var setAside = 0;
            for (var position = 1; position <= size; position++)
            {
                var mark = disputed.Contains(position)
                    ? countedAsSettled.GetValueOrDefault(position)
                    : first[position - 1].Spoiled ? null : first[position - 1];
                if (mark is null)
                {
                    setAside++;
                    continue;
                }

                expected[mark.Voter!.Value] = mark.Choices;
            }

            var cast = events.Skip(1).ToList();
            Assert.True(cast.All(e => e is BallotCast or BallotReplaced), $"seed {seed}");
            Assert.Equal(size, totals.Entered);
            Assert.Equal(size - disputed.Length, totals.Agreed);
            Assert.Equal(disputed.Length, totals.Resolved);
            Assert.Equal(setAside, totals.SetAside);
            Assert.Equal(size - setAside, totals.Counted);
            Assert.Equal(cast.Count(e => e is BallotReplaced), totals.Replaced);
            foreach (var (voter, choices) in expected)
            {
                Assert.True(choices.SequenceEqual(scenario.State.Ballots[voter].Choices), $"seed {seed}: {voter} counts other choices than its paper");
            }

            // A code whose only papers were disputed and set aside keeps exactly the ballot it had before.
            foreach (var (voter, ballot) in scenario.State.Ballots)
            {
                if (!expected.ContainsKey(voter))
                {
                    Assert.Same(before.Ballots[voter], ballot);
                }
            }

            Assert.Equal(earlier.Union(expected.Keys).Count(), scenario.State.Tally.Turnout);
            Assert.True(LogReplay.Replay(scenario.State.Id, LogReplayTests.Logged(scenario.History)).IsValid, $"seed {seed}");
        }
    }

    private static void AssertChoices(ImmutableArray<BallotChoice> expected, ImmutableArray<BallotChoice> actual) =>
        Assert.Equal(expected.ToArray(), actual.ToArray());

    private static ImmutableArray<BallotChoice> RandomChoices(Random random)
    {
        // Proposals 1–3 cost 18,000 together, within the budget of 20,000; proposal 4 alone is 12,000.
        var pick = random.Next(6);
        return pick switch
        {
            0 => [],
            1 => Sample.Approve(4),
            2 => Sample.Approve(1, 2, 3),
            _ => Sample.Approve(pick - 2),
        };
    }

    private static PaperBallotMark Mistyped(PaperBallotMark paper, Random random)
    {
        if (paper.Spoiled)
        {
            return new PaperBallotMark(Code(random.Next(1, 51)), Sample.Approve(1));
        }

        return random.Next(2) == 0
            ? paper with { Voter = Code((int.Parse(paper.Voter!.Value.Value[5..], System.Globalization.CultureInfo.InvariantCulture) % 50) + 1) }
            : paper with { Choices = paper.Choices.SequenceEqual(Sample.Approve(4)) ? Sample.Approve(1) : Sample.Approve(4) };
    }
}
