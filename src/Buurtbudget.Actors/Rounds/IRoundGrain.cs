using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Rounds;

/// <summary>One budget round as an Orleans grain, keyed by the round's id: its proposals, ballots and live tally.
/// Orleans keeps one activation per round in the cluster, creates it on the first call and collects it when idle.</summary>
public interface IRoundGrain : IGrainWithGuidKey
{
    /// <summary>Runs <paramref name="command"/> in the round's next turn. Answers only once its events are durable
    /// (or with the reason the command was refused, or that storage failed and nothing was stored).</summary>
    Task<CommandResult> ExecuteAsync(RoundCommand command);

    /// <summary>Casts a ballot. A signed-in voter's ballot comes with <paramref name="voter"/>, what the identity broker
    /// verified about them, checked in the same turn and against the same state that decides the ballot (wijk, age,
    /// register): the rules checked are the ones frozen when voting opened, never a state read earlier by the caller.
    /// A ballot cast with a voting code (<see cref="CastBallot.ByVotingCode"/>) comes without: the round checks the code
    /// against the codes it issued. Answers with this ballot only, never the round.</summary>
    Task<BallotResult> CastBallotAsync(CastBallot ballot, VoterFacts? voter);

    /// <summary>The round as every view reads it (its latest durable state without the per-voter sets) and whether
    /// its stored hash chain held when it was loaded, in one call. A broken round is still read (auditors must
    /// inspect and export it) but takes no commands: see <see cref="CommandStatus.RoundBroken"/>. Does not wait behind
    /// a turn that is writing.</summary>
    Task<RoundView> GetViewAsync();

    /// <summary>What the round holds about one voter key (a signed-in resident's keyed hash or a voting code's): the
    /// ballot of the person it stands for (a code bound by the register stands for its person), if any, and whether the
    /// key is a voting code of the round and its person is on the register.</summary>
    Task<VoterView> GetVoterAsync(ParticipantKey voter);

    /// <summary>One proposal's arguments as <paramref name="reader"/> sees them (display names, no participant keys, no
    /// text of a hidden argument); <paramref name="reader"/> is null for an anonymous reader. Small: one proposal's.</summary>
    Task<ProposalArguments> GetArgumentsAsync(ProposalId proposal, ParticipantKey? reader);

    /// <summary>One argument as <paramref name="reader"/> sees it (see <see cref="GetArgumentsAsync"/>); null when the
    /// round has no such argument.</summary>
    Task<ArgumentView?> GetArgumentAsync(ArgumentId argument, ParticipantKey? reader);

    /// <summary>How many voting codes were issued and how many of them voted, never which.</summary>
    Task<VotingCodeUse> GetVotingCodeUseAsync();

    /// <summary>The round's batches of paper ballots, both typings included: a few piles of an evening's ballots, read
    /// by the wijk's coordinators and auditors only (the API decides what each of them is shown).</summary>
    Task<ImmutableArray<PaperBatch>> GetPaperBatchesAsync();

    /// <summary>The round as an anonymised Pabulib file, once it has an outcome; null before. The one answer that holds
    /// every ballot (without voter keys): it is the open data itself.</summary>
    Task<PabulibFile?> ExportAsync();

    /// <summary>Loads the round if it is not loaded, which stores its summary for the lists across rounds, and lets an
    /// activation made only for this go right away. For rounds stored before the read model existed.</summary>
    Task StoreSummaryAsync();
}

/// <summary>Finds a round's grain: the one way the platform names a round to Orleans.</summary>
public static class RoundGrains
{
    // Orleans' GetGrain<T>(key) works out the grain's interface and class names from T on every call, by reading its
    // attributes and formatting and parsing type names: profiled on the voting path (one reference per ballot), about 2%
    // of the node's CPU. The names never change, so they are worked out once for each grain factory (a process has one;
    // tests run several clusters) and references are made from them directly.
    private static readonly ConditionalWeakTable<IGrainFactory, Names> NamesOf = new();

