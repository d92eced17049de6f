using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.PaperBallots;

/// <summary>Paper ballots with double entry. A batch belongs to a round in voting, and is committed while voting is
/// open: closing the vote determines the outcome in the same step (voting-closed and outcome-determined are one
/// decision), so there is no moment after closing in which a ballot could still be counted without changing a published
/// outcome. Coordinators therefore commit the evening's piles before they close the vote.</summary>
internal static class PaperBallotDecisions
{
    public static Decision Open(RoundState state, OpenPaperBatch command, DateTimeOffset now)
    {
        if (RefuseOutsideVoting(state, command, now) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var error = TextRules.Check(command.Label, "label", 1, PaperBatch.LabelMaxLength, multiline: false, out var label);
        return error is not null
            ? Decision.Reject(error)
            : Decision.Accept(new PaperBatchOpened(checked(state.PaperBatches.Length + 1), label, command.By, now));
    }

    public static Decision Enter(RoundState state, EnterPaperBallot command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command.Ballot, nameof(command));
        if ((RefuseOutsideVoting(state, command, now) ?? RefuseUnlessOpen(state, command.Batch)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var batch = state.PaperBatches[command.Batch - 1];
        var pass = batch.PassOf(command.Pass);
        if (pass.Finished)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntryFinished, ("batch", batch.Number), ("pass", (int)command.Pass)));
        }

