using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Rounds;

/// <summary>One budget round as an Orleans grain, keyed by the round's id: its proposals, ballots and live tally.
/// Orleans keeps one activation per round in the cluster, creates it on the first call and collects it when idle.</summary>
public interface IRoundGrain : IGrainWithGuidKey
{
    /// <summary>Runs <paramref name="command"/> in the round's next turn. Answers only once its events are durable
    /// (or with the reason the command was refused, or that storage failed and nothing was stored).</summary>
    Task<CommandResult> ExecuteAsync(RoundCommand command);

    /// <summary>Casts a ballot after checking, in the same turn and against the same state that decides the ballot,
    /// that the voter may vote (wijk, age, register): the rules checked are the ones frozen when voting opened, never
    /// a state read earlier by the caller.</summary>
    Task<CommandResult> CastBallotAsync(CastBallot ballot, VoterFacts voter);

    /// <summary>The round's latest durable state: an immutable view. Does not wait behind a turn that is writing.</summary>
    Task<RoundState> GetStateAsync();

    /// <summary>The round's latest durable state and whether its stored hash chain held when the round was loaded, in
    /// one call: every view of a round needs both. A broken round is still read (auditors must inspect and export it)
    /// but takes no commands: see <see cref="CommandStatus.RoundBroken"/>.</summary>
    Task<RoundView> GetViewAsync();

    /// <summary>Loads the round if it is not loaded, which stores its summary for the lists across rounds, and lets an
    /// activation made only for this go right away. For rounds stored before the read model existed.</summary>
    Task StoreSummaryAsync();
}

/// <summary>Finds a round's grain: the one way the platform names a round to Orleans.</summary>
public static class RoundGrains
{
    public static IRoundGrain GetRoundGrain(this IGrainFactory grains, RoundId roundId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (roundId.Value == Guid.Empty)
        {
            throw new ArgumentException("A round id is never the empty UUID.", nameof(roundId));
        }

        return grains.GetGrain<IRoundGrain>(roundId.Value);
    }

    /// <summary>The round a grain reference stands for.</summary>
    public static RoundId RoundId(this IRoundGrain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return new RoundId(grain.GetPrimaryKey());
    }
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

    /// <summary>The round's stored event log fails its hash chain (see <see cref="RoundIntegrity"/>); nothing was
    /// stored. Not a retry: it stays so until the log is restored and the round is loaded again.</summary>
    RoundBroken = 3,
}

/// <summary>A round as a view shows it: its durable state and the integrity of its stored log.</summary>
[GenerateSerializer]
[Immutable]
public sealed record RoundView([property: Id(0)] RoundState State, [property: Id(1)] RoundIntegrity Integrity);

/// <summary>What the round found when it checked its stored hash chain on loading: intact, or broken with the first
/// sequence at fault. Small on purpose: every view of a round carries it next to the state.</summary>
/// <param name="BrokenAt">The first sequence whose event was changed, dropped, reordered or inserted; null when the
/// chain holds.</param>
[GenerateSerializer]
[Immutable]
public sealed record RoundIntegrity([property: Id(0)] long? BrokenAt)
{
    public static RoundIntegrity Intact { get; } = new((long?)null);

    public bool IsIntact => BrokenAt is null;
}

/// <summary>The answer to one command, about that command only. Commands decided together in one turn share an append,
/// never an answer: <see cref="State"/> is the round right after this command's own events (for a refused command, the
/// state it was refused against), so a later command of the same batch never shows in it.</summary>
/// <param name="Events">The events this command caused.</param>
/// <param name="BrokenAt">With <see cref="CommandStatus.RoundBroken"/>: the first sequence at fault in the stored log.</param>
/// <param name="Stored">This command's events as the store wrote them, with their sequences and hashes (a ballot's
/// receipt comes from its event's hash); empty when it stored nothing.</param>
[GenerateSerializer]
[Immutable]
public sealed record CommandResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] ImmutableArray<RoundEvent> Events,
    [property: Id(2)] RoundState State,
    [property: Id(3)] DomainError? Error,
    [property: Id(4)] ImmutableArray<StoredEvent> Stored,
    [property: Id(5)] long? BrokenAt = null)
{
    public bool Succeeded => Status == CommandStatus.Committed;
}