    public static IRoundGrain GetRoundGrain(this IGrainFactory grains, RoundId roundId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (roundId.Value == Guid.Empty)
        {
            throw new ArgumentException("A round id is never the empty UUID.", nameof(roundId));
        }

        var names = NamesOf.GetValue(grains, static factory => Names.Of(factory.GetGrain<IRoundGrain>(Guid.AllBitsSet)));
        return (IRoundGrain)grains.GetGrain(GrainId.Create(names.Grain, GrainIdKeyExtensions.CreateGuidKey(roundId.Value)), names.Interface);
    }

    /// <summary>The round a grain reference stands for.</summary>
    public static RoundId RoundId(this IRoundGrain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return new RoundId(grain.GetPrimaryKey());
    }

    /// <summary>What Orleans calls the round grain's class and interface, read from a reference it made.</summary>
    private sealed record Names(GrainType Grain, GrainInterfaceType Interface)
    {
        public static Names Of(IRoundGrain reference)
        {
            var made = (GrainReference)reference;
            return new Names(made.GrainId.Type, made.InterfaceType);
        }
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

/// <summary>A round as a view shows it: its durable state without the per-voter sets, and the integrity of its stored
/// log.</summary>
[GenerateSerializer]
[Immutable]
public sealed record RoundView([property: Id(0)] RoundOverview Round, [property: Id(1)] RoundIntegrity Integrity);

/// <summary>One voter key as the round knows it.</summary>
/// <param name="Ballot">Their ballot, if they cast one.</param>
/// <param name="HoldsVotingCode">Whether the key is a voting code the round issued.</param>
/// <param name="Registered">Whether the key is on the round's voter register.</param>
[GenerateSerializer]
[Immutable]
public sealed record VoterView(
    [property: Id(0)] BallotView? Ballot,
    [property: Id(1)] bool HoldsVotingCode,
    [property: Id(2)] bool Registered);

/// <summary>A ballot as its voter sees it: the ballot and what its choices cost at the costs frozen on the ballot.</summary>
[GenerateSerializer]
[Immutable]
public sealed record BallotView([property: Id(0)] Ballot Ballot, [property: Id(1)] Money TotalCost);

/// <summary>The answer to one ballot, about that ballot only: small, whatever the size of the round.</summary>
/// <param name="Ballot">The voter's ballot after this command (Committed; also an unchanged replay), else null.</param>
/// <param name="Cast">The stored event that cast <see cref="Ballot"/>, when this command stored it (its hash is the
/// receipt); null when the ballot was already durable (a replay), so its receipt is read by its sequence.</param>
/// <param name="BrokenAt">With <see cref="CommandStatus.RoundBroken"/>: the first sequence at fault.</param>
[GenerateSerializer]
[Immutable]
public sealed record BallotResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] BallotView? Ballot,
    [property: Id(2)] StoredEvent? Cast,
    [property: Id(3)] DomainError? Error,
    [property: Id(4)] long? BrokenAt = null)
{
    public bool Succeeded => Status == CommandStatus.Committed;
}

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
/// never an answer: <see cref="Round"/> is the round right after this command's own events (for a refused command, the
/// round it was refused against), so a later command of the same batch never shows in it. Like every answer of a
/// round, it holds no per-voter set (see <see cref="RoundOverview"/>).</summary>
/// <param name="Events">The events this command caused.</param>
/// <param name="BrokenAt">With <see cref="CommandStatus.RoundBroken"/>: the first sequence at fault in the stored log.</param>
/// <param name="Stored">This command's events as the store wrote them, with their sequences and hashes (a ballot's
/// receipt comes from its event's hash); empty when it stored nothing.</param>
[GenerateSerializer]
[Immutable]
public sealed record CommandResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] ImmutableArray<RoundEvent> Events,
    [property: Id(2)] RoundOverview Round,
    [property: Id(3)] DomainError? Error,
    [property: Id(4)] ImmutableArray<StoredEvent> Stored,
    [property: Id(5)] long? BrokenAt = null)
{
    public bool Succeeded => Status == CommandStatus.Committed;
}
