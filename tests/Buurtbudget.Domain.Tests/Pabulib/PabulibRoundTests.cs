using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Outcomes.Pabulib;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Pabulib;

/// <summary>A Pabulib file imported as a round gives the reference's result through the round itself (proposals,
/// review, ballots, close), and a tallied round written out as Pabulib gives its own result back to anyone who
/// recomputes it.</summary>
public class PabulibRoundTests
{
    public static TheoryData<string> RoundFiles() =>
        [.. PabulibData.FileNames().Where(name => PabulibData.Load(name).VoteType != PabulibVoteType.Ordinal)];

    [Theory]
    [MemberData(nameof(RoundFiles))]
    public void An_imported_round_decides_as_the_reference_does_for_every_rule(string fileName)
    {
        var file = PabulibData.Load(fileName);
        var expected = PabulibData.ExpectedFor(fileName).Outcomes;
        var first = expected.Keys.Order(StringComparer.Ordinal).First();
        Assert.True(OutcomeRuleNames.TryParseRule(first, out var firstRule));
        var plan = PabulibRoundPlan.From(file, firstRule, TieBreak.Lexicographic, out var problem) ?? throw new InvalidOperationException(problem);

        var round = Import(plan);

        Assert.Equal(RoundPhase.Tallied, round.State.Phase);
        Assert.Equal(file.Votes.Length, round.State.Tally.Turnout);
        var projectOf = plan.Proposals.ToDictionary(p => p.Number, p => p.ProjectId);
        Assert.Equal(expected[first].Selected, round.State.Outcome!.Winners.Select(w => projectOf[w.Proposal]).Order(StringComparer.Ordinal));

        // The other rules over the same ballots: the round's own outcome function with only the rule changed.
        foreach (var (ruleName, outcome) in expected.Where(e => e.Key != first))
        {
            Assert.True(OutcomeRuleNames.TryParseRule(ruleName, out var rule));
            var decided = BudgetRound.DetermineOutcome(round.State with { Rules = round.State.Rules! with { Rule = rule } });
            Assert.Equal(outcome.Selected, decided.Winners.Select(w => projectOf[w.Proposal]).Order(StringComparer.Ordinal));
            Assert.Equal(outcome.TotalCost, decided.Spent);
        }
    }

    [Fact]
    public void Numbers_sort_as_text_in_the_order_of_the_files_ids()
    {
        string[] ids = ["b", "a", "k", "c", "d", "e", "f", "g", "h", "i", "j", "l"];

        var numbers = PabulibRoundPlan.Renumber(ids);

        Assert.Equal(Enumerable.Range(1, 12), numbers.Values.Select(n => n.Number).Order());
        var byNumberText = numbers.OrderBy(p => p.Value.ToString(), StringComparer.Ordinal).Select(p => p.Key);
        Assert.Equal(ids.Order(StringComparer.Ordinal), byNumberText);
    }

