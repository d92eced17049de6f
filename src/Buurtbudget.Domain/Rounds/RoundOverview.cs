using System.Collections.Immutable;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A round as every view of it reads it: all of <see cref="RoundState"/> except what grows with its voters.
/// The ballots, the voter register and the voting codes hold one entry per person, so at a quarter of a million
/// ballots they are tens of megabytes, while everything here grows only with the proposals and the spends. Only their
/// counts are here; one voter's ballot is asked for by that voter's key. Immutable, like the state it is taken from.</summary>
/// <param name="Version">The sequence of the last event this overview includes.</param>
/// <param name="BallotCount">Ballots cast, one per voter (a replaced ballot counts once; blank ones count).</param>
/// <param name="RegisteredVoters">Entries in the voter register (0 without one).</param>
/// <param name="VotingCodesIssued">Voting codes issued over all batches.</param>
/// <param name="RegisterLetterCodes">Letter codes the voter register binds to its persons.</param>
/// <param name="Calendar">When the round moves on by itself (see <see cref="RoundState.Calendar"/>).</param>
public sealed record RoundOverview(
    RoundId Id,
    long Version,
    District? District,
    string Title,
    RoundPhase Phase,
    RoundRules? Rules,
    ImmutableSortedDictionary<ProposalId, Proposal> Proposals,
    ImmutableArray<BallotOption> BallotOptions,
    Tally Tally,
    int BallotCount,
    int RegisteredVoters,
    int VotingCodesIssued,
    int VotingCodeBatches,
    RoundOutcome? Outcome,
    AuditSignOff? Audit,
    SpendingLedger Spending,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? VotingOpenedAt,
    DateTimeOffset? VotingClosedAt,
    RoundCalendar? Calendar = null,
    ChannelTally? Channels = null,
    int RegisterLetterCodes = 0)
{
    /// <summary>How many ballots each channel brought that count, and how many were replaced by a later ballot through
    /// another channel.</summary>
    public ChannelTally ChannelCounts => Channels ?? ChannelTally.Empty;

    public bool Exists => District is not null;

    public bool RulesFrozen => Phase >= RoundPhase.Voting;

    /// <summary>The one mapping from a round's state to its overview.</summary>
    public static RoundOverview Of(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RoundOverview(
            state.Id,
            state.Version,
            state.District,
            state.Title,
            state.Phase,
            state.Rules,
            state.Proposals,
            state.BallotOptions,
            state.Tally,
            state.Ballots.Count,
            state.VoterRegister.Count,
            state.VotingCodes.Count,
            state.VotingCodeBatches,
            state.Outcome,
            state.Audit,
            state.Spending,
            state.CreatedAt,
            state.VotingOpenedAt,
            state.VotingClosedAt,
            state.Calendar,
            state.Channels,
            state.CodeHolders.Count);
    }

    /// <summary>What <paramref name="ballot"/>'s choices cost together, at the costs frozen on the ballot.</summary>
    public Money CostOf(Ballot ballot) => BallotCosts.Of(ballot, BallotOptions);
}
