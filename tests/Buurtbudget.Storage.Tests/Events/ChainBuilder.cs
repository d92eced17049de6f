using System.Text;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>Builds correctly chained events in memory, so tests can tamper with them.</summary>
internal static class ChainBuilder
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1));

    public static List<StoredEvent> Chain(RoundId roundId, int count)
    {
        var events = new List<StoredEvent>();
        var previous = EventChain.GenesisHash;
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            var stored = Make(roundId, sequence, $"Event{sequence}", Encoding.UTF8.GetBytes($"{{\"n\":{sequence}}}"), Start.AddMinutes(sequence), previous);
            events.Add(stored);
            previous = stored.Hash;
        }

        return events;
    }

    public static StoredEvent Make(RoundId roundId, long sequence, string type, byte[] payload, DateTimeOffset at, ReadOnlyMemory<byte> previousHash) =>
        new(roundId, sequence, type, payload, at, previousHash, EventChain.Compute(previousHash.Span, roundId, sequence, type, at, payload));
}
