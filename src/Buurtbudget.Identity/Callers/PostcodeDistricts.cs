using System.Collections.Frozen;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Identity.Callers;

/// <summary>The municipality's postcode-to-wijk table (from CBS "Buurt, wijk en gemeente" or the BAG): lets an
/// identity broker that verifies an address (a <c>postal_code</c> claim) place a resident in their wijk. A PC6
/// entry ("3021AB") wins over a PC4 entry ("3021"), for the PC4 areas that span wijken.</summary>
public sealed class PostcodeDistricts
{
    private readonly FrozenDictionary<string, DistrictCode> _table;

    private PostcodeDistricts(FrozenDictionary<string, DistrictCode> table) => _table = table;

    public static PostcodeDistricts Empty { get; } = new(FrozenDictionary<string, DistrictCode>.Empty);

    public int Count => _table.Count;

    /// <summary>Reads the table; a line that is not a postcode and a wijk code stops start-up with its number.</summary>
    public static PostcodeDistricts Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Empty;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Authentication:PostcodeTable '{Path.GetFullPath(path)}' does not exist.");
        }

        return Parse(File.ReadLines(path), path);
    }

    public static PostcodeDistricts Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var table = new Dictionary<string, DistrictCode>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || (number == 1 && trimmed.StartsWith("postcode", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = trimmed.Split([';', ','], 2);
            if (fields.Length != 2 || Normalize(fields[0]) is not { } postcode || !DistrictCode.TryParse(fields[1].Trim(), out var district))
            {
                throw new InvalidOperationException($"{source} line {number}: '{trimmed}' is not 'postcode;wijkcode' (e.g. '3021AB;WK059903').");
            }

            table[postcode] = district;
        }

        return new PostcodeDistricts(table.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The wijk of a postcode, or null when the table does not know it (then the claim grants nothing).</summary>
    public DistrictCode? DistrictOf(string? postalCode)
    {
        if (Normalize(postalCode) is not { } postcode)
        {
            return null;
        }

        if (_table.TryGetValue(postcode, out var district))
        {
            return district;
        }

        return postcode.Length == 6 && _table.TryGetValue(postcode[..4], out district) ? district : null;
    }

    /// <summary>"3021 ab" → "3021AB"; "3021" stays; anything else is not a Dutch postcode.</summary>
    private static string? Normalize(string? text)
    {
        var compact = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var digits = compact.Length >= 4 && compact[0] != '0' && compact[..4].All(char.IsAsciiDigit);
        return compact.Length switch
        {
            4 when digits => compact,
            6 when digits && compact[4..].All(char.IsAsciiLetterUpper) => compact,
            _ => null,
        };
    }
}
