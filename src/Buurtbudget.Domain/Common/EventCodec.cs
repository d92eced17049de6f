using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Buurtbudget.Domain.Common;

/// <summary>The one way an aggregate's events become stored bytes and back: a stable type name (the event's
/// JsonDerivedType discriminator on <typeparamref name="TEvent"/>) and UTF-8 JSON from a source-generated context. The
/// store hashes these exact bytes, so the encoding is deterministic. A round's and a wijk budget's events each have one.</summary>
internal sealed class EventCodec<TEvent>
    where TEvent : class
{
    private readonly FrozenDictionary<Type, string> _namesByType;
    private readonly FrozenDictionary<string, JsonTypeInfo> _typeInfoByName;
    private readonly string _noun;

    /// <param name="noun">What the events are of, for messages: "round", "wijk budget".</param>
    public EventCodec(JsonSerializerContext context, string noun)
    {
        ArgumentNullException.ThrowIfNull(context);
        _noun = noun;
        _namesByType = typeof(TEvent)
            .GetCustomAttributes<JsonDerivedTypeAttribute>()
            .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
        _typeInfoByName = _namesByType
            .ToFrozenDictionary(pair => pair.Value, pair => context.GetTypeInfo(pair.Key)
                ?? throw new InvalidOperationException($"{pair.Key.Name} is missing from {context.GetType().Name}."), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> TypeNames => _typeInfoByName.Keys;

    public bool Knows(string type) => _typeInfoByName.ContainsKey(type);

    public string TypeNameOf(TEvent storedEvent)
    {
        ArgumentNullException.ThrowIfNull(storedEvent);
        return _namesByType.TryGetValue(storedEvent.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{storedEvent.GetType().Name} is not a registered {_noun} event.", nameof(storedEvent));
    }

    public (string Type, byte[] Payload) Encode(TEvent storedEvent)
    {
        var type = TypeNameOf(storedEvent);
        return (type, JsonSerializer.SerializeToUtf8Bytes(storedEvent, _typeInfoByName[type]));
    }

    public TEvent Decode(string type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_typeInfoByName.TryGetValue(type, out var typeInfo))
        {
            throw new FormatException($"'{type}' is not a known {_noun} event type.");
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

        return decoded as TEvent ?? throw new JsonException($"The payload of a '{type}' event is empty (null).");
    }
}
