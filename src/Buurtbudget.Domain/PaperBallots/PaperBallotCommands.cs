using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.PaperBallots;

// Paper ballots at a voting evening (coordinators of the wijk): a batch is typed twice by two different coordinators,
// disagreements are settled by a third look, and only then is the batch committed and its ballots counted.

/// <summary>Starts a batch: one pile of paper ballots, named so that the coordinators find the pile again.</summary>
public sealed record OpenPaperBatch(ParticipantKey By, string Label) : RoundCommand(By);

/// <summary>Types (or corrects) the ballot at <paramref name="Position"/> of the pile in one typing. The first coordinator
/// to type in a typing owns it; the other typing must be someone else's.</summary>
public sealed record EnterPaperBallot(ParticipantKey By, int Batch, PaperEntryPass Pass, int Position, PaperBallotMark Ballot) : RoundCommand(By);

/// <summary>The typist says their typing holds the whole pile. Disagreements are shown once both typings are finished, so
/// that neither typist sees the other's work while typing.</summary>
public sealed record FinishPaperEntry(ParticipantKey By, int Batch, PaperEntryPass Pass) : RoundCommand(By);

/// <summary>Settles a position where the typings differ: <paramref name="Counted"/> as the paper shows it, or set aside
/// for <paramref name="SetAsideReason"/> (exactly one of the two).</summary>
public sealed record ResolvePaperBallot(ParticipantKey By, int Batch, int Position, PaperBallotMark? Counted, string? SetAsideReason) : RoundCommand(By);

/// <summary>Counts the batch: every agreed or settled ballot is cast for its code, replacing any earlier ballot of it.</summary>
public sealed record CommitPaperBatch(ParticipantKey By, int Batch) : RoundCommand(By);
