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
public sealed record RoundEventsDocument
{
    public const string CurrentFormat = "buurtbudget-round-events-v1";

    public required string Format { get; init; }

    public required Guid RoundId { get; init; }

    public required DateTimeOffset ExportedAt { get; init; }

    /// <summary>The head of the chain when it was exported: lets a reader see that nothing was cut off the end.</summary>
    public required long LastSequence { get; init; }

    public required string LastHash { get; init; }

    public required IReadOnlyList<RoundEventsDocumentEvent> Events { get; init; }

    internal static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

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
        };
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
