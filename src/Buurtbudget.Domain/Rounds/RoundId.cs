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
        if (!Guid.TryParse(text, out var guid) || guid == Guid.Empty)
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
