using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Events as stored: a stable type name and UTF-8 JSON. The store hashes these exact bytes, so the
/// encoding is deterministic: the same event always gives the same bytes.</summary>
public static class RoundEventCodec
{
    // The stored type name is the event's JsonDerivedType discriminator: one list of names, on RoundEvent.
    private static readonly EventCodec<RoundEvent> Codec = new(RoundJsonContext.Default, "round");

    /// <summary>Every stored type name, for storage and audit tools that check a log's types.</summary>
    public static IReadOnlyCollection<string> TypeNames => Codec.TypeNames;

    public static string TypeNameOf(RoundEvent roundEvent) => Codec.TypeNameOf(roundEvent);

    public static (string Type, byte[] Payload) Encode(RoundEvent roundEvent) => Codec.Encode(roundEvent);

    /// <summary>Throws <see cref="System.Text.Json.JsonException"/> or <see cref="FormatException"/> for an unknown type or a corrupt payload.</summary>
    public static RoundEvent Decode(string type, ReadOnlySpan<byte> payload) => Codec.Decode(type, payload);
}
