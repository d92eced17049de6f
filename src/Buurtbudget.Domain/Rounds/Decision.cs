using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>What the round decided about a command: the events it causes, or why it is refused.
/// A refused command causes no events; nothing silently does nothing.</summary>
public sealed record Decision
{
    private Decision(ImmutableArray<RoundEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public ImmutableArray<RoundEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;

    public static Decision Accept(params RoundEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Length == 0)
        {
            throw new ArgumentException("An accepted command causes at least one event.", nameof(events));
        }

        return new Decision([.. events], null);
    }

    public static Decision Reject(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Decision([], error);
    }
}
