using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.PaperBallots;

/// <summary>A coordinator started a batch of paper ballots.</summary>
public sealed record PaperBatchOpened(int Batch, string Label, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>One paper ballot as one typist typed it. Stored as it is typed, so that a crash loses nothing typed; it counts
/// for nothing until the batch is committed.</summary>
public sealed record PaperBallotEntered(int Batch, PaperEntryPass Pass, int Position, PaperBallotMark Ballot, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>A typist finished their typing of a batch, with <paramref name="Count"/> ballots.</summary>
public sealed record PaperEntryFinished(int Batch, PaperEntryPass Pass, int Count, ParticipantKey By, DateTimeOffset At) : RoundEvent;

/// <summary>A coordinator settled a disagreement: the ballot counted as the paper shows it, or set aside with a reason.</summary>
public sealed record PaperBallotResolved(
    int Batch,
    int Position,
    PaperBallotMark? Counted,
    string? SetAsideReason,
    ParticipantKey By,
    DateTimeOffset At) : RoundEvent;

/// <summary>A batch was committed with its totals. The ballots it counted follow it in the log as ballot-cast and
/// ballot-replaced events, decided by the same rule as every other ballot, so the tally, the bulletin board and a recount
/// read them like any ballot.</summary>
public sealed record PaperBatchCommitted(int Batch, PaperBatchTotals Totals, ParticipantKey By, DateTimeOffset At) : RoundEvent;
