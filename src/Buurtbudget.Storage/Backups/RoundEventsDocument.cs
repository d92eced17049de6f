using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Backups;

/// <summary>
/// One round's whole event log as a JSON document: what <c>buurtbudget export-round</c> writes and
/// <c>import-round</c> reads. Payloads are base64 (the exact bytes the hash covers; re-encoding JSON would change
/// them), hashes are lowercase hex, times are UTC with 100 ns precision. The document carries everything needed to
/// check the chain offline with <see cref="EventChain"/>, without trusting the server it came from.
/// </summary>
/// <remarks>
/// <para>A document is written in one canonical form, <see cref="ToCanonicalUtf8"/>: these serializer options, UTF-8
/// without a byte order mark, ending in a single <c>"\n"</c>. Its <see cref="Digest"/> covers the whole document,
/// including the header fields the chain does not (such as <see cref="ExportedAt"/>); a verifier that also requires
/// the canonical form (<see cref="RoundEventsVerifier"/>) thereby checks every byte of the file.</para>
/// <para>Digest and chain give integrity, not authenticity: anyone who can write the file can also recompute both.
/// An auditor therefore compares <see cref="LastHash"/> with a head seen elsewhere, such as the one an audit
/// sign-off recorded, or one read from the server on another day.</para>
/// </remarks>
public sealed record RoundEventsDocument
{
    public const string CurrentFormat = "buurtbudget-round-events-v1";

    public required string Format { get; init; }

    public required Guid RoundId { get; init; }

    public required DateTimeOffset ExportedAt { get; init; }

    /// <summary>The head of the chain when it was exported: lets a reader see that nothing was cut off the end.</summary>
    public required long LastSequence { get; init; }

    public required string LastHash { get; init; }

    /// <summary>Lowercase hex SHA-256 of the canonical bytes (<see cref="ToCanonicalUtf8"/>) of this document with
    /// <see cref="Digest"/> set to the empty string. Optional when reading, so that files exported before it existed
    /// still import; <see cref="RoundEventsVerifier"/> requires it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Digest { get; init; }

    public required IReadOnlyList<RoundEventsDocumentEvent> Events { get; init; }

    internal static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The document as written: <see cref="FromStored"/> and <see cref="Sealed"/> give the one form that
    /// every export writes and every verifier reproduces.</summary>
    public byte[] ToCanonicalUtf8()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, SerializerOptions);
        var canonical = new byte[json.Length + 1];
        json.CopyTo(canonical, 0);
        canonical[^1] = (byte)'\n';
        return canonical;
    }

    /// <summary>The digest this document should carry, computed from its other fields.</summary>
    public string ComputeDigest() => Convert.ToHexStringLower(SHA256.HashData((this with { Digest = "" }).ToCanonicalUtf8()));

    /// <summary>This document with its <see cref="Digest"/> set.</summary>
    public RoundEventsDocument Sealed() => this with { Digest = ComputeDigest() };

    public static RoundEventsDocument FromStored(RoundId roundId, IReadOnlyList<StoredEvent> events, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(events);
        var head = events.Count == 0 ? ChainHead.Genesis : new ChainHead(events[^1].Sequence, events[^1].Hash);
        return new RoundEventsDocument
        {
            Format = CurrentFormat,
            RoundId = roundId.Value,
            ExportedAt = exportedAt.ToUniversalTime(),
            LastSequence = head.Sequence,
            LastHash = Convert.ToHexStringLower(head.Hash.Span),
            Events = events.Select(stored => new RoundEventsDocumentEvent
            {
                Sequence = stored.Sequence,
                Type = stored.Type,
                At = stored.At.ToUniversalTime(),
                Payload = Convert.ToBase64String(stored.Payload.Span),
                PreviousHash = Convert.ToHexStringLower(stored.PreviousHash.Span),
                Hash = Convert.ToHexStringLower(stored.Hash.Span),
            }).ToList(),
        }.Sealed();
    }
}

public sealed record RoundEventsDocumentEvent
{
    public required long Sequence { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The payload bytes, base64.</summary>
    public required string Payload { get; init; }

    /// <summary>32 bytes, hex.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>32 bytes, hex.</summary>
    public required string Hash { get; init; }
}
