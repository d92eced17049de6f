using System.Text.Json;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Outcomes.Pabulib;

/// <summary>The greedy rule against the reference library's outcomes on real votes.</summary>
public class PabulibGreedyTests
{
    public static TheoryData<string> Files() =>
    [
        .. Directory.GetFiles(PabulibFile.DataDirectory, "*.pb").Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Greedy_selects_what_the_reference_selects(string fileName)
    {
        var file = PabulibFile.Load(fileName);
        var (expected, expectedCost) = Expected(fileName);

        var outcome = GreedyRule.Select(
            file.Candidates(), file.Budget, TieBreak.Lexicographic, minimumSupport: 0,
            file.IsCumulative ? SupportMeasure.Points : SupportMeasure.Votes, file.Ballots.Length);

        Assert.Equal(expected, outcome.Winners.Select(w => file.OriginalIds[w.Proposal]).Order(StringComparer.Ordinal));
        Assert.Equal(expectedCost, outcome.Spent);
        Assert.Equal(file.Projects.Length, outcome.Results.Length);
        Assert.True(outcome.Spent <= outcome.Budget);
    }

    [Fact]
    public void Amsterdam_212_through_a_whole_round_gives_the_reference_outcome()
    {
        const string fileName = "Netherlands_Amsterdam_212.pb";
        var file = PabulibFile.Load(fileName);
        var (expected, expectedCost) = Expected(fileName);
        var rules = new RoundRules(file.Budget, new ApprovalAtMostK(file.Projects.Length), TieBreak: TieBreak.Lexicographic, MinimumSupport: 0);
        var scenario = RoundScenario.InSubmission(rules);
        // Submitted in the text order of the original ids, so proposal n is the n-th id in that order.
        var byText = file.Projects.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var roundIds = new Dictionary<string, ProposalId>(StringComparer.Ordinal);
        foreach (var (id, cost) in byText)
        {
            var content = Sample.Content(title: $"Plan {id}") with { EstimatedCost = cost };
            var submitted = Assert.IsType<ProposalSubmitted>(Assert.Single(scenario.Do(new SubmitProposal(Sample.Resident(1), content))));
            roundIds[id] = submitted.Proposal;
        }

        scenario.Do(new StartReview(Sample.Coordinator));
        foreach (var (id, cost) in byText)
        {
            scenario.Do(new MarkFeasible(Sample.Coordinator, roundIds[id], cost, null));
        }

        scenario.Do(new OpenVoting(Sample.Coordinator));
        for (var voter = 0; voter < file.Ballots.Length; voter++)
        {
            var choices = file.Ballots[voter].Select(c => c.Id).Distinct(StringComparer.Ordinal).Select(id => new BallotChoice(roundIds[id]));
            scenario.Do(new CastBallot(new ParticipantKey($"amsterdam-{voter}"), [.. choices]));
        }

        scenario.Do(new CloseVoting(Sample.Coordinator));

        var outcome = scenario.State.Outcome!;
        var originalIds = roundIds.ToDictionary(p => p.Value, p => p.Key);
        Assert.Equal(file.Ballots.Length, outcome.Turnout);
        Assert.Equal(expected, outcome.Winners.Select(w => originalIds[w.Proposal]).Order(StringComparer.Ordinal));
        Assert.Equal(expectedCost, outcome.Spent);
    }

    [Fact]
    public void The_reader_keeps_quoted_fields_decimal_costs_and_text_ids()
    {
        var toulouse = PabulibFile.Load("France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb");
        var katowice = PabulibFile.Load("Poland_Katowice_2022_Zarzecze.pb");

        Assert.Equal(Money.FromEuros(400_000), toulouse.Budget);
        Assert.Equal(Money.FromEuros(200_000), toulouse.Projects.Single(p => string.Equals(p.Id, "182", StringComparison.Ordinal)).Cost);
        Assert.Equal(93, toulouse.Ballots.Length);
        Assert.True(katowice.IsCumulative);
        Assert.Contains(katowice.Projects, p => string.Equals(p.Id, "L20/01/IX", StringComparison.Ordinal));
        // Same-length numbers handed out in text order keep the text order of the original ids.
        var ids = katowice.ProposalIds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
        Assert.Equal(ids, ids.Order(Comparer<ProposalId>.Create(TieBreaking.CompareIdsAsText)));
    }

    private static (List<string> Selected, Money TotalCost) Expected(string fileName)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PabulibFile.DataDirectory, Path.ChangeExtension(fileName, ".expected.json"))));
        var greedy = json.RootElement.GetProperty("greedy");
        var selected = greedy.GetProperty("selected").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();
        var totalCost = Money.FromEuros(long.Parse(greedy.GetProperty("total_cost").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        return (selected, totalCost);
    }
}
