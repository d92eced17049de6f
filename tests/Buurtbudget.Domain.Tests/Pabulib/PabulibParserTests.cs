using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Tests.Outcomes.Pabulib;

namespace Buurtbudget.Domain.Tests.Pabulib;

public class PabulibParserTests
{
    private static string File(string voteType, string projects, string votes, string budget = "100") =>
        $"META\nkey;value\nbudget;{budget}\nvote_type;{voteType}\nPROJECTS\n{projects}\nVOTES\n{votes}\n";

    private static PabulibFile Parse(string text)
    {
        var result = PabulibParser.Parse(text);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.File!;
    }

    private static PabulibError Fails(string text)
    {
        var result = PabulibParser.Parse(text);
        Assert.False(result.Succeeded);
        return result.Error!;
    }

    [Fact]
    public void Every_real_file_parses_with_its_declared_counts()
    {
        foreach (var name in PabulibData.FileNames())
        {
            var file = PabulibData.Load(name);
            Assert.Equal(file.MetaValue("num_projects"), file.Projects.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(file.MetaValue("num_votes"), file.Votes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Approval_votes_keep_their_projects_in_order()
    {
        var file = Parse(File("approval", "project_id;cost\n1;10\n2;20", "voter_id;vote\nv1;2,1\nv2;"));

        Assert.Equal(PabulibVoteType.Approval, file.VoteType);
        Assert.Equal(["2", "1"], file.Votes[0].Projects.ToArray());
        Assert.Empty(file.Votes[1].Projects);
        Assert.Equal(Money.FromEuros(100), file.Budget);
    }

    [Fact]
    public void Choose_one_votes_name_one_project_at_most()
    {
        Assert.Equal(PabulibVoteType.ChooseOne, Parse(File("choose-1", "project_id;cost\n1;10\n2;20", "voter_id;vote\nv1;2")).VoteType);
        Assert.Equal(new PabulibError(11, "a choose-1 vote lists 2 projects."), Fails(File("choose-1", "project_id;cost\n1;10\n2;20", "voter_id;vote\nv1;1,2")));
    }

    [Fact]
    public void Cumulative_votes_pair_points_with_projects()
    {
        var file = Parse(File("cumulative", "project_id;cost\na;10\nb;20", "voter_id;vote;points\nv1;a,b;3,7"));

        Assert.Equal(["a", "b"], file.Votes[0].Projects.ToArray());
        Assert.Equal([3L, 7L], file.Votes[0].Points.ToArray());
        Assert.Equal(new PabulibError(11, "the vote lists 2 projects but 1 points."), Fails(File("cumulative", "project_id;cost\na;10\nb;20", "voter_id;vote;points\nv1;a,b;3")));
        Assert.Equal(9, Fails(File("cumulative", "project_id;cost\na;10", "voter_id;vote\nv1;a")).Line);
    }

    [Fact]
    public void Ordinal_votes_keep_the_preference_order_and_refuse_a_project_ranked_twice()
    {
        var file = Parse(File("ordinal", "project_id;cost\na;10\nb;20\nc;5", "voter_id;vote\nv1;c,a,b"));

        Assert.Equal(["c", "a", "b"], file.Votes[0].Projects.ToArray());
        Assert.Equal("an ordinal vote ranks the same project twice.", Fails(File("ordinal", "project_id;cost\na;10", "voter_id;vote\nv1;a,a")).Problem);
        Assert.Null(PabulibElection.From(file, out var problem));
        Assert.Contains("ordinal", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_may_hold_separators_and_doubled_quotes()
    {
        var file = Parse(File("approval", "project_id;cost;name\n1;10;\"Park; \"\"groen\"\"\"", "voter_id;vote\nv1;1"));

        Assert.Equal("Park; \"groen\"", file.Projects[0].Fields["name"]);
        Assert.Equal(new PabulibError(7, "a quoted field is not closed on this line."), Fails(File("approval", "project_id;cost;name\n1;10;\"open", "voter_id;vote\nv1;1")));
    }

    [Fact]
    public void Crlf_line_ends_read_as_lf()
    {
        var text = File("approval", "project_id;cost\n1;10", "voter_id;vote\nv1;1");

        Assert.Equal(Parse(text).Votes[0].Projects.ToArray(), Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal)).Votes[0].Projects.ToArray());
        Assert.Equal("1", Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal)).Projects[0].Id);
    }

    [Fact]
    public void None_means_missing()
    {
        var file = Parse(File("approval", "project_id;cost;name\n1;10;None", "voter_id;vote;age\nv1;None;None"));

        Assert.False(file.Projects[0].Fields.ContainsKey("name"));
        Assert.Empty(file.Votes[0].Projects);
        Assert.Empty(file.Votes[0].Fields);
    }

    [Theory]
    [InlineData("1716138.17", 171_613_817)]
    [InlineData("400000.0", 40_000_000)]
    [InlineData("12.5", 1_250)]
    [InlineData("7", 700)]
    public void Amounts_with_at_most_two_decimals_are_whole_cents(string text, long cents)
    {
        Assert.Equal(new Money(cents), Parse(File("approval", $"project_id;cost\n1;{text}", "voter_id;vote\nv1;1", budget: text)).Projects[0].Cost);
    }

    [Theory]
    [InlineData("12.345", "has a fraction of a cent")]
    [InlineData("-5", "is not an amount")]
    [InlineData("1e6", "is not an amount")]
    [InlineData("None", "is not an amount")]
    public void Costs_that_are_not_whole_cents_are_refused_naming_the_line(string cost, string problem)
    {
        var error = Fails(File("approval", $"project_id;cost\n7;{cost}", "voter_id;vote\nv1;7"));

        Assert.Equal(7, error.Line);
        Assert.Contains("the cost of project 7", error.Problem, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_with_a_fraction_of_a_cent_is_refused_on_its_meta_line()
    {
        Assert.Equal(3, Fails(File("approval", "project_id;cost\n1;10", "voter_id;vote\nv1;1", budget: "10.001")).Line);
    }

    [Theory]
    [InlineData("hello\nMETA\n", 1, "a row before the first section")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n", 7, "the section VOTES is missing")]
    [InlineData("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n", 1, "META has no budget")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;borda\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n", 4, "vote_type 'borda'")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nid;cost\nVOTES\nvoter_id;vote\n", 6, "no 'project_id' column")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5;extra\nVOTES\nvoter_id;vote\n", 7, "3 fields where the PROJECTS header has 2")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n1;6\nVOTES\nvoter_id;vote\n", 8, "project id '1' appears a second time")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv;2\n", 10, "names project '2', which PROJECTS does not list")]
    [InlineData("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv;1\nv;1\n", 11, "voter id 'v' appears a second time")]
    [InlineData("META\nkey;value\nbudget;10\nbudget;11\n", 4, "the META key 'budget' appears a second time")]
    public void Malformed_files_name_the_line_and_the_problem(string text, int line, string problem)
    {
        var error = Fails(text);

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_real_file_written_out_parses_back_to_the_same_file()
    {
        foreach (var name in PabulibData.FileNames())
        {
            var file = PabulibData.Load(name);

            var again = Parse(PabulibWriter.Write(file));

            Assert.Equal(file.Meta.ToArray(), again.Meta.ToArray());
            Assert.Equal(file.Budget, again.Budget);
            Assert.Equal(file.ProjectColumns.ToArray(), again.ProjectColumns.ToArray());
            Assert.Equal(file.Projects.Select(p => (p.Id, p.Cost, string.Join('|', p.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)))),
                again.Projects.Select(p => (p.Id, p.Cost, string.Join('|', p.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)))));
            Assert.Equal(file.Votes.Select(v => (v.VoterId, string.Join(',', v.Projects), string.Join(',', v.Points))),
                again.Votes.Select(v => (v.VoterId, string.Join(',', v.Projects), string.Join(',', v.Points))));
        }
    }
}
