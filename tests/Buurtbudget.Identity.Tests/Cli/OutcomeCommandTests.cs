using System.Text.Json;
using CommandLine = Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Identity.Tests.Cli;

/// <summary>The <c>buurtbudget outcome</c> command, run in-process on small Pabulib files written by each test.</summary>
public sealed class OutcomeCommandTests : IDisposable
{
    // Three voters, budget 100: "a" (60) has 3 approvals, "b" (50) 2, "c" (40) 1. Greedy funds a and c;
    // Equal Shares gives each voter 33.33: a's three supporters pay 20 each, then nobody can pay b or c alone.
    private const string Approval = """
        META
        key;value
        description;"Test; with a quoted ; field"
        budget;100
        vote_type;approval
        currency;EUR
        PROJECTS
        project_id;cost;name
        a;60;"The ""first"" plan"
        b;50;None
        c;40;Third
        VOTES
        voter_id;vote
        1;a,b
        2;a,b
        3;a,c
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("buurtbudget-outcome-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Ids_format_prints_only_the_selected_ids_one_per_line()
    {
        var run = await RunAsync("outcome", Write(Approval), "--rule", "greedy");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a\nc\n", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Mes_leaves_money_that_its_supporters_cannot_spend_and_mes_greedy_completes()
    {
        var mes = await RunAsync("outcome", Write(Approval), "--rule", "mes");
        var completed = await RunAsync("outcome", Write(Approval), "--rule", "mes+greedy");

        Assert.Equal("a\n", mes.Output);
        Assert.Equal("a\nc\n", completed.Output);
    }

    [Fact]
    public async Task Json_format_gives_the_total_and_an_explanation_per_project_in_both_languages()
    {
        var run = await RunAsync("outcome", Write(Approval), "--rule", "mes", "--tie-break", "equal-shares", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("mes", json.RootElement.GetProperty("rule").GetString());
        Assert.Equal("equal-shares", json.RootElement.GetProperty("tieBreak").GetString());
        Assert.Equal("60", json.RootElement.GetProperty("totalCost").GetString());
        var projects = json.RootElement.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(3, projects.Count);
        var b = projects.Single(p => p.GetProperty("id").GetString() == "b");
        Assert.False(b.GetProperty("selected").GetBoolean());
        Assert.Contains("less than its cost of €50.00", b.GetProperty("explanationEn").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Niet gekozen:", b.GetProperty("explanationNl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_format_names_projects_by_their_ids_in_the_file()
    {
        var run = await RunAsync("outcome", Write(Approval), "--rule", "mes", "--format", "explain");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1. a (selected, €60.00)", run.Output, StringComparison.Ordinal);
        Assert.Contains("en: Won with equal shares (step 1): each of its 3 voters had a share of €33.33", run.Output, StringComparison.Ordinal);
        Assert.Contains("nl: Niet gekozen: de 2 stemmers hadden van hun delen", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_exits_2_naming_the_line()
    {
        var run = await RunAsync("outcome", Write(Approval.Replace("b;50;None", "b;fifty;None", StringComparison.Ordinal)), "--rule", "greedy");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("line 10: the cost of project b: 'fifty' is not an amount", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_does_not_suit_the_ballots_exits_2()
    {
        var run = await RunAsync("outcome", Write(Approval), "--rule", "greedy-per-cost");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not suit approval ballots", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rule", "nonsense")]
    [InlineData("--tie-break", "coin-flip")]
    [InlineData("--format", "xml")]
    public async Task Unknown_options_exit_2(string option, string value)
    {
        string[] args = option == "--rule" ? ["outcome", Write(Approval), option, value] : ["outcome", Write(Approval), "--rule", "mes", option, value];

        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var run = await RunAsync("outcome", Path.Combine(directory, "absent.pb"), "--rule", "mes");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No such file", run.Error, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.pb");
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
