using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Storage.Events;

/// <summary>
/// The hash chain over a round's events: the one definition that every store and every verifier uses,
/// so that an auditor's offline check computes exactly what the server computed.
/// </summary>
/// <remarks>
/// <para>hash = SHA-256 of these bytes, in this order (integers big-endian):</para>
/// <list type="number">
/// <item>the format tag <c>"buurtbudget-event-v1"</c> as UTF-8, preceded by its length as uint32;</item>
/// <item>the previous event's hash, 32 bytes (32 zero bytes for the first event of a round);</item>
/// <item>the round id, 16 bytes in RFC 9562 order (the byte order of its textual form);</item>
/// <item>the sequence, int64;</item>
/// <item>the type, UTF-8, preceded by its byte length as uint32;</item>
/// <item>the time, as int64 UTC ticks (100 ns units since 0001-01-01T00:00:00Z), so the offset it was
/// written with does not matter;</item>
/// <item>the payload, preceded by its length as uint32.</item>
/// </list>
/// <para>Every variable-length field carries its length, so no two different events encode to the same bytes.
/// A chain proves that no stored event was changed, dropped, reordered or inserted; it cannot prove that
/// events were not cut off at the end. For that, keep a <see cref="ChainHead"/> seen earlier (an auditor's
/// sign-off records one) and check that the chain still reaches it.</para>
/// </remarks>
public static class EventChain
{
    public const int HashLength = 32;

    private const string FormatTag = "buurtbudget-event-v1";

    private static readonly byte[] FormatTagBytes = Encoding.UTF8.GetBytes(FormatTag);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The previous hash of a round's first event.</summary>
    public static ReadOnlyMemory<byte> GenesisHash { get; } = new byte[HashLength];

    public static ReadOnlyMemory<byte> Compute(
        ReadOnlySpan<byte> previousHash,
        RoundId roundId,
        long sequence,
        string type,
        DateTimeOffset at,
        ReadOnlySpan<byte> payload)
    {
        var hash = new byte[HashLength];
        Compute(previousHash, roundId, sequence, type, at, payload, hash);
        return hash;
    }

    /// <summary>Writes the hash into <paramref name="destination"/> (at least <see cref="HashLength"/> bytes),
    /// for callers that chain many events and want no allocation per event.</summary>
    public static void Compute(
        ReadOnlySpan<byte> previousHash,
        RoundId roundId,
        long sequence,
        string type,
        DateTimeOffset at,
        ReadOnlySpan<byte> payload,
        Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"A previous hash is {HashLength} bytes, not {previousHash.Length}.", nameof(previousHash));
        }

        if (destination.Length < HashLength)
        {
            throw new ArgumentException($"The destination needs room for {HashLength} bytes.", nameof(destination));
        }

        var typeLength = StrictUtf8.GetByteCount(type);
        var length = checked(
            sizeof(uint) + FormatTagBytes.Length
            + HashLength
            + 16
            + sizeof(long)
            + sizeof(uint) + typeLength
            + sizeof(long)
            + sizeof(uint) + payload.Length);

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var position = 0;

            position += WriteLengthPrefixed(buffer[position..], FormatTagBytes);

            previousHash.CopyTo(buffer[position..]);
            position += HashLength;

            if (!roundId.Value.TryWriteBytes(buffer[position..], bigEndian: true, out var guidBytes))
            {
                throw new InvalidOperationException("A round id did not fit in 16 bytes.");
            }

            position += guidBytes;

            BinaryPrimitives.WriteInt64BigEndian(buffer[position..], sequence);
            position += sizeof(long);

            BinaryPrimitives.WriteUInt32BigEndian(buffer[position..], (uint)typeLength);
            position += sizeof(uint);
            position += StrictUtf8.GetBytes(type, buffer[position..]);

            BinaryPrimitives.WriteInt64BigEndian(buffer[position..], at.UtcTicks);
            position += sizeof(long);

            position += WriteLengthPrefixed(buffer[position..], payload);

            SHA256.HashData(buffer[..position], destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The hash <paramref name="stored"/> should carry, computed from its own fields.</summary>
    public static ReadOnlyMemory<byte> Compute(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Compute(stored.PreviousHash.Span, stored.RoundId, stored.Sequence, stored.Type, stored.At, stored.Payload.Span);
    }

    /// <summary>Verifies a round's whole chain, from its first event.</summary>
    public static ChainVerification Verify(IReadOnlyList<StoredEvent> events) => Verify(events, ChainHead.Genesis);

    /// <summary>Verifies events that continue a chain from <paramref name="start"/> (a head verified earlier),
    /// and reports the first place where the chain breaks.</summary>
    public static ChainVerification Verify(IReadOnlyList<StoredEvent> events, ChainHead start)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(start);

        var head = start;
        RoundId? round = null;
        Span<byte> expectedHash = stackalloc byte[HashLength];

        for (var position = 0; position < events.Count; position++)
        {
            var stored = events[position];
            var expectedSequence = checked(head.Sequence + 1);

            ChainBreak Break(ChainBreakReason reason, string detail) =>
                new(position, expectedSequence, stored.Sequence, reason, detail);

            round ??= stored.RoundId;
            if (stored.RoundId != round.Value)
            {
                return ChainVerification.Broken(position, head, Break(
                    ChainBreakReason.RoundMismatch,
                    $"Event {stored.Sequence} belongs to round {stored.RoundId}, not {round.Value}."));
            }

            if (stored.Sequence != expectedSequence)
            {
                return ChainVerification.Broken(position, head, Break(
                    ClassifySequenceBreak(events, position, head, start),
                    $"Expected sequence {expectedSequence}, found {stored.Sequence}."));
            }

            if (!stored.PreviousHash.Span.SequenceEqual(head.Hash.Span))
            {
                return ChainVerification.Broken(position, head, Break(
                    ChainBreakReason.PreviousHashMismatch,
                    $"Event {stored.Sequence} does not point at the hash of event {head.Sequence}."));
            }

            Compute(stored.PreviousHash.Span, stored.RoundId, stored.Sequence, stored.Type, stored.At, stored.Payload.Span, expectedHash);
            if (!stored.Hash.Span.SequenceEqual(expectedHash))
            {
                return ChainVerification.Broken(position, head, Break(
                    ChainBreakReason.HashMismatch,
                    $"Event {stored.Sequence} does not match its hash: its content was changed."));
            }

            head = new ChainHead(stored.Sequence, stored.Hash);
        }

        return ChainVerification.Intact(events.Count, head);
    }

    private static ChainBreakReason ClassifySequenceBreak(IReadOnlyList<StoredEvent> events, int position, ChainHead head, ChainHead start)
    {
        var found = events[position].Sequence;
        var expected = head.Sequence + 1;

        // Everything before this position was verified as start+1 .. head, so a lower number was already seen.
        if (found > start.Sequence && found <= head.Sequence)
        {
            return ChainBreakReason.SequenceDuplicate;
        }

        if (found < expected)
        {
            return ChainBreakReason.SequenceOutOfOrder;
        }

        for (var later = position + 1; later < events.Count; later++)
        {
            if (events[later].Sequence == expected)
            {
                return ChainBreakReason.SequenceOutOfOrder;
            }
        }

        return ChainBreakReason.SequenceGap;
    }

    private static int WriteLengthPrefixed(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value.Length);
        value.CopyTo(destination[sizeof(uint)..]);
        return sizeof(uint) + value.Length;
    }
}

