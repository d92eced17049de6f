using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Domain.Tests.Outcomes.Pabulib;

/// <summary>Every rule against the reference library (pabutools 1.2.3, exact rationals, lexicographic tie-break) on
/// every real instance in Data/: the same projects, the same total cost.</summary>
public class PabulibOutcomeTests
{
    public static TheoryData<string, string> FileAndRule()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in PabulibData.FileNames())
        {
            foreach (var rule in PabulibData.ExpectedFor(file).Outcomes.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(file, rule);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FileAndRule))]
    public void Rule_matches_pabutools_on_the_real_instance(string fileName, string ruleName)
    {
        var file = PabulibData.Load(fileName);
        var expected = PabulibData.ExpectedFor(fileName).Outcomes[ruleName];
        Assert.True(OutcomeRuleNames.TryParseRule(ruleName, out var rule), ruleName);
        var election = PabulibElection.From(file, out var problem) ?? throw new InvalidOperationException(problem);

        var outcome = OutcomeRules.Decide(election.Election, rule, TieBreak.Lexicographic, minimumSupport: 0);

        Assert.Equal(expected.Selected, outcome.Winners.Select(w => election.ProjectOf(w.Proposal)).Order(StringComparer.Ordinal));
        Assert.Equal(expected.TotalCost, outcome.Spent);
        Assert.Equal(file.Projects.Length, outcome.Results.Length);
        Assert.Equal(rule, outcome.Rule);
    }

    [Fact]
    public void Every_file_with_outcomes_is_covered_and_every_rule_appears()
    {
        var rules = PabulibData.FileNames().SelectMany(f => PabulibData.ExpectedFor(f).Outcomes.Keys).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(35, PabulibData.FileNames().Count());
        Assert.Equal(OutcomeRuleNames.AllRules.Order(StringComparer.Ordinal), rules.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Poland_Swiecie_2023.pb", "mes-add1+greedy")]
    [InlineData("Poland_Warszawa_2022_Wola.pb", "greedy")]
    [InlineData("Poland_Warszawa_2019_Wesola.pb", "greedy")]
    [InlineData("Poland_Warszawa_2024_Wesola.pb", "greedy")]
    [InlineData("Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb", "greedy")]
    [InlineData("Poland_Warszawa_2018_Pole_Mokotowskie.pb", "greedy")]
    public void Rule_gives_what_the_city_really_adopted(string fileName, string ruleName)
    {
        var file = PabulibData.Load(fileName);
        Assert.True(OutcomeRuleNames.TryParseRule(ruleName, out var rule));
        var election = PabulibElection.From(file, out _)!;

        var outcome = OutcomeRules.Decide(election.Election, rule, TieBreak.Lexicographic, minimumSupport: 0);

        Assert.Equal(file.SelectedInFile!.Value.Order(StringComparer.Ordinal), outcome.Winners.Select(w => election.ProjectOf(w.Proposal)).Order(StringComparer.Ordinal));
        Assert.Equal(PabulibData.ExpectedFor(fileName).SelectedInFile, file.SelectedInFile.Value.Order(StringComparer.Ordinal));
    }

    /// <summary>Wieliczka used another add1 stopping rule (RULES.md). Assen 2024's file records project 7 as not
    /// selected, although the reference's mes-add1+greedy (in its expected JSON) and ours select it, under either
    /// tie-break: its real count must have differed from the published one.</summary>
    [Theory]
    [InlineData("Poland_Wieliczka_2023_Green_Budget.pb")]
    [InlineData("Netherlands_Assen_2024.pb")]
    public void Real_outcomes_that_the_reference_does_not_reproduce_differ_here_too(string fileName)
    {
        var file = PabulibData.Load(fileName);
        var election = PabulibElection.From(file, out _)!;

        var outcome = OutcomeRules.Decide(election.Election, OutcomeRule.EqualSharesAdd1ThenGreedy, TieBreak.Lexicographic, 0);

        Assert.NotEqual(file.SelectedInFile!.Value.Order(StringComparer.Ordinal), outcome.Winners.Select(w => election.ProjectOf(w.Proposal)).Order(StringComparer.Ordinal));
    }
}
