using System.Text.Json;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Backups;

/// <summary>Moves one round's events between stores of any kind, through a <see cref="RoundEventsDocument"/>.</summary>
public static class RoundTransfer
{
    /// <summary>Writes the round's events as JSON to <paramref name="destination"/>, exactly as stored, in the canonical
    /// form with its digest (see <see cref="RoundEventsDocument"/>), and reports
    /// whether its chain verifies. A broken chain is still exported: an auditor needs the evidence.</summary>
    public static async Task<RoundExport> ExportAsync(
        IEventStore store,
        RoundId roundId,
        Stream destination,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var events = await store.ReadAsync(roundId, 0, cancellationToken);
        var document = RoundEventsDocument.FromStored(roundId, events, timeProvider.GetUtcNow());
        await destination.WriteAsync(document.ToCanonicalUtf8(), cancellationToken);
        await destination.FlushAsync(cancellationToken);
        return new RoundExport(roundId, events.Count, EventChain.Verify(events));
    }

    /// <summary>Reads a document from <paramref name="source"/>, verifies its whole chain and its recorded head, and
    /// only then appends every event, in one append, to the round of the same id in <paramref name="store"/>, which
    /// must have no events. Anything wrong is a refusal with its reason, and then nothing is stored.</summary>
    public static async Task<RoundImport> ImportAsync(IEventStore store, Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);

        RoundEventsDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<RoundEventsDocument>(source, RoundEventsDocument.SerializerOptions, cancellationToken);
        }
        catch (JsonException exception)
        {
            return RoundImport.Refused(RoundImportRefusal.Malformed, $"The file is not a round events document: {exception.Message}");
        }

        if (document is null)
        {
            return RoundImport.Refused(RoundImportRefusal.Malformed, "The file holds JSON null, not a round events document.");
        }

        return await ImportAsync(store, document, cancellationToken);
    }

    /// <inheritdoc cref="ImportAsync(IEventStore, Stream, CancellationToken)"/>
    public static async Task<RoundImport> ImportAsync(IEventStore store, RoundEventsDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(document);

        if (!string.Equals(document.Format, RoundEventsDocument.CurrentFormat, StringComparison.Ordinal))
        {
            return RoundImport.Refused(RoundImportRefusal.UnsupportedFormat,
                $"The document's format is '{document.Format}'; this build reads '{RoundEventsDocument.CurrentFormat}'.");
        }

        if (document.RoundId == Guid.Empty)
        {
            return RoundImport.Refused(RoundImportRefusal.Malformed, "The document names no round.");
        }

        var roundId = new RoundId(document.RoundId);
        if (document.Events.Count == 0)
        {
            return RoundImport.Refused(RoundImportRefusal.Empty, $"The document holds no events for round {roundId}.");
        }

        var events = new List<StoredEvent>(document.Events.Count);
        foreach (var item in document.Events)
        {
            if (Decode(roundId, item) is not { } stored)
            {
                return RoundImport.Refused(RoundImportRefusal.Malformed,
                    $"Event {item.Sequence} has a payload that is not base64 or a hash that is not 32 bytes of hex.");
            }

            events.Add(stored);
        }

        // Every byte is checked before anything is written: a changed byte, a dropped, inserted or reordered event
        // all break the chain here.
        var verification = EventChain.Verify(events);
        if (!verification.IsIntact)
        {
            return RoundImport.Refused(RoundImportRefusal.BrokenChain, $"The chain does not verify: {verification}", verification.Break);
        }

        // The chain cannot show events cut off the end; the head recorded at export can.
        if (!TryHex(document.LastHash, out var lastHash) || !verification.Head.Equals(new ChainHead(document.LastSequence, lastHash)))
        {
            return RoundImport.Refused(RoundImportRefusal.HeadMismatch,
                $"The events end at {verification.Head}, but the document says the round ended at {document.LastSequence}:{document.LastHash}: events are missing from the end.");
        }

        IReadOnlyList<StoredEvent> appended;
        try
        {
            // Expecting sequence 0 makes "the round is empty" part of the append itself, not a check that can go stale.
            appended = await store.AppendAsync(roundId, 0, events.Select(e => new NewEvent(e.Type, e.Payload, e.At)).ToList(), cancellationToken);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return RoundImport.Refused(RoundImportRefusal.RoundNotEmpty,
                $"Round {roundId} already has {conflict.ActualSequence} events in this store; import only into a round that has none.");
        }

        // The store chained the same fields with the same function, so the heads agree; a difference would mean the
        // store changed what it was given, which must never go unnoticed.
        var storedHead = new ChainHead(appended[^1].Sequence, appended[^1].Hash);
        if (!storedHead.Equals(verification.Head))
        {
            throw new InvalidOperationException($"Round {roundId} was stored with head {storedHead}, not the imported {verification.Head}.");
        }

        return RoundImport.Accepted(roundId, appended.Count, storedHead);
    }

    internal static StoredEvent? Decode(RoundId roundId, RoundEventsDocumentEvent item)
    {
        if (item.Type is null || item.Payload is null || !TryHex(item.PreviousHash, out var previousHash) || !TryHex(item.Hash, out var hash))
        {
            return null;
        }

        var payload = new byte[item.Payload.Length];
        if (!Convert.TryFromBase64String(item.Payload, payload, out var payloadLength))
        {
            return null;
        }

        return new StoredEvent(roundId, item.Sequence, item.Type, payload.AsMemory(0, payloadLength).ToArray(), item.At, previousHash, hash);
    }

    internal static bool TryHex(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != EventChain.HashLength * 2)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>What an export wrote: how many events, and whether their chain verifies.</summary>
public sealed record RoundExport(RoundId RoundId, int EventCount, ChainVerification Verification);

public enum RoundImportRefusal
{
    /// <summary>Not JSON, not a round events document, or a field that cannot be decoded.</summary>
    Malformed = 1,

    UnsupportedFormat = 2,

    /// <summary>The document holds no events.</summary>
    Empty = 3,

    /// <summary>An event was changed, dropped, inserted or moved.</summary>
    BrokenChain = 4,

    /// <summary>The chain is whole but ends before the head the document recorded: events were cut off the end.</summary>
    HeadMismatch = 5,

    /// <summary>The target store already has events for the round.</summary>
    RoundNotEmpty = 6,
}

/// <summary>The outcome of an import: accepted (with the stored head) or refused (with the reason). A refused
/// import stored nothing.</summary>
public sealed record RoundImport
{
    private RoundImport(RoundId? roundId, int importedCount, ChainHead? head, RoundImportRefusal? refusal, string message, ChainBreak? chainBreak)
    {
        RoundId = roundId;
        ImportedCount = importedCount;
        Head = head;
        Refusal = refusal;
        Message = message;
        Break = chainBreak;
    }

    public bool IsAccepted => Refusal is null;

    public RoundId? RoundId { get; }

    public int ImportedCount { get; }

    public ChainHead? Head { get; }

    public RoundImportRefusal? Refusal { get; }

    /// <summary>For people: what was imported, or why not.</summary>
    public string Message { get; }

    /// <summary>Where the chain broke, for <see cref="RoundImportRefusal.BrokenChain"/>.</summary>
    public ChainBreak? Break { get; }

    internal static RoundImport Accepted(RoundId roundId, int count, ChainHead head) =>
        new(roundId, count, head, null, $"Imported {count} events into round {roundId}; the chain verifies up to {head}.", null);

    internal static RoundImport Refused(RoundImportRefusal refusal, string message, ChainBreak? chainBreak = null) =>
        new(null, 0, null, refusal, message, chainBreak);
}
