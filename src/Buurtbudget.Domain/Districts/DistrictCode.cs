using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Districts;

/// <summary>A wijk by its CBS code: "WK" followed by six digits, the first four of which are the
/// municipality's CBS number (WK059903 is wijk 03 of Rotterdam, GM0599).</summary>
[JsonConverter(typeof(DistrictCodeJsonConverter))]
public readonly record struct DistrictCode
{
    private DistrictCode(string value) => Value = value;

    public string Value { get; }

    public MunicipalityCode Municipality => MunicipalityCode.Parse("GM" + Value.Substring(2, 4));

    public static bool TryParse([NotNullWhen(true)] string? text, out DistrictCode code)
    {
        code = default;
        if (text is null || text.Length != 8 || text[0] != 'W' || text[1] != 'K' || !CbsCode.AllDigits(text.AsSpan(2)))
        {
            return false;
        }

        code = new DistrictCode(text);
        return true;
    }

    /// <summary>Parses or returns the error a person can act on.</summary>
    public static DistrictCode Parse(string? text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a CBS district code (WK followed by six digits, e.g. WK059903).");

    public static DomainError InvalidError(string? text) =>
        DomainError.Of(DistrictErrors.InvalidDistrictCode, ("value", text ?? ""));

    public override string ToString() => Value ?? "";
}

/// <summary>A buurt by its CBS code: "BU" followed by eight digits; the first six are its wijk's.</summary>
[JsonConverter(typeof(BuurtCodeJsonConverter))]
public readonly record struct BuurtCode
{
    private BuurtCode(string value) => Value = value;

    public string Value { get; }

    public DistrictCode District => DistrictCode.Parse("WK" + Value.Substring(2, 6));

    public static bool TryParse([NotNullWhen(true)] string? text, out BuurtCode code)
    {
        code = default;
        if (text is null || text.Length != 10 || text[0] != 'B' || text[1] != 'U' || !CbsCode.AllDigits(text.AsSpan(2)))
        {
            return false;
        }

        code = new BuurtCode(text);
        return true;
    }

    public static BuurtCode Parse(string? text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a CBS buurt code (BU followed by eight digits, e.g. BU05990310).");

    public override string ToString() => Value ?? "";
}

/// <summary>A gemeente by its CBS code: "GM" followed by four digits (GM0599 Rotterdam, GM0363 Amsterdam).</summary>
[JsonConverter(typeof(MunicipalityCodeJsonConverter))]
public readonly record struct MunicipalityCode
{
    private MunicipalityCode(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out MunicipalityCode code)
    {
        code = default;
        if (text is null || text.Length != 6 || text[0] != 'G' || text[1] != 'M' || !CbsCode.AllDigits(text.AsSpan(2)))
        {
            return false;
        }

        code = new MunicipalityCode(text);
        return true;
    }

    public static MunicipalityCode Parse(string? text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a CBS municipality code (GM followed by four digits, e.g. GM0599).");

    public override string ToString() => Value ?? "";
}

public static class DistrictErrors
{
    public const string InvalidDistrictCode = "invalid-district-code";
    public const string InvalidBuurtCode = "invalid-buurt-code";
    public const string BuurtOutsideDistrict = "buurt-outside-district";
    public const string InvalidLocation = "invalid-location";

    /// <summary>A new proposal's location on earth but outside the Netherlands' bounding box
    /// (<see cref="GeoPoint.IsInNetherlands"/>), refused where proposals enter the platform. Args: latitude, longitude.</summary>
    public const string LocationOutsideNetherlands = "location-outside-netherlands";
}

internal static class CbsCode
{
    public static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

public sealed class DistrictCodeJsonConverter : JsonConverter<DistrictCode>
{
    public override DistrictCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DistrictCode.TryParse(text, out var code)
            ? code
            : throw new JsonException($"'{text}' is not a CBS district code (WK followed by six digits, e.g. WK059903).");
    }

    public override void Write(Utf8JsonWriter writer, DistrictCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

public sealed class BuurtCodeJsonConverter : JsonConverter<BuurtCode>
{
    public override BuurtCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return BuurtCode.TryParse(text, out var code)
            ? code
            : throw new JsonException($"'{text}' is not a CBS buurt code (BU followed by eight digits, e.g. BU05990310).");
    }

    public override void Write(Utf8JsonWriter writer, BuurtCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

public sealed class MunicipalityCodeJsonConverter : JsonConverter<MunicipalityCode>
{
    public override MunicipalityCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return MunicipalityCode.TryParse(text, out var code)
            ? code
            : throw new JsonException($"'{text}' is not a CBS municipality code (GM followed by four digits, e.g. GM0599).");
    }

    public override void Write(Utf8JsonWriter writer, MunicipalityCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
