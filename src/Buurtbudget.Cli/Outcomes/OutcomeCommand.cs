using System.CommandLine;
using System.Text;
using System.Text.Json;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Cli.Outcomes;

/// <summary><c>buurtbudget outcome FILE.pb --rule RULE</c>: recomputes the winners of a Pabulib instance, so that
/// anyone can check a result. <c>--format ids</c> prints only the selected ids, one per line, for scripts and diffs.</summary>
internal static class OutcomeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A Pabulib .pb file (approval, choose-1 or cumulative ballots)." };
        var rule = new Option<OutcomeRule>("--rule")
        {
            Description = $"The outcome rule: {string.Join(", ", OutcomeRuleNames.AllRules)}.",
            HelpName = string.Join("|", OutcomeRuleNames.AllRules),
            Required = true,
            CustomParser = result => OutcomeRuleNames.TryParseRule(Single(result), out var parsed)
                ? parsed
                : Fail<OutcomeRule>(result, $"Unknown rule '{Single(result)}'; use one of {string.Join(", ", OutcomeRuleNames.AllRules)}."),
        };
        rule.CompletionSources.Add([.. OutcomeRuleNames.AllRules]);
        var tieBreak = new Option<TieBreak>("--tie-break")
        {
            Description = "How ties are broken: lexicographic (smallest id as text, the reference library's default) or equal-shares (cheaper, then more voters, then id).",
            HelpName = string.Join("|", OutcomeRuleNames.AllTieBreaks),
            DefaultValueFactory = _ => TieBreak.Lexicographic,
            CustomParser = result => OutcomeRuleNames.TryParseTieBreak(Single(result), out var parsed)
                ? parsed
                : Fail<TieBreak>(result, $"Unknown tie-break '{Single(result)}'; use one of {string.Join(", ", OutcomeRuleNames.AllTieBreaks)}."),
        };
        tieBreak.CompletionSources.Add([.. OutcomeRuleNames.AllTieBreaks]);
        var format = new Option<string>("--format")
        {
            Description = "ids: the selected project ids, one per line; json: the outcome with explanations; explain: every project with why it won or lost, in Dutch and English.",
            HelpName = "ids|json|explain",
            DefaultValueFactory = _ => "ids",
        };
        format.AcceptOnlyFromAmong("ids", "json", "explain");

        var command = new Command("outcome", "Recompute the winners of a Pabulib .pb file under an outcome rule.") { file, rule, tieBreak, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"No such file: {path.FullName}");
                return ExitCodes.Usage;
            }

            var parsed = PabulibParser.Parse(await File.ReadAllTextAsync(path.FullName, Encoding.UTF8, cancellationToken));
            if (parsed.File is null)
            {
                await error.WriteLineAsync($"{path.Name}, {parsed.Error}");
                return ExitCodes.Usage;
            }

            if (PabulibElection.From(parsed.File, out var problem) is not { } election)
            {
                await error.WriteLineAsync($"{path.Name}: {problem}");
                return ExitCodes.Usage;
            }

            var chosenRule = parseResult.GetValue(rule);
            if (!OutcomeRules.Suits(chosenRule, election.Election.Measure))
            {
                await error.WriteLineAsync($"{path.Name}: the rule {OutcomeRuleNames.Name(chosenRule)} does not suit {parsed.File.VoteType.ToString().ToLowerInvariant()} ballots.");
                return ExitCodes.Usage;
            }

            var outcome = OutcomeRules.Decide(election.Election, chosenRule, parseResult.GetValue(tieBreak), minimumSupport: 0);
            var text = parseResult.GetValue(format) switch
            {
                "json" => Json(outcome, election),
                "explain" => Explain(outcome, election),
                _ => string.Concat(Selected(outcome, election).Select(id => id + "\n")),
            };
            await output.WriteAsync(text);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Selected ids in the file's order of projects, as the reference lists them.</summary>
    private static IEnumerable<string> Selected(RoundOutcome outcome, PabulibElection election) =>
        election.Election.Projects.Where(p => outcome.Winners.Any(w => w.Proposal == p.Proposal)).Select(p => election.ProjectOf(p.Proposal));

    private static string Explain(RoundOutcome outcome, PabulibElection election)
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"{OutcomeRuleNames.Name(outcome.Rule)}, tie-break {OutcomeRuleNames.Name(outcome.TieBreak)}: spent {outcome.Spent.ToEnglishString()} of {outcome.Budget.ToEnglishString()}, {outcome.Turnout} ballots.\n");
        foreach (var result in outcome.Results)
        {
            var explained = OutcomeTexts.Explain(result, election.ProjectOf);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n{result.Rank}. {election.ProjectOf(result.Proposal)} ({(result.Won ? "selected" : "not selected")}, {result.Cost.ToEnglishString()})\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"   nl: {explained.Dutch}\n   en: {explained.English}\n");
        }

        return text.ToString();
    }

    private static string Json(RoundOutcome outcome, PabulibElection election)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("rule", OutcomeRuleNames.Name(outcome.Rule));
            json.WriteString("tieBreak", OutcomeRuleNames.Name(outcome.TieBreak));
            json.WriteString("budget", PabulibWriter.Amount(outcome.Budget));
            json.WriteString("totalCost", PabulibWriter.Amount(outcome.Spent));
            json.WriteNumber("ballots", outcome.Turnout);
            json.WriteStartArray("selected");
            foreach (var id in Selected(outcome, election))
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteStartArray("projects");
            foreach (var result in outcome.Results)
            {
                var explained = OutcomeTexts.Explain(result, election.ProjectOf);
                json.WriteStartObject();
                json.WriteString("id", election.ProjectOf(result.Proposal));
                json.WriteNumber("rank", result.Rank);
                json.WriteBoolean("selected", result.Won);
                json.WriteString("cost", PabulibWriter.Amount(result.Cost));
                json.WriteNumber(outcome.Measure == SupportMeasure.Points ? "points" : "votes", result.Support);
                json.WriteNumber("voters", result.Voters);
                json.WriteString("explanationNl", explained.Dutch);
                json.WriteString("explanationEn", explained.English);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Single(System.CommandLine.Parsing.ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : "";

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
