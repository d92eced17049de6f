using System.Text;
using System.Text.Json;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>The same anonymised round as its Pabulib file (<see cref="PabulibRoundExport"/>), for tools that read CSV
/// or JSON: the projects and the ballots as CSV tables (RFC 4180, comma-separated, a header row), or the whole file as
/// one JSON document. Columns and values are exactly the Pabulib file's, so a result recomputed from either agrees.</summary>
public static class OpenDataWriter
{
    public static string ProjectsCsv(PabulibFile file) => Csv(file.ProjectColumns, PabulibWriter.ProjectRows(file));

    public static string VotesCsv(PabulibFile file) => Csv(file.VoteColumns, PabulibWriter.VoteRows(file));

    /// <summary><c>{"meta":{…},"projects":[{column: value}],"votes":[{column: value}]}</c>, values as text.</summary>
    public static byte[] Json(PabulibFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Json(
            file.Meta,
            [("projects", file.ProjectColumns, PabulibWriter.ProjectRows(file)), ("votes", file.VoteColumns, PabulibWriter.VoteRows(file))]);
    }

    /// <summary><c>{"meta":{…},"name":[{column: value}], …}</c>: each table an array of objects, values as text, so
    /// that a JSON reader gets exactly what the CSV tables hold.</summary>
    public static byte[] Json(
        IEnumerable<KeyValuePair<string, string>> meta,
        IEnumerable<(string Name, IReadOnlyList<string> Columns, IEnumerable<string[]> Rows)> tables)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(tables);
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("meta");
            foreach (var (key, value) in meta)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            foreach (var (name, columns, rows) in tables)
            {
                Table(json, name, columns, rows);
            }

            json.WriteEndObject();
        }

        return output.ToArray();
    }

    private static void Table(Utf8JsonWriter json, string name, IReadOnlyList<string> columns, IEnumerable<string[]> rows)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                json.WriteString(columns[i], row[i]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>An RFC 4180 table: a header row, comma-separated, CRLF line ends, fields quoted where needed.</summary>
    public static string Csv(IReadOnlyList<string> columns, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        Line(text, columns);
        foreach (var row in rows)
        {
            Line(text, row);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