        if (pass.Typist is { } typist && typist != command.By)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntryNotYours, ("batch", batch.Number), ("pass", (int)command.Pass)));
        }

        // Double entry means two people: whoever typed the other typing may not type this one.
        if (batch.OtherThan(command.Pass).Typist == command.By)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntrySameCoordinator, ("batch", batch.Number)));
        }

        // Positions follow the pile without gaps: the next ballot, or a correction of one typed before.
        var next = pass.Ballots.Count + 1;
        if (command.Position < 1 || command.Position > next || command.Position > PaperBatch.MaxBallots)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperPositionOutOfRange, ("position", command.Position), ("next", next), ("max", PaperBatch.MaxBallots)));
        }

        if (CheckMark(state, command.Ballot, command.Position, out var mark) is { } invalid)
        {
            return Decision.Reject(invalid);
        }

        return pass.Ballots.TryGetValue(command.Position, out var typed) && typed.Agrees(mark)
            ? Decision.Unchanged()
            : Decision.Accept(new PaperBallotEntered(batch.Number, command.Pass, command.Position, mark, command.By, now));
    }

    public static Decision Finish(RoundState state, FinishPaperEntry command, DateTimeOffset now)
    {
        if ((RefuseOutsideVoting(state, command, now) ?? RefuseUnlessOpen(state, command.Batch)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var batch = state.PaperBatches[command.Batch - 1];
        var pass = batch.PassOf(command.Pass);
        if (pass.Finished)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntryFinished, ("batch", batch.Number), ("pass", (int)command.Pass)));
        }

        if (pass.Typist is not { } typist || pass.Ballots.IsEmpty)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntryEmpty, ("batch", batch.Number), ("pass", (int)command.Pass)));
        }

        return typist == command.By
            ? Decision.Accept(new PaperEntryFinished(batch.Number, command.Pass, pass.Ballots.Count, command.By, now))
            : Decision.Reject(DomainError.Of(RoundErrors.PaperEntryNotYours, ("batch", batch.Number), ("pass", (int)command.Pass)));
    }

    public static Decision Resolve(RoundState state, ResolvePaperBallot command, DateTimeOffset now)
    {
        if ((RefuseOutsideVoting(state, command, now) ?? RefuseUnlessOpen(state, command.Batch)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var batch = state.PaperBatches[command.Batch - 1];
        if (!batch.BothFinished)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntriesUnfinished, ("batch", batch.Number)));
        }

        if (command.Position < 1 || command.Position > batch.Size || batch.Agreed(command.Position, out _))
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperBallotNotDisputed, ("batch", batch.Number), ("position", command.Position)));
        }

        if ((command.Counted is null) == (command.SetAsideReason is null))
        {
            throw new ArgumentException("A resolution either counts a ballot or sets the paper aside with a reason, never both or neither.", nameof(command));
        }

        if (command.Counted is { } counted)
        {
            if (counted.Spoiled)
            {
                throw new ArgumentException("A spoiled paper is set aside with a reason, not counted.", nameof(command));
            }

            return CheckMark(state, counted, command.Position, out var mark) is { } invalid
                ? Decision.Reject(invalid)
                : Decision.Accept(new PaperBallotResolved(batch.Number, command.Position, mark, null, command.By, now));
        }

        var error = TextRules.Check(command.SetAsideReason, "reason", 1, PaperBatch.ReasonMaxLength, multiline: false, out var reason);
        return error is not null
            ? Decision.Reject(error)
            : Decision.Accept(new PaperBallotResolved(batch.Number, command.Position, null, reason, command.By, now));
    }

    /// <summary>Casts every agreed or settled ballot in pile order with the one ballot rule (<see cref="BallotDecisions"/>),
    /// each against the round as the ballots before it left it, so a code twice in the pile is counted once, with its
    /// later paper. The batch's event comes first, with totals that are exactly what the ballot events after it do.</summary>
    public static Decision Commit(RoundState state, CommitPaperBatch command, DateTimeOffset now)
    {
        if ((RefuseOutsideVoting(state, command, now) ?? RefuseUnlessOpen(state, command.Batch)) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var batch = state.PaperBatches[command.Batch - 1];
        if (!batch.BothFinished)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperEntriesUnfinished, ("batch", batch.Number)));
        }

        var open = batch.Disagreements().Where(position => !batch.Resolutions.ContainsKey(position)).ToList();
        if (open.Count > 0)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.PaperDisagreementsOpen, ("batch", batch.Number), ("count", open.Count), ("positions", string.Join(", ", open))));
        }

        int agreed = 0, resolved = 0, counted = 0, setAside = 0, replaced = 0;
        var ballots = new List<RoundEvent>();
        var working = state;
        for (var position = 1; position <= batch.Size; position++)
        {
            PaperBallotMark? mark;
            if (batch.Agreed(position, out var same))
            {
                agreed++;
                mark = same!.Spoiled ? null : same;
            }
            else
            {
                resolved++;
                mark = batch.Resolutions[position].Counted;
            }

            if (mark is null)
            {
                setAside++;
                continue;
            }

            var decision = BallotDecisions.Cast(working, new CastBallot(mark.Voter!.Value, mark.Choices, BallotChannel.Paper), now);
            if (!decision.IsAccepted)
            {
                // Entries were checked when typed against rules and codes that never change during voting, so this
                // cannot happen; should it, the pile is refused as a whole rather than counted in part.
                return Decision.Reject(decision.Error!);
            }

            counted++;
            foreach (var cast in decision.Events)
            {
                replaced += cast is BallotReplaced ? 1 : 0;
                working = working.Apply(cast);
                ballots.Add(cast);
            }
        }

        var totals = new PaperBatchTotals(batch.Size, agreed, resolved, counted, setAside, replaced);
        return Decision.Accept([new PaperBatchCommitted(batch.Number, totals, command.By, now), .. ballots]);
    }

    /// <summary>The ballot a typist typed, checked as the round checks any ballot: the code must be one this round issued
    /// and the choices must follow the frozen rules. A spoiled paper carries neither.</summary>
    private static DomainError? CheckMark(RoundState state, PaperBallotMark typed, int position, out PaperBallotMark mark)
    {
        mark = typed;
        if (typed.Spoiled)
        {
            if (typed.Voter is not null || !typed.Choices.IsEmpty)
            {
                throw new ArgumentException("A spoiled paper carries no code and no choices.", nameof(typed));
            }

            return null;
        }

        if (typed.Voter is not { } voter || !ParticipantResolution.IsCode(state, voter))
        {
            return DomainError.Of(RoundErrors.PaperBallotCodeNotIssued, ("position", position));
        }

        var error = BallotValidation.Check(state.Rules!, state.BallotOptions, typed.Choices, out var choices);
        if (error is not null)
        {
            return DomainError.Of(error.Code, [("position", position), .. error.Arguments.Select(pair => (pair.Key, (object?)pair.Value))]);
        }

        mark = typed with { Choices = choices };
        return null;
    }

    private static DomainError? RefuseOutsideVoting(RoundState state, RoundCommand command, DateTimeOffset now) =>
        PhaseRules.Require(state, command, RoundPhase.Voting) ?? RoundCalendarRules.RefuseLateBallot(state, now);

    private static DomainError? RefuseUnlessOpen(RoundState state, int number)
    {
        if (number < 1 || number > state.PaperBatches.Length)
        {
            return DomainError.Of(RoundErrors.PaperBatchNotFound, ("batch", number));
        }

        var batch = state.PaperBatches[number - 1];
        return batch.IsCommitted ? DomainError.Of(RoundErrors.PaperBatchAlreadyCommitted, ("batch", number)) : null;
    }
}
