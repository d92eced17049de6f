using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Rounds;

/// <summary>One budget round as an actor, shaped like an Orleans grain interface (keyed by round id,
/// every method asynchronous) so that Orleans could host it later.</summary>
public interface IRoundGrain
{
    RoundId Id { get; }

    /// <summary>Runs <paramref name="command"/> in the round's next turn. Answers only after the events
    /// are durable (or with the reason the command was refused, or that storage failed).</summary>
    Task<CommandResult> ExecuteAsync(RoundCommand command, CancellationToken cancellationToken = default);

    /// <summary>The round's latest committed state: an immutable view. Does not queue behind writers.</summary>
    Task<RoundState> GetStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Finds the grain for a round id, activating it on first use.</summary>
public interface IRoundGrainFactory
{
    IRoundGrain GetGrain(RoundId roundId);
}

public enum CommandStatus
{
    /// <summary>Accepted and durable. A command that changed nothing (a replayed ballot) is Committed with no
    /// events: what it matched was already durable when it was answered.</summary>
    Committed = 0,

    /// <summary>Refused by the round's rules; nothing was stored.</summary>
    Rejected = 1,

    /// <summary>The storage failed; nothing of this command was stored, the caller may retry.</summary>
    StorageUnavailable = 2,
}

/// <summary>The answer to a command. <see cref="State"/> is the committed state after the turn that
/// handled it (for a refused command, the state it was refused against).</summary>
/// <param name="Stored">This command's <paramref name="Events"/> as the store wrote them, with their sequences and
/// hashes (a ballot's receipt comes from its event's hash); empty when it stored nothing.</param>
public sealed record CommandResult(CommandStatus Status, ImmutableArray<RoundEvent> Events, RoundState State, DomainError? Error, ImmutableArray<StoredEvent> Stored)
{
    public bool Succeeded => Status == CommandStatus.Committed;
}