/// <summary>The last event of a verified chain: the point a later verification can continue from,
/// or check that the chain still reaches.</summary>
public sealed record ChainHead(long Sequence, ReadOnlyMemory<byte> Hash)
{
    /// <summary>Before a round's first event.</summary>
    public static ChainHead Genesis { get; } = new(0, EventChain.GenesisHash);

    // Heads are compared across processes (a head recorded at sign-off against one read today): by value, not by buffer.
    public bool Equals(ChainHead? other) =>
        other is not null && Sequence == other.Sequence && Hash.Span.SequenceEqual(other.Hash.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Sequence);
        hash.AddBytes(Hash.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Sequence}:{Convert.ToHexStringLower(Hash.Span)}";
}

public enum ChainBreakReason
{
    /// <summary>The event's content does not match its hash.</summary>
    HashMismatch = 1,

    /// <summary>The event does not point at the hash of the event before it.</summary>
    PreviousHashMismatch = 2,

    /// <summary>A sequence is missing.</summary>
    SequenceGap = 3,

    /// <summary>A sequence appears twice.</summary>
    SequenceDuplicate = 4,

    /// <summary>Sequences are present but not in ascending order.</summary>
    SequenceOutOfOrder = 5,

    /// <summary>An event of another round is in the list.</summary>
    RoundMismatch = 6,
}

/// <summary>Where a chain breaks: at list position <see cref="Position"/>, where sequence
/// <see cref="ExpectedSequence"/> should be, the event found has <see cref="FoundSequence"/>.</summary>
public sealed record ChainBreak(int Position, long ExpectedSequence, long FoundSequence, ChainBreakReason Reason, string Detail);

/// <summary>The outcome of <see cref="EventChain.Verify(IReadOnlyList{StoredEvent})"/>: how many events
/// verified, the head of the verified part, and the first break if there is one.</summary>
public sealed record ChainVerification
{
    private ChainVerification(int verifiedCount, ChainHead head, ChainBreak? chainBreak)
    {
        VerifiedCount = verifiedCount;
        Head = head;
        Break = chainBreak;
    }

    public bool IsIntact => Break is null;

    public int VerifiedCount { get; }

    public ChainHead Head { get; }

    public ChainBreak? Break { get; }

    internal static ChainVerification Intact(int verifiedCount, ChainHead head) => new(verifiedCount, head, null);

    internal static ChainVerification Broken(int verifiedCount, ChainHead head, ChainBreak chainBreak) => new(verifiedCount, head, chainBreak);

    public override string ToString() =>
        Break is null
            ? $"Intact: {VerifiedCount} events up to sequence {Head.Sequence}."
            : $"Broken at sequence {Break.ExpectedSequence} ({Break.Reason}): {Break.Detail}";
}
