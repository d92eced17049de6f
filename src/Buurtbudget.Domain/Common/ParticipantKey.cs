using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Common;

/// <summary>A person as the platform stores them: a keyed hash (HMAC) of the identity provider's issuer
/// and subject. Never a name, e-mail address, BSN or raw subject. Residents and staff alike.</summary>
[JsonConverter(typeof(ParticipantKeyJsonConverter))]
public readonly record struct ParticipantKey
{
    public ParticipantKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > 128)
        {
            throw new ArgumentException("A participant key is a hash, at most 128 characters.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>The system itself (seeding, scheduled transitions).</summary>
    public static ParticipantKey System { get; } = new("system");

    public override string ToString() => Value;
}

public sealed class ParticipantKeyJsonConverter : JsonConverter<ParticipantKey>
{
    public override ParticipantKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A stored key that breaks the key's own rules is corrupt data: report it as such, not as a bad argument.
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 128)
        {
            throw new JsonException("A participant key is a non-empty string of at most 128 characters.");
        }

        return new ParticipantKey(text);
    }

    public override void Write(Utf8JsonWriter writer, ParticipantKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }

    public override ParticipantKey ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, ParticipantKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Value);
    }
}
