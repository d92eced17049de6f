using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Wijken;

/// <summary>A wijk budget's events as stored, like <see cref="Rounds.RoundEventCodec"/> for a round's.</summary>
public static class WijkBudgetEventCodec
{
    /// <summary>Every wijk budget event's stored type name starts with this, and no round event's does: a store lists
    /// rounds by the type of each log's first event, and leaves these out.</summary>
    public const string TypePrefix = "wijk-budget-";

    private static readonly EventCodec<WijkBudgetEvent> Codec = new(WijkBudgetJsonContext.Default, "wijk budget");

    public static IReadOnlyCollection<string> TypeNames => Codec.TypeNames;

    /// <summary>Whether <paramref name="type"/> names a wijk budget's event (by its prefix), known to this build or not.</summary>
    public static bool IsWijkBudgetType(string type) => type.StartsWith(TypePrefix, StringComparison.Ordinal);

    public static string TypeNameOf(WijkBudgetEvent budgetEvent) => Codec.TypeNameOf(budgetEvent);

    public static (string Type, byte[] Payload) Encode(WijkBudgetEvent budgetEvent) => Codec.Encode(budgetEvent);

    /// <summary>Throws <see cref="System.Text.Json.JsonException"/> or <see cref="FormatException"/> for an unknown type or a corrupt payload.</summary>
    public static WijkBudgetEvent Decode(string type, ReadOnlySpan<byte> payload) => Codec.Decode(type, payload);
}

/// <summary>The JSON shape of stored wijk budget events: the same options as the round's (see RoundJsonContext).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = false)]
[JsonSerializable(typeof(WijkBudgetAllocated))]
[JsonSerializable(typeof(RoundBudgetReserved))]
[JsonSerializable(typeof(RoundReservationReleased))]
[JsonSerializable(typeof(RoundBudgetSettled))]
internal sealed partial class WijkBudgetJsonContext : JsonSerializerContext;