    [Theory]
    [InlineData("vote_type;ordinal", "ordinal ballots")]
    [InlineData("budget;50", "project 2 costs 60")]
    [InlineData("vote_type;cumulative", "phragmen does not suit")]
    public void A_file_no_round_can_hold_is_refused_with_the_reason(string metaLine, string reason)
    {
        var key = metaLine.Split(';')[0];
        var meta = string.Join('\n', new[] { "budget;100", "vote_type;approval" }.Where(l => !l.StartsWith(key + ";", StringComparison.Ordinal)).Append(metaLine));
        var votes = key == "vote_type" && metaLine.EndsWith("cumulative", StringComparison.Ordinal) ? "voter_id;vote;points\n1;1;3\n" : "voter_id;vote\n1;1,2\n";
        var text = $"META\nkey;value\n{meta}\nPROJECTS\nproject_id;cost\n1;40\n2;60\nVOTES\n{votes}";
        var file = PabulibParser.Parse(text).File ?? throw new InvalidOperationException(PabulibParser.Parse(text).Error!.ToString());

        var plan = PabulibRoundPlan.From(file, OutcomeRule.Phragmen, TieBreak.Lexicographic, out var problem);

        Assert.Null(plan);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approval_ballot_naming_a_project_twice_approves_it_once()
    {
        const string Projects = "PROJECTS\nproject_id;cost\n1;40\n2;30\n";
        var approval = PabulibParser.Parse("META\nkey;value\nbudget;100\nvote_type;approval\n" + Projects + "VOTES\nvoter_id;vote\n7;1,2,1\n").File!;

        var plan = PabulibRoundPlan.From(approval, OutcomeRule.Greedy, TieBreak.Lexicographic, out _)!;

        Assert.Equal<BallotChoice>(Sample.Approve(1, 2), Assert.Single(plan.Ballots).Choices);
        Assert.Equal(new ApprovalAtMostK(2), plan.Rules.Method);
    }

    [Theory]
    [InlineData("Openbare ruimte, groen", ProposalCategory.Greenery)]
    [InlineData("public transit and roads", ProposalCategory.TrafficSafety)]
    [InlineData("Sport", ProposalCategory.PlayAndSport)]
    [InlineData("culture", ProposalCategory.Meeting)]
    [InlineData("", ProposalCategory.Other)]
    [InlineData(null, ProposalCategory.Other)]
    public void Categories_map_from_the_files_words(string? category, ProposalCategory expected) =>
        Assert.Equal(expected, PabulibRoundPlan.CategoryOf(category));

    [Theory]
    [InlineData("Netherlands_Assen_2024.pb", "mes+greedy")]
    [InlineData("Poland_Czestochowa_2020_Grabowka.pb", "greedy")]
    [InlineData("Netherlands_Amsterdam_643.pb", "greedy")]
    public void A_tallied_round_written_as_pabulib_gives_its_own_result_to_whoever_recomputes_it(string fileName, string ruleName)
    {
        Assert.True(OutcomeRuleNames.TryParseRule(ruleName, out var rule));
        var plan = PabulibRoundPlan.From(PabulibData.Load(fileName), rule, TieBreak.EqualShares, out var problem) ?? throw new InvalidOperationException(problem);
        var state = Import(plan).State;

        var text = PabulibWriter.Write(PabulibRoundExport.From(state));
        var reread = PabulibParser.Parse(text);

        Assert.True(reread.Succeeded, reread.Error?.ToString());
        var file = reread.File!;
        Assert.Equal(state.Tally.Turnout, file.Votes.Length);
        Assert.Equal(PabulibData.Invariant($"{state.Tally.Turnout}"), file.MetaValue("num_votes"));
        Assert.Equal(state.Rules!.Budget, file.Budget);
        var election = PabulibElection.From(file, out var electionProblem) ?? throw new InvalidOperationException(electionProblem);
        var recomputed = OutcomeRules.Decide(election.Election, rule, TieBreak.EqualShares, minimumSupport: 0);
        var winners = state.Outcome!.Winners.Select(w => w.Proposal.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(winners, recomputed.Winners.Select(w => election.ProjectOf(w.Proposal)).Order(StringComparer.Ordinal));
        Assert.Equal(winners, file.SelectedInFile!.Value.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Voters_in_the_file_are_numbers_unrelated_to_their_keys_or_the_order_they_voted_in()
    {
        var round = RoundScenario.InVoting(Sample.Rules(), 1_000, 2_000, 3_000);
        for (var resident = 1; resident <= 30; resident++)
        {
            round.Do(new CastBallot(KeyedHash(resident), Sample.Approve(1 + (resident % 3))));
        }

        round.Do(new CloseVoting(Sample.Coordinator));

        var text = PabulibWriter.Write(PabulibRoundExport.From(round.State));
        var file = PabulibParser.Parse(text).File!;

        Assert.Equal(Enumerable.Range(1, 30).Select(n => PabulibData.Invariant($"{n}")), file.Votes.Select(v => v.VoterId));
        Assert.DoesNotContain(KeyedHash(1).Value, text, StringComparison.Ordinal);
        var castOrder = Enumerable.Range(1, 30).Select(r => PabulibData.Invariant($"{1 + (r % 3)}"));
        Assert.NotEqual(castOrder, file.Votes.Select(v => v.Projects.Single()));
    }

    /// <summary>A stand-in for the platform's keyed hash of a resident: hex, unrelated to the order of residents.</summary>
    private static ParticipantKey KeyedHash(int resident) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(resident))));

    [Fact]
    public void A_round_without_a_result_cannot_be_written_out()
    {
        var round = RoundScenario.InVoting(Sample.Rules(), 1_000);

        Assert.Throws<InvalidOperationException>(() => PabulibRoundExport.From(round.State));
    }

    /// <summary>The commands an import sends, in its order, through the round's own decisions.</summary>
    private static RoundScenario Import(PabulibRoundPlan plan)
    {
        var round = RoundScenario.Empty();
        Assert.Null(plan.Rehearse(round.State.Id, Sample.Delfshaven, "Pabulib-import", Sample.Coordinator, Voter, Sample.Start));
        foreach (var command in plan.Opening(round.State.Id, Sample.Delfshaven, "Pabulib-import", Sample.Coordinator).Concat(plan.Votes(Voter)))
        {
            round.Do(command);
        }

        Assert.Equal(plan.Proposals.Select(p => p.Number), round.State.Proposals.Keys);
        round.Do(new CloseVoting(Sample.Coordinator));
        return round;
    }

    private static ParticipantKey Voter(string voterId) => new("voter-" + voterId);

    [Fact]
    public void A_rehearsal_finds_the_command_the_round_would_refuse()
    {
        var file = PabulibParser.Parse("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;40\nVOTES\nvoter_id;vote\n7;1\n").File!;
        var plan = PabulibRoundPlan.From(file, OutcomeRule.Greedy, TieBreak.Lexicographic, out _)!;

        var error = plan.Rehearse(RoundScenario.Empty().State.Id, Sample.Delfshaven, new string('x', 121), Sample.Coordinator, Voter, Sample.Start);

        Assert.Equal(RoundErrors.InvalidText, error?.Code);
    }
}
