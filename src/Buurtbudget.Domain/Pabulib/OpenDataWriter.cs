using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>The same anonymised round as its Pabulib file (<see cref="PabulibRoundExport"/>), for tools that read CSV
/// or JSON: the projects and the ballots as CSV tables (RFC 4180, comma-separated, a header row), or the whole file as
/// one JSON document. Columns and values are the Pabulib file's, so a result recomputed from either agrees; the one
/// difference is that a CSV text cell a spreadsheet would run as a formula starts with an apostrophe (see
/// <see cref="Csv"/>). The Pabulib file itself (<see cref="PabulibWriter"/>) stays exact: it is read by tools, not
/// opened in a spreadsheet, and its hash is what auditors compare.</summary>
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

    /// <summary>An RFC 4180 table: a header row, comma-separated, CRLF line ends, fields quoted where needed. The one
    /// CSV writer of the platform: every CSV it serves (open data, the city's tables, voting codes) is written here, so
    /// that each gets the same defence against formula injection.</summary>
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

    private static string Quote(string field)
    {
        field = Neutralised(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }

    /// <summary>A cell that starts with = + - @, a tab or a carriage return is run as a formula by Excel, LibreOffice
    /// and Google Sheets, so a proposal titled <c>=HYPERLINK(…)</c> would act in the spreadsheet of whoever opens the
    /// export. As OWASP advises, such a cell gets a leading apostrophe, which makes it text. A plain number (a negative
    /// longitude, say) is left alone: it is no formula, and an apostrophe would turn data into text.</summary>
    private static string Neutralised(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;
}
