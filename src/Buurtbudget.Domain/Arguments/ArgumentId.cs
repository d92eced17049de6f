using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Arguments;

/// <summary>An argument's number within its round (1, 2, 3, …): arguments are never removed (a hidden one stays), so
/// the next number is one more than the count.</summary>
[JsonConverter(typeof(ArgumentIdJsonConverter))]
public readonly record struct ArgumentId(int Number) : IComparable<ArgumentId>
{
    public static bool TryParse([NotNullWhen(true)] string? text, out ArgumentId id)
    {
        id = default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return false;
        }

        id = new ArgumentId(number);
        return true;
    }

    public int CompareTo(ArgumentId other) => Number.CompareTo(other.Number);

    public static bool operator <(ArgumentId left, ArgumentId right) => left.Number < right.Number;

    public static bool operator >(ArgumentId left, ArgumentId right) => left.Number > right.Number;

    public static bool operator <=(ArgumentId left, ArgumentId right) => left.Number <= right.Number;

    public static bool operator >=(ArgumentId left, ArgumentId right) => left.Number >= right.Number;

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture);
}

public sealed class ArgumentIdJsonConverter : JsonConverter<ArgumentId>
{
    public override ArgumentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n >= 1
            ? new ArgumentId(n)
            : throw new JsonException("An argument id is a positive whole number.");

    public override void Write(Utf8JsonWriter writer, ArgumentId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Number);
    }
}
