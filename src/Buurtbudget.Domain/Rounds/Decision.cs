using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>What the round decided about a command: the events it causes, or why it is refused.
/// A refused command causes no events. An accepted one causes at least one, with one exception: a command asking
/// for exactly what the round already holds (a resident casting the ballot they already have, say a retried or
/// doubled request) is accepted <see cref="Unchanged"/>, so that a replay never writes a second event.</summary>
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

    /// <summary>Accepted, and the round already holds what was asked: nothing to store.</summary>
    public bool IsUnchanged => IsAccepted && Events.IsEmpty;

    public static Decision Accept(params RoundEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Length == 0)
        {
            throw new ArgumentException("An accepted command causes at least one event; a command the round already satisfies is Decision.Unchanged().", nameof(events));
        }

        return new Decision([.. events], null);
    }

    /// <summary>Accepts a command whose effect the round already holds. Its answer is the round as it stands,
    /// which is only ever a durable state, so the caller may rely on it exactly as on a fresh write.</summary>
    public static Decision Unchanged() => new([], null);

    public static Decision Reject(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Decision([], error);
    }
}
