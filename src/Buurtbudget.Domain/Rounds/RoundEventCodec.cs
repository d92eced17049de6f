using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Events as stored: a stable type name and UTF-8 JSON. The store hashes these exact bytes, so the
/// encoding is deterministic: the same event always gives the same bytes.</summary>
public static class RoundEventCodec
{
    // The stored type name is the event's JsonDerivedType discriminator: one list of names, on RoundEvent.
    private static readonly FrozenDictionary<Type, string> NamesByType = typeof(RoundEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private static readonly FrozenDictionary<string, JsonTypeInfo> TypeInfoByName = NamesByType
        .ToFrozenDictionary(pair => pair.Value, pair => RoundJsonContext.Default.GetTypeInfo(pair.Key)
            ?? throw new InvalidOperationException($"{pair.Key.Name} is missing from RoundJsonContext."), StringComparer.Ordinal);

    /// <summary>Every stored type name, for storage and audit tools that check a log's types.</summary>
    public static IReadOnlyCollection<string> TypeNames => TypeInfoByName.Keys;

    public static string TypeNameOf(RoundEvent roundEvent)
    {
        ArgumentNullException.ThrowIfNull(roundEvent);
        return NamesByType.TryGetValue(roundEvent.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{roundEvent.GetType().Name} is not a registered round event.", nameof(roundEvent));
    }

    public static (string Type, byte[] Payload) Encode(RoundEvent roundEvent)
    {
        var type = TypeNameOf(roundEvent);
        return (type, JsonSerializer.SerializeToUtf8Bytes(roundEvent, TypeInfoByName[type]));
    }

    /// <summary>Throws <see cref="System.Text.Json.JsonException"/> or <see cref="FormatException"/> for an unknown type or a corrupt payload.</summary>
    public static RoundEvent Decode(string type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!TypeInfoByName.TryGetValue(type, out var typeInfo))
        {
            throw new FormatException($"'{type}' is not a known round event type.");
        }

        object? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize(payload, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new JsonException($"The payload of a '{type}' event is corrupt: {exception.Message}", exception.Path, exception.LineNumber, exception.BytePositionInLine, exception);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or OverflowException or NotSupportedException)
        {
            // Value types that validate themselves (ids, codes, keys) throw their own exceptions on bad data, and the
            // serializer throws NotSupportedException for a polymorphic member whose discriminator is missing.
            throw new JsonException($"The payload of a '{type}' event is corrupt: {exception.Message}", exception);
        }

        return decoded as RoundEvent ?? throw new JsonException($"The payload of a '{type}' event is empty (null).");
    }
}
