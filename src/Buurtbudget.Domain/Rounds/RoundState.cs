using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A round as its events made it. Immutable: applying an event returns a new state, so a
/// published state is a read view that no later turn can change under a reader.</summary>
public sealed record RoundState
{
    public required RoundId Id { get; init; }

    /// <summary>How many events made this state; the sequence number of the last one (0 = none).</summary>
    public long Version { get; init; }

    public bool Exists => District is not null;

    public District? District { get; init; }

    public string Title { get; init; } = "";

    public RoundPhase Phase { get; init; } = RoundPhase.Draft;

    /// <summary>The current rules; once voting has opened, the frozen ones.</summary>
    public RoundRules? Rules { get; init; }

    public bool RulesFrozen => Phase >= RoundPhase.Voting;

    /// <summary>The moments the round moves on by itself; null when coordinators move it by hand only. Frozen with the
    /// rules.</summary>
    public RoundCalendar? Calendar { get; init; }

    public ImmutableSortedDictionary<ProposalId, Proposal> Proposals { get; init; } = ImmutableSortedDictionary<ProposalId, Proposal>.Empty;

    /// <summary>The proposals on the ballot, frozen when voting opened.</summary>
    public ImmutableArray<BallotOption> BallotOptions { get; init; } = [];

    public BallotBook Ballots { get; init; } = BallotBook.Empty;

    /// <summary>The keyed hashes of the people who may vote, where the rules ask for a register.</summary>
    public ImmutableHashSet<ParticipantKey> VoterRegister { get; init; } = [];

    public Tally Tally { get; init; } = Tally.Empty;

    /// <summary>How many ballots each channel brought that count, and how many a later ballot through another channel
    /// replaced.</summary>
    public ChannelTally Channels { get; init; } = ChannelTally.Empty;

    /// <summary>Letter codes bound to register persons (code key to person key), from the voter register: a ballot cast
    /// with such a code is that person's ballot (see <see cref="Participants.ParticipantResolution"/>).</summary>
    public ImmutableDictionary<ParticipantKey, ParticipantKey> CodeHolders { get; init; } = ImmutableDictionary<ParticipantKey, ParticipantKey>.Empty;

    /// <summary>The letter codes of <see cref="CodeHolders"/> with which a ballot was cast, on the web or on paper, once
    /// each: a code stays used when its person's ballot is replaced later, by any channel. Its ballots are stored under
    /// the person, so without this set the round could say how many of its platform's codes voted, but not how many of
    /// the register's letters (see <see cref="VotingCodes.VotingCodeUse"/>).</summary>
    public ImmutableHashSet<ParticipantKey> UsedCodes { get; init; } = ImmutableHashSet<ParticipantKey>.Empty;

    /// <summary>The keyed hashes of every voting code issued by the platform for this round (see
    /// <see cref="VotingCodesIssued"/>). A ballot cast with such a code has the code's hash as its voter, so nothing
    /// links the code to a person; codes bound to register persons are in <see cref="CodeHolders"/> instead.</summary>
    public ImmutableHashSet<ParticipantKey> VotingCodes { get; init; } = ImmutableHashSet<ParticipantKey>.Empty;

    /// <summary>How many batches of voting codes were issued (0 = none).</summary>
    public int VotingCodeBatches { get; init; }

    public RoundOutcome? Outcome { get; init; }

    /// <summary>The closed audit, once an auditor signed it off.</summary>
    public AuditSignOff? Audit { get; init; }

    /// <summary>Spends, overrun approvals and progress of the funded projects (empty until the round is spending).</summary>
    public SpendingLedger Spending { get; init; } = SpendingLedger.Empty;

    /// <summary>The round's piles of paper ballots from voting evenings, in order (see <see cref="PaperBatch"/>).</summary>
    public ImmutableArray<PaperBatch> PaperBatches { get; init; } = [];
    /// <summary>Arguments for and against the proposals, and the display names their authors chose.</summary>
    public ArgumentBoard Arguments { get; init; } = ArgumentBoard.Empty;

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? VotingOpenedAt { get; init; }

    public DateTimeOffset? VotingClosedAt { get; init; }

    public static RoundState Initial(RoundId id) => new() { Id = id };

    /// <summary>The state after <paramref name="roundEvent"/>; <see cref="Version"/> goes up by one.</summary>
    public RoundState Apply(RoundEvent roundEvent) => RoundEvolution.Apply(this, roundEvent);
}
