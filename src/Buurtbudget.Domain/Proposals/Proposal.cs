using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Domain.Proposals;

/// <summary>A proposal's number within its round (1, 2, 3, …), as residents see it on the ballot.</summary>
[JsonConverter(typeof(ProposalIdJsonConverter))]
public readonly record struct ProposalId(int Number) : IComparable<ProposalId>
{
    public static bool TryParse([NotNullWhen(true)] string? text, out ProposalId id)
    {
        id = default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return false;
        }

        id = new ProposalId(number);
        return true;
    }

    public int CompareTo(ProposalId other) => Number.CompareTo(other.Number);

    public static bool operator <(ProposalId left, ProposalId right) => left.Number < right.Number;

    public static bool operator >(ProposalId left, ProposalId right) => left.Number > right.Number;

    public static bool operator <=(ProposalId left, ProposalId right) => left.Number <= right.Number;

    public static bool operator >=(ProposalId left, ProposalId right) => left.Number >= right.Number;

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture);
}

public sealed class ProposalIdJsonConverter : JsonConverter<ProposalId>
{
    public override ProposalId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n >= 1
            ? new ProposalId(n)
            : throw new JsonException("A proposal id is a positive whole number.");

    public override void Write(Utf8JsonWriter writer, ProposalId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Number);
    }

    public override ProposalId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ProposalId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("A proposal id is a positive whole number.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, ProposalId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}

/// <summary>What buurtbudgets for safety and liveability pay for.</summary>
public enum ProposalCategory
{
    TrafficSafety = 0,   // verkeersveiligheid
    Greenery = 1,        // groen
    Lighting = 2,        // verlichting
    Safety = 3,          // veiligheid
    Cleanliness = 4,     // schoon
    Meeting = 5,         // ontmoeting
    Youth = 6,           // jeugd
    PlayAndSport = 7,    // spelen en sport
    Other = 8,           // overig
}

/// <summary>What the author writes. The domain validates lengths and amounts.</summary>
public sealed record ProposalContent(
    string Title,
    string Description,
    ProposalCategory Category,
    Money EstimatedCost,
    BuurtCode? Buurt = null,
    GeoPoint? Location = null);

public enum ProposalStatus
{
    /// <summary>Submitted; the author may still edit or withdraw it until review starts.</summary>
    Submitted = 0,
    Withdrawn = 1,
    Feasible = 2,
    Infeasible = 3,

    /// <summary>A duplicate folded into another proposal by a coordinator.</summary>
    Merged = 4,
}

public sealed record Proposal(
    ProposalId Id,
    ParticipantKey Author,
    ProposalContent Content,
    ProposalStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    Money? ApprovedCost = null,
    string? ReviewNote = null,
    string? InfeasibleReason = null,
    ProposalId? MergedInto = null,
    ImmutableArray<ProposalId> MergedFrom = default,
    ImmutableArray<ProposalImage> Images = default)
{
    // A default ImmutableArray throws on enumeration and cannot be serialised: normalise it once here.
    public ImmutableArray<ProposalId> MergedFrom { get; init; } = MergedFrom.IsDefault ? [] : MergedFrom;

    /// <summary>Every picture ever added, in order, with what became of it (see <see cref="ProposalImage"/>).</summary>
    public ImmutableArray<ProposalImage> Images { get; init; } = Images.IsDefault ? [] : Images;

    /// <summary>Feasible proposals are the ones on the ballot; their approved cost is what counts.</summary>
    [JsonIgnore]
    public bool IsOnBallot => Status == ProposalStatus.Feasible;

    /// <summary>Withdrawn and merged proposals are out of the race for good; the rest still count.</summary>
    [JsonIgnore]
    public bool IsActive => Status is not (ProposalStatus.Withdrawn or ProposalStatus.Merged);
}
