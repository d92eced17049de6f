using System.Globalization;
using System.Text;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>Writes a <see cref="PabulibFile"/> in the <c>.pb</c> format that <see cref="PabulibParser"/> reads back to
/// the same file: META as it stands (the budget's text included), columns in their order, costs in the currency's
/// units with cents only where there are any, missing values as <c>None</c>, fields quoted only where they must be.</summary>
public static class PabulibWriter
{
    public static string Write(PabulibFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var text = new StringBuilder();
        text.Append("META\n");
        Row(text, ["key", "value"]);
        foreach (var (key, value) in file.Meta)
        {
            Row(text, [key, value]);
        }

        text.Append("PROJECTS\n");
        Row(text, file.ProjectColumns);
        foreach (var row in ProjectRows(file))
        {
            Row(text, row);
        }

        text.Append("VOTES\n");
        Row(text, file.VoteColumns);
        foreach (var row in VoteRows(file))
        {
            Row(text, row);
        }

        return text.ToString();
    }

    /// <summary>Every project as its fields' text, in <see cref="PabulibFile.ProjectColumns"/> order (missing: <c>None</c>).</summary>
    public static IEnumerable<string[]> ProjectRows(PabulibFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Projects.Select(project => file.ProjectColumns.Select(column => column switch
        {
            "project_id" => project.Id,
            "cost" => Amount(project.Cost),
            _ => project.Fields.GetValueOrDefault(column, "None"),
        }).ToArray());
    }

    /// <summary>Every ballot as its fields' text, in <see cref="PabulibFile.VoteColumns"/> order (missing: <c>None</c>).</summary>
    public static IEnumerable<string[]> VoteRows(PabulibFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Votes.Select(vote => file.VoteColumns.Select(column => column switch
        {
            "voter_id" => vote.VoterId,
            "vote" => string.Join(',', vote.Projects),
            "points" => vote.Points.IsEmpty ? "None" : string.Join(',', vote.Points.Select(p => p.ToString(CultureInfo.InvariantCulture))),
            _ => vote.Fields.GetValueOrDefault(column, "None"),
        }).ToArray());
    }

    /// <summary>"1250" for € 1.250,00 and "1250.5" for € 1.250,50, as Pabulib files write amounts.</summary>
    public static string Amount(Money amount)
    {
        var euros = (amount.Cents / 100).ToString(CultureInfo.InvariantCulture);
        var cents = Math.Abs(amount.Cents % 100);
        return cents == 0 ? euros : $"{euros}.{cents.ToString("00", CultureInfo.InvariantCulture).TrimEnd('0')}";
    }

    private static void Row(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(';', fields.Select(Quote));
        text.Append('\n');
    }

    private static string Quote(string field) =>
        field.Contains(';', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) || !string.Equals(field, field.Trim(), StringComparison.Ordinal)
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;
}
