using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Storage.Events;

/// <summary>
/// Where a wijk's budget keeps its log in the event store, which is keyed by a round's UUID: a stream id derived from
/// the wijk's CBS code as an RFC 9562 version-5 UUID (SHA-1 of <see cref="Namespace"/> and the code's UTF-8 bytes).
/// </summary>
/// <remarks>
/// <para>Why this way: the wijk's events then sit in the same table, under the same hash chain (<see cref="EventChain"/>
/// hashes the stream id like a round id), the same expected-sequence check, backups and <c>verify-store</c>, with no
/// change to either store's schema. Anyone can recompute a wijk's stream id from its code, offline.</para>
/// <para>It never collides with a round: rounds get version-7 (time-ordered) UUIDs, these are version 5. Stores tell
/// the two apart by the type of a log's first event (<see cref="WijkBudgetEventCodec.TypePrefix"/>), so lists of
/// rounds, the round summaries and the city's open data never show a wijk's budget as a round.</para>
/// </remarks>
public static class WijkBudgetStreams
{
    /// <summary>The namespace UUID of wijk budget streams (itself made once at random; never change it).</summary>
    public static readonly Guid Namespace = new("6f1c4b8e-3d2a-4e57-9a0b-5c7d2e9f1a36");

    public static RoundId StreamOf(DistrictCode district)
    {
        var name = Encoding.UTF8.GetBytes(district.Value);
        Span<byte> input = stackalloc byte[16 + name.Length];
        if (!Namespace.TryWriteBytes(input, bigEndian: true, out _))
        {
            throw new InvalidOperationException("A UUID did not fit in 16 bytes.");
        }

        name.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version-5 UUIDs; it names a stream, it secures nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new RoundId(new Guid(bytes, bigEndian: true));
    }

    /// <summary>Whether a stored log whose first event has <paramref name="firstType"/> is a wijk's budget.</summary>
    public static bool IsWijkBudgetLog(string firstType) => WijkBudgetEventCodec.IsWijkBudgetType(firstType);

    /// <summary>The SQL condition (for SQLite and PostgreSQL alike) that <paramref name="typeColumn"/>, the type of a
    /// log's first event, is not a wijk budget's.</summary>
    internal static string NotWijkBudgetSql(string typeColumn) =>
        $"substr({typeColumn}, 1, {WijkBudgetEventCodec.TypePrefix.Length}) <> '{WijkBudgetEventCodec.TypePrefix}'";

    /// <inheritdoc cref="NotWijkBudgetSql"/>
    internal static string IsWijkBudgetSql(string typeColumn) =>
        $"substr({typeColumn}, 1, {WijkBudgetEventCodec.TypePrefix.Length}) = '{WijkBudgetEventCodec.TypePrefix}'";
}
