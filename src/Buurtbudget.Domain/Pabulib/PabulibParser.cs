using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>Reads the Pabulib <c>.pb</c> format completely: sections META, PROJECTS and VOTES, each a header row and
/// <c>;</c>-separated rows; fields may be quoted (<c>"a;b"</c>, doubled quotes inside); LF or CRLF; the literal
/// <c>None</c> means missing. A malformed file comes back as a <see cref="PabulibError"/> naming the line, never as
/// an exception: files come from outside.</summary>
public static class PabulibParser
{
    private static readonly string[] Sections = ["META", "PROJECTS", "VOTES"];

    public static PabulibParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return new PabulibParseResult(Read(text), null);
        }
        catch (PabulibFormatException problem)
        {
            return new PabulibParseResult(null, new PabulibError(problem.Line, problem.Message));
        }
    }

    private static PabulibFile Read(string text)
    {
        var meta = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var projectRows = new List<(int Line, string[] Fields)>();
        var voteRows = new List<(int Line, string[] Fields)>();
        string[]? metaHeader = null, projectHeader = null, voteHeader = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? section = null;
        string[]? header = null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].TrimEnd('\r');
            if (index == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitRow(line, number);
            if (fields.Length == 1 && Sections.Contains(fields[0].Trim(), StringComparer.Ordinal))
            {
                section = fields[0].Trim();
                if (!seen.Add(section))
                {
                    throw new PabulibFormatException(number, $"the section {section} appears a second time.");
                }

                header = null;
                continue;
            }

            if (section is null)
            {
                throw new PabulibFormatException(number, "a row before the first section; a Pabulib file starts with META.");
            }

            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                CheckHeader(section, header, number);
                _ = section switch
                {
                    "META" => metaHeader = header,
                    "PROJECTS" => projectHeader = header,
                    _ => voteHeader = header,
                };
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new PabulibFormatException(number, $"{fields.Length} fields where the {section} header has {header.Length}.");
            }

            switch (section)
            {
                case "META":
                    var key = fields[Array.IndexOf(header, "key")].Trim();
                    if (meta.Any(pair => string.Equals(pair.Key, key, StringComparison.Ordinal)))
                    {
                        throw new PabulibFormatException(number, $"the META key '{key}' appears a second time.");
                    }

                    meta.Add(new(key, fields[Array.IndexOf(header, "value")].Trim()));
                    break;
                case "PROJECTS":
                    projectRows.Add((number, fields));
                    break;
                default:
                    voteRows.Add((number, fields));
                    break;
            }
        }

        var lastLine = lines.Length;
        while (lastLine > 1 && lines[lastLine - 1].Trim().Length == 0)
        {
            lastLine--;
        }

        if (metaHeader is null || projectHeader is null || voteHeader is null)
        {
            var missing = metaHeader is null ? "META" : projectHeader is null ? "PROJECTS" : "VOTES";
            throw new PabulibFormatException(lastLine, $"the section {missing} is missing or has no header row.");
        }

        var metaLines = FindMetaLines(lines);
        var budgetText = Value(meta, "budget") ?? throw new PabulibFormatException(metaLines.Start, "META has no budget.");
        var budget = ParseAmount(budgetText, metaLines.Of("budget"), "the budget");
        var voteTypeText = Value(meta, "vote_type") ?? throw new PabulibFormatException(metaLines.Start, "META has no vote_type.");
        var voteType = voteTypeText switch
        {
            "approval" => PabulibVoteType.Approval,
            "choose-1" => PabulibVoteType.ChooseOne,
            "cumulative" => PabulibVoteType.Cumulative,
            "ordinal" => PabulibVoteType.Ordinal,
            _ => throw new PabulibFormatException(metaLines.Of("vote_type"), $"vote_type '{voteTypeText}' is not one of approval, choose-1, cumulative, ordinal."),
        };

        var projects = ReadProjects(projectHeader, projectRows);
        var votes = ReadVotes(voteHeader, voteRows, voteType, projects.Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
        return new PabulibFile(meta.ToImmutable(), budget, voteType, [.. projectHeader], projects, [.. voteHeader], votes);
    }

    private static void CheckHeader(string section, string[] header, int line)
    {
        string[] required = section switch
        {
            "META" => ["key", "value"],
            "PROJECTS" => ["project_id", "cost"],
            _ => ["voter_id", "vote"],
        };
        foreach (var column in required)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw new PabulibFormatException(line, $"the {section} header has no '{column}' column.");
            }
        }

        var duplicate = header.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new PabulibFormatException(line, $"the {section} header names the column '{duplicate.Key}' twice.");
        }
    }

    private static ImmutableArray<PabulibProject> ReadProjects(string[] header, List<(int Line, string[] Fields)> rows)
    {
        var idColumn = Array.IndexOf(header, "project_id");
        var costColumn = Array.IndexOf(header, "cost");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var projects = ImmutableArray.CreateBuilder<PabulibProject>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            var id = fields[idColumn].Trim();
            if (IsMissing(id))
            {
                throw new PabulibFormatException(line, "a project without a project_id.");
            }

            if (id.Contains(',', StringComparison.Ordinal))
            {
                throw new PabulibFormatException(line, $"project id '{id}' contains a comma, which separates projects in a vote.");
            }

            if (!ids.Add(id))
            {
                throw new PabulibFormatException(line, $"project id '{id}' appears a second time.");
            }

            var cost = ParseAmount(fields[costColumn], line, $"the cost of project {id}");
            projects.Add(new PabulibProject(id, cost, OtherFields(header, fields, "project_id", "cost")));
        }

        return projects.MoveToImmutable();
    }

    private static ImmutableArray<PabulibVote> ReadVotes(string[] header, List<(int Line, string[] Fields)> rows, PabulibVoteType voteType, HashSet<string> projectIds)
    {
        var voterColumn = Array.IndexOf(header, "voter_id");
        var voteColumn = Array.IndexOf(header, "vote");
        var pointsColumn = Array.IndexOf(header, "points");
        if (voteType == PabulibVoteType.Cumulative && pointsColumn < 0)
        {
            throw new PabulibFormatException(rows.Count > 0 ? rows[0].Line - 1 : 0, "cumulative votes need a 'points' column in VOTES.");
        }

        var voters = new HashSet<string>(StringComparer.Ordinal);
        var votes = ImmutableArray.CreateBuilder<PabulibVote>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            var voter = fields[voterColumn].Trim();
            if (IsMissing(voter))
            {
                throw new PabulibFormatException(line, "a vote without a voter_id.");
            }

            if (!voters.Add(voter))
            {
                throw new PabulibFormatException(line, $"voter id '{voter}' appears a second time.");
            }

            var voteText = fields[voteColumn].Trim();
            ImmutableArray<string> chosen = IsMissing(voteText) ? [] : [.. voteText.Split(',').Select(id => id.Trim())];
            foreach (var id in chosen)
            {
                if (!projectIds.Contains(id))
                {
                    throw new PabulibFormatException(line, id.Length == 0 ? "an empty project id in the vote." : $"the vote names project '{id}', which PROJECTS does not list.");
                }
            }

            if (voteType == PabulibVoteType.ChooseOne && chosen.Length > 1)
            {
                throw new PabulibFormatException(line, $"a choose-1 vote lists {chosen.Length} projects.");
            }

            if (voteType == PabulibVoteType.Ordinal && chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Length)
            {
                throw new PabulibFormatException(line, "an ordinal vote ranks the same project twice.");
            }

            ImmutableArray<long> points = [];
            if (voteType == PabulibVoteType.Cumulative)
            {
                points = ReadPoints(fields[pointsColumn], chosen, line);
            }

            votes.Add(new PabulibVote(voter, chosen, points, OtherFields(header, fields, "voter_id", "vote", "points")));
        }

        return votes.MoveToImmutable();
    }

    private static ImmutableArray<long> ReadPoints(string text, ImmutableArray<string> chosen, int line)
    {
        var trimmed = text.Trim();
        if (IsMissing(trimmed))
        {
            return chosen.IsEmpty ? [] : throw new PabulibFormatException(line, "a cumulative vote without points.");
        }

        var parts = trimmed.Split(',');
        if (parts.Length != chosen.Length)
        {
            throw new PabulibFormatException(line, $"the vote lists {chosen.Length} projects but {parts.Length} points.");
        }

        var points = ImmutableArray.CreateBuilder<long>(parts.Length);
        foreach (var part in parts)
        {
            if (!long.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue)
            {
                throw new PabulibFormatException(line, $"points '{part.Trim()}' are not a whole number of at least 0.");
            }

            points.Add(value);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (chosen.Any(id => !seen.Add(id)))
        {
            throw new PabulibFormatException(line, "a cumulative vote gives points to the same project twice.");
        }

        return points.MoveToImmutable();
    }

    private static ImmutableDictionary<string, string> OtherFields(string[] header, string[] fields, params string[] except)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var column = 0; column < header.Length; column++)
        {
            if (!except.Contains(header[column], StringComparer.Ordinal) && !IsMissing(fields[column].Trim()))
            {
                builder[header[column]] = fields[column];
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>An amount in the file's currency: digits with an optional decimal part of at most two places (trailing
    /// zeros aside). Buurtbudget counts whole cents, so a fraction of a cent is refused rather than rounded.</summary>
    public static bool TryParseAmount(string text, out Money amount, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        amount = Money.Zero;
        var trimmed = text.Trim();
        var point = trimmed.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? trimmed : trimmed[..point];
        var fraction = point < 0 ? "" : trimmed[(point + 1)..].TrimEnd('0');
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (point >= 0 && point == trimmed.Length - 1))
        {
            problem = $"'{trimmed}' is not an amount (digits, optionally a '.' and decimals).";
            return false;
        }

        if (fraction.Length > 2)
        {
            problem = $"'{trimmed}' has a fraction of a cent; amounts must be whole cents (at most two decimals).";
            return false;
        }

        if (whole.Length > 15)
        {
            problem = $"'{trimmed}' is too large.";
            return false;
        }

        var cents = (long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) * 100)
            + long.Parse(fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        amount = new Money(cents);
        problem = null;
        return true;
    }

    private static Money ParseAmount(string text, int line, string what) =>
        TryParseAmount(text, out var amount, out var problem) ? amount : throw new PabulibFormatException(line, $"{what}: {problem}");

    private static bool IsMissing(string value) => value.Length == 0 || string.Equals(value, "None", StringComparison.Ordinal);

    private static string? Value(IEnumerable<KeyValuePair<string, string>> meta, string key) =>
        meta.Where(pair => string.Equals(pair.Key, key, StringComparison.Ordinal)).Select(pair => pair.Value).FirstOrDefault(value => !IsMissing(value));

    /// <summary>Where META rows are, so errors about a META value name its line.</summary>
    private static MetaLines FindMetaLines(string[] lines)
    {
        var start = 0;
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r').TrimStart('\uFEFF').Trim();
            if (string.Equals(line, "META", StringComparison.Ordinal))
            {
                start = index + 1;
                continue;
            }

            if (start == 0)
            {
                continue;
            }

            if (string.Equals(line, "PROJECTS", StringComparison.Ordinal) || string.Equals(line, "VOTES", StringComparison.Ordinal))
            {
                break;
            }

            var separator = line.IndexOf(';', StringComparison.Ordinal);
            if (separator > 0)
            {
                byKey.TryAdd(line[..separator].Trim().Trim('"'), index + 1);
            }
        }

        return new MetaLines(start, byKey);
    }

    /// <summary>One row; a quoted field may hold <c>;</c> and doubled quotes. Quotes must close on the same line.</summary>
    private static string[] SplitRow(string line, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var index = 0; index < line.Length; index++)
        {
            var c = line[index];
            if (quoted)
            {
                if (c == '"' && index + 1 < line.Length && line[index + 1] == '"')
                {
                    field.Append('"');
                    index++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new PabulibFormatException(number, "a quoted field is not closed on this line.");
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private sealed record MetaLines(int Start, Dictionary<string, int> ByKey)
    {
        public int Of(string key) => ByKey.TryGetValue(key, out var line) ? line : Start;
    }
}

/// <summary>Internal signal carrying a problem to <see cref="PabulibParser.Parse"/>, which turns it into a value.</summary>
internal sealed class PabulibFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
