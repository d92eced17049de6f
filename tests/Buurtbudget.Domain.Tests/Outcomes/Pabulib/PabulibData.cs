using System.Globalization;
using System.Text;
using System.Text.Json;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Domain.Tests.Outcomes.Pabulib;

/// <summary>The Pabulib files under Data/ (copied with the build) and the reference outcomes next to them.</summary>
internal static class PabulibData
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Outcomes", "Pabulib", "Data");

    public static IEnumerable<string> FileNames() =>
        System.IO.Directory.GetFiles(Directory, "*.pb").Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal);

    public static string Text(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName), Encoding.UTF8);

    public static PabulibFile Load(string fileName)
    {
        var result = PabulibParser.Parse(Text(fileName));
        Assert.True(result.Succeeded, $"{fileName}: {result.Error}");
        return result.File!;
    }

    public static Expected ExpectedFor(string fileName)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, fileName + ".json")));
        var root = json.RootElement;
        var outcomes = root.GetProperty("outcomes").EnumerateObject().ToDictionary(
            rule => rule.Name,
            rule => new ExpectedOutcome(
                [.. rule.Value.GetProperty("selected").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)],
                Amount(rule.Value.GetProperty("total_cost").GetString()!),
                rule.Value.GetProperty("reference_seconds").ValueKind == JsonValueKind.Number ? rule.Value.GetProperty("reference_seconds").GetDouble() : null),
            StringComparer.Ordinal);
        List<string>? selectedInFile = root.TryGetProperty("selected_in_file", out var selected)
            ? [.. selected.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)]
            : null;
        return new Expected(outcomes, selectedInFile, root.GetProperty("rule_in_meta").GetString()!);
    }

    private static Money Amount(string text) =>
        PabulibParser.TryParseAmount(text, out var amount, out var problem) ? amount : throw new FormatException(problem);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed record Expected(Dictionary<string, ExpectedOutcome> Outcomes, List<string>? SelectedInFile, string RuleInMeta);

internal sealed record ExpectedOutcome(List<string> Selected, Money TotalCost, double? ReferenceSeconds);
