using System.Text.Json;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Backups;

/// <summary>
/// An auditor's offline check of an exported <see cref="RoundEventsDocument"/>, trusting nothing but the file:
/// <list type="number">
/// <item>every event decodes, the first one created the round the document names, and the hash chain holds from
/// sequence 1 (<see cref="EventChain"/>): no event was changed, dropped, reordered or inserted;</item>
/// <item>the document's head (<c>lastSequence</c>, <c>lastHash</c>) is where the chain ends: nothing was cut off;</item>
/// <item>the digest matches: no header field (such as <c>exportedAt</c>) was changed;</item>
/// <item>the file is byte for byte the canonical document its values give: no re-formatting, no other escape or
/// hex case, no extra byte;</item>
/// <item>every event obeys the round's rules, and the published outcome follows from the counted ballots
/// (<see cref="LogReplay"/>); an audit sign-off names the chain hash of the event it signed off.</item>
/// </list>
/// Together these check every byte of the file. They show integrity, not authenticity: whoever writes a file can
/// recompute its chain and digest, so an auditor also compares the head with one seen elsewhere (an audit sign-off
/// records one).
/// <para>An export of a wijk's budget (the log under its stream id, see <see cref="WijkBudgetStreams"/>) passes the
/// same checks 1 to 4; then its events are checked against the budget's rules (<see cref="WijkBudgetReplay"/>), and
/// the stream id against the wijk its first allocation names.</para>
/// </summary>
public static class RoundEventsVerifier
{
    public static RoundEventsVerification Verify(ReadOnlySpan<byte> file)
    {
        RoundEventsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RoundEventsDocument>(file, RoundEventsDocument.SerializerOptions);
        }
        catch (JsonException exception)
        {
            return RoundEventsVerification.Invalid(null, null, $"The file is not a round events document: {exception.Message}");
        }

        if (document is null)
        {
            return RoundEventsVerification.Invalid(null, null, "The file holds JSON null, not a round events document.");
        }

        if (!string.Equals(document.Format, RoundEventsDocument.CurrentFormat, StringComparison.Ordinal))
        {
            return RoundEventsVerification.Invalid(null, null, $"The document's format is '{document.Format}'; this verifier reads '{RoundEventsDocument.CurrentFormat}'.");
        }

        if (document.Digest is null)
        {
            return RoundEventsVerification.Invalid(null, null, "The document has no digest, so its header cannot be checked; it was written before exports carried one. Export the round again.");
        }

        var roundId = new RoundId(document.RoundId);
        if (document.Events.Count == 0)
        {
            return RoundEventsVerification.Invalid(roundId, null, $"The document holds no events for round {roundId}.");
        }

        var events = new List<StoredEvent>(document.Events.Count);
        foreach (var item in document.Events)
        {
            if (RoundTransfer.Decode(roundId, item) is not { } stored)
            {
                return RoundEventsVerification.Invalid(roundId, item.Sequence,
                    $"Event {item.Sequence}: its payload is not base64, or a hash is not 32 bytes of hex.");
            }

            events.Add(stored);
        }

