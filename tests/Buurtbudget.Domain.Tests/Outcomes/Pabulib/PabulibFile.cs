using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Tests.Outcomes.Pabulib;

/// <summary>A Pabulib .pb file (approval or cumulative ballots), read the way RULES.md describes the format:
/// sections META, PROJECTS and VOTES of ';'-separated rows with optional quoting, CRLF or LF.</summary>
internal sealed class PabulibFile
{
    private PabulibFile(
        string name,
        ImmutableDictionary<string, string> meta,
        ImmutableArray<(string Id, Money Cost)> projects,
        ImmutableArray<ImmutableArray<(string Id, int Points)>> ballots)
    {
        Name = name;
        Meta = meta;
        Projects = projects;
        Ballots = ballots;
        // Pabulib ids are text and the reference breaks ties on that text. The domain's ids are numbers that the
        // tie-break compares as text, so give every project a number of the same length, handed out in the text
        // order of the original ids: then comparing the numbers as text orders them as the original ids.
        var textOrder = projects.Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        ProposalIds = textOrder.Select((id, rank) => (id, new ProposalId(100_000 + rank))).ToImmutableDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
        OriginalIds = ProposalIds.ToImmutableDictionary(p => p.Value, p => p.Key);
    }

    public string Name { get; }

    public ImmutableDictionary<string, string> Meta { get; }

    public ImmutableArray<(string Id, Money Cost)> Projects { get; }

    /// <summary>Each ballot's (project, points); approval ballots give 1 point per project.</summary>
    public ImmutableArray<ImmutableArray<(string Id, int Points)>> Ballots { get; }

    public ImmutableDictionary<string, ProposalId> ProposalIds { get; }

    public ImmutableDictionary<ProposalId, string> OriginalIds { get; }

    public bool IsCumulative => string.Equals(Meta["vote_type"], "cumulative", StringComparison.Ordinal);

    public Money Budget => Euros(Meta["budget"]);

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Outcomes", "Pabulib", "Data");

    public static PabulibFile Load(string fileName) => Parse(fileName, File.ReadAllText(Path.Combine(DataDirectory, fileName), Encoding.UTF8));

    public static PabulibFile Parse(string name, string text)
    {
        var meta = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var projects = ImmutableArray.CreateBuilder<(string, Money)>();
        var ballots = ImmutableArray.CreateBuilder<ImmutableArray<(string, int)>>();
        string? section = null;
        string[]? header = null;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed is "META" or "PROJECTS" or "VOTES")
            {
                section = trimmed;
                header = null;
                continue;
            }

            var fields = SplitRow(trimmed);
            if (header is null)
            {
                header = fields;
                continue;
            }

            var row = header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            switch (section)
            {
                case "META":
                    meta[row["key"]] = row["value"];
                    break;
                case "PROJECTS":
                    projects.Add((row["project_id"], Euros(row["cost"])));
                    break;
                case "VOTES":
                    ballots.Add(Ballot(name, row));
                    break;
                default:
                    throw new FormatException($"{name}: a row before the first section.");
            }
        }

        var voteType = meta.TryGetValue("vote_type", out var type) ? type : throw new FormatException($"{name}: no vote_type.");
        if (voteType is not ("approval" or "cumulative"))
        {
            throw new FormatException($"{name}: {voteType} ballots are not supported by this reader.");
        }

        return new PabulibFile(name, meta.ToImmutable(), projects.ToImmutable(), ballots.ToImmutable());
    }

    /// <summary>Support per project as the rules define it: approvals (a project listed twice counts once) or points.</summary>
    public ImmutableArray<OutcomeCandidate> Candidates()
    {
        var voters = Projects.ToDictionary(p => p.Id, _ => 0L, StringComparer.Ordinal);
        var points = Projects.ToDictionary(p => p.Id, _ => 0L, StringComparer.Ordinal);
        foreach (var ballot in Ballots)
        {
            foreach (var (id, given) in IsCumulative ? ballot : ballot.DistinctBy(c => c.Id))
            {
                voters[id]++;
                points[id] += given;
            }
        }

        return [.. Projects.Select(p => new OutcomeCandidate(ProposalIds[p.Id], p.Cost, IsCumulative ? points[p.Id] : voters[p.Id], voters[p.Id]))];
    }

    private static ImmutableArray<(string, int)> Ballot(string name, Dictionary<string, string> row)
    {
        var vote = row["vote"].Trim();
        if (vote.Length == 0)
        {
            return [];
        }

        var ids = vote.Split(',').Select(id => id.Trim()).ToArray();
        if (!row.TryGetValue("points", out var pointsText) || pointsText.Trim().Length == 0 || string.Equals(pointsText.Trim(), "None", StringComparison.Ordinal))
        {
            return [.. ids.Select(id => (id, 1))];
        }

        var points = pointsText.Split(',').Select(p => int.Parse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
        if (points.Length != ids.Length)
        {
            throw new FormatException($"{name}: a ballot lists {ids.Length} projects but {points.Length} points.");
        }

        return [.. ids.Zip(points)];
    }

    /// <summary>Pabulib amounts are euros, sometimes with decimals ("75000.0"); the domain counts whole cents.</summary>
    private static Money Euros(string text)
    {
        var euros = decimal.Parse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);
        var cents = euros * 100;
        return cents == decimal.Truncate(cents)
            ? new Money((long)cents)
            : throw new FormatException($"{text} is not a whole number of cents.");
    }

    /// <summary>One ';'-separated row; a quoted field may hold ';' and doubled quotes.</summary>
    private static string[] SplitRow(string line)
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

        fields.Add(field.ToString());
        return [.. fields];
    }
}
