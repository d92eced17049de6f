using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Events;

/// <summary>What every store refuses before it touches storage, so that all providers refuse the same input
/// with the same exception.</summary>
internal static class AppendRules
{
    public static void RequireRoundId(RoundId roundId)
    {
        if (roundId.Value == Guid.Empty)
        {
            throw new ArgumentException("A round id is never empty.", nameof(roundId));
        }
    }

    /// <summary>A read of some types of events names at least one, and no empty one.</summary>
    public static void RequireTypes(IReadOnlyCollection<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count == 0 || types.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A read of some types of events names at least one type, and no empty one.", nameof(types));
        }
    }

    /// <summary>An append's summary describes the state the append leaves: its round, at its last sequence.</summary>
    public static void RequireAppend(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events, StoredRoundSummary? summary)
    {
        RequireAppend(roundId, expectedSequence, events);
        if (summary is null)
        {
            return;
        }

        RequireSummary(summary);
        if (summary.RoundId != roundId || summary.Sequence != expectedSequence + events.Count)
        {
            throw new ArgumentException(
                $"The summary of round {summary.RoundId} at {summary.Sequence} does not describe round {roundId} after this append ({expectedSequence + events.Count}).",
                nameof(summary));
        }
    }

    public static void RequireSummary(StoredRoundSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        RequireRoundId(summary.RoundId);
        if (summary.Sequence < 1 || string.IsNullOrEmpty(summary.Document))
        {
            throw new ArgumentException("A summary describes a round that has events, in a document that is not empty.", nameof(summary));
        }
    }

    public static void RequireAppend(RoundId roundId, long expectedSequence, IReadOnlyList<NewEvent> events)
    {
        RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSequence);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append stores at least one event.", nameof(events));
        }

        foreach (var newEvent in events)
        {
            RequireValid(newEvent);
        }
    }

    public static void RequireSnapshot(StoredSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        RequireRoundId(snapshot.RoundId);
        if (snapshot.Sequence < 1)
        {
            throw new ArgumentException("A snapshot describes the state after a stored event: its sequence is at least 1.", nameof(snapshot));
        }
    }

    private static void RequireValid(NewEvent newEvent)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(newEvent.Type, nameof(newEvent));
        if (newEvent.Type.Any(char.IsControl))
        {
            throw new ArgumentException($"The event type '{newEvent.Type}' contains a control character.", nameof(newEvent));
        }
    }
}