        return VerifyEvents(file, document, roundId, events);
    }

    private static RoundEventsVerification VerifyEvents(ReadOnlySpan<byte> file, RoundEventsDocument document, RoundId roundId, List<StoredEvent> events)
    {
        // The chain hashes the round id too, so a changed id breaks every hash; say what was changed instead.
        if (CreatedRound(events[0]) is { } created && created != roundId)
        {
            return RoundEventsVerification.Invalid(roundId, events[0].Sequence,
                $"The document names round {roundId}, but its event {events[0].Sequence} created round {created}.");
        }

        var chain = EventChain.Verify(events);
        if (chain.Break is { } broken)
        {
            return RoundEventsVerification.Invalid(roundId, broken.FoundSequence, $"The hash chain breaks at sequence {broken.ExpectedSequence} ({broken.Reason}): {broken.Detail}");
        }

        if (!RoundTransfer.TryHex(document.LastHash, out var lastHash) || !chain.Head.Equals(new ChainHead(document.LastSequence, lastHash)))
        {
            return RoundEventsVerification.Invalid(roundId, document.LastSequence,
                $"The document says the log ends at {document.LastSequence}:{document.LastHash}, but its events end at {chain.Head}: events were cut off the end, or the head was changed.");
        }

        if (!string.Equals(document.Digest, document.ComputeDigest(), StringComparison.Ordinal))
        {
            return RoundEventsVerification.Invalid(roundId, null,
                "The digest does not match the document: something the hash chain does not cover was changed after export (a header field such as exportedAt, the spelling of a hash, or the digest itself).");
        }

        var canonical = RoundEventsDocument.FromStored(roundId, events, document.ExportedAt).ToCanonicalUtf8();
        var differsAt = file.CommonPrefixLength(canonical);
        if (differsAt < file.Length || file.Length != canonical.Length)
        {
            var line = file[..differsAt].Count((byte)'\n') + 1;
            return RoundEventsVerification.Invalid(roundId, null,
                $"The file differs from the canonical form of its own contents at byte {differsAt} (line {line}): it was re-formatted or edited after export.");
        }

        if (WijkBudgetStreams.IsWijkBudgetLog(events[0].Type))
        {
            return VerifyWijkBudget(roundId, chain.Head, events);
        }

        var replay = LogReplay.Replay(roundId, [.. events.Select(e => new LoggedEvent(e.Sequence, e.Type, e.Payload, e.At))]);
        if (!replay.IsValid)
        {
            return RoundEventsVerification.Invalid(roundId, replay.Sequence, $"Event {replay.Sequence} ({replay.Type}): {replay.Reason}");
        }

        // The replay checked that the sign-off came right after the head it names; the hash it names is checked here,
        // where the chain is known.
        if (replay.State.Audit is { } audit
            && !string.Equals(Convert.ToHexStringLower(events[(int)audit.HeadSequence - 1].Hash.Span), audit.HeadHash, StringComparison.Ordinal))
        {
            return RoundEventsVerification.Invalid(roundId, audit.HeadSequence + 1,
                $"Event {audit.HeadSequence + 1} (audit-signed-off): it signs off the log up to event {audit.HeadSequence} with hash {audit.HeadHash}, but that event's chain hash is {Convert.ToHexStringLower(events[(int)audit.HeadSequence - 1].Hash.Span)}.");
        }

        // The board a resident checks their receipt against, as the platform publishes it, from the verified events.
        var board = BulletinBoard.From(events.Select(e => (RoundEventCodec.Decode(e.Type, e.Payload.Span), e.Hash)));
        return RoundEventsVerification.Valid(roundId, chain.Head, replay.State, board);
    }

    private static RoundEventsVerification VerifyWijkBudget(RoundId streamId, ChainHead head, List<StoredEvent> events)
    {
        var replay = WijkBudgetReplay.Replay([.. events.Select(e => new LoggedEvent(e.Sequence, e.Type, e.Payload, e.At))]);
        if (!replay.IsValid)
        {
            return RoundEventsVerification.Invalid(streamId, replay.Sequence, $"Event {replay.Sequence} ({replay.Type}): {replay.Reason}");
        }

        var expected = WijkBudgetStreams.StreamOf(replay.State!.District);
        return expected == streamId
            ? RoundEventsVerification.ValidWijkBudget(streamId, head, replay.State)
            : RoundEventsVerification.Invalid(streamId, 1, $"The log is wijk {replay.State.District}'s budget, whose stream id is {expected}, but the document names {streamId}.");
    }

    /// <summary>The round the first event created, when it is a readable round creation; the chain and the rules
    /// check report anything else.</summary>
    private static RoundId? CreatedRound(StoredEvent first)
    {
        try
        {
            return RoundEventCodec.Decode(first.Type, first.Payload.Span) is RoundCreated created ? created.RoundId : null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>The outcome of <see cref="RoundEventsVerifier.Verify"/>: valid with the round as its log made it, or invalid
/// with the event at fault (where one is) and a reason a person can act on.</summary>
public sealed record RoundEventsVerification
{
    private RoundEventsVerification(RoundId? roundId, ChainHead? head, RoundState? state, long? sequence, string? reason, BulletinBoard? board = null)
    {
        Board = board;
        RoundId = roundId;
        Head = head;
        State = state;
        Sequence = sequence;
        Reason = reason;
    }

    public bool IsValid => Reason is null;

    public RoundId? RoundId { get; }

    /// <summary>The last event and its chain hash, when valid: compare it with a head seen elsewhere.</summary>
    public ChainHead? Head { get; }

    /// <summary>The round replayed from the whole log, when valid and a round's.</summary>
    public RoundState? State { get; }

    /// <summary>The wijk's budget replayed from the whole log, when valid and a wijk budget's (then <see cref="State"/>
    /// is null).</summary>
    public WijkBudgetState? WijkBudget { get; private init; }

    /// <summary>The round's bulletin board (every ballot's receipt and choices, counted or superseded), when valid.</summary>
    public BulletinBoard? Board { get; }

    /// <summary>The event at fault, when the fault is in one event.</summary>
    public long? Sequence { get; }

    public string? Reason { get; }

    internal static RoundEventsVerification Valid(RoundId roundId, ChainHead head, RoundState state, BulletinBoard board) => new(roundId, head, state, null, null, board);

    internal static RoundEventsVerification ValidWijkBudget(RoundId streamId, ChainHead head, WijkBudgetState budget) =>
        new(streamId, head, null, null, null) { WijkBudget = budget };

    internal static RoundEventsVerification Invalid(RoundId? roundId, long? sequence, string reason) => new(roundId, null, null, sequence, reason);

    public override string ToString() => IsValid ? $"Valid: round {RoundId}, head {Head}." : $"Invalid: {Reason}";
}
