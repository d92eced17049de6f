using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Rounds;

[JsonConverter(typeof(RoundIdJsonConverter))]
public readonly record struct RoundId(Guid Value)
{
    public static RoundId New() => new(Guid.CreateVersion7());

    public static bool TryParse([NotNullWhen(true)] string? text, out RoundId id)
    {
        id = default;
        // One spelling per round, the one ToString writes. Guid.TryParse also reads upper case, no dashes, braces,
        // parentheses and padding; each would be another key wherever an id is compared as text (a rate-limit
        // partition, a log line, a cache), so they are refused rather than quietly read.
        if (!Guid.TryParseExact(text, "D", out var guid) || guid == Guid.Empty || !string.Equals(guid.ToString("D"), text, StringComparison.Ordinal))
        {
            return false;
        }

        id = new RoundId(guid);
        return true;
    }

    public static RoundId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a round id.");

    public override string ToString() => Value.ToString("D");
}

public sealed class RoundIdJsonConverter : JsonConverter<RoundId>
{
    public override RoundId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RoundId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("A round id is a UUID.");

    public override void Write(Utf8JsonWriter writer, RoundId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
