using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Audits;

/// <summary>One event of a round's log as stored: its place, its type name, its payload bytes and the time the store
/// recorded with it.</summary>
public sealed record LoggedEvent(long Sequence, string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset At);

/// <summary>
/// Checks that a round's log obeys the round's rules: every event is replayed from <see cref="RoundState.Initial"/>
/// by asking <see cref="BudgetRound.Decide"/> again for the command that produced it, at the time it records. The
/// round must accept that command and decide exactly the stored event (byte for byte, as
/// <see cref="RoundEventCodec"/> encodes it). Closing the vote decides two events: <c>voting-closed</c> and the
/// outcome computed from the counted ballots, so the published result is checked by the same rule that made it; an
/// <c>outcome-determined</c> anywhere else is invalid.
/// </summary>
/// <remarks>
/// What the log cannot show is not checked here: whether a voter was eligible by age or address (the identity broker
/// vouched for that at the door, and only the participant key was stored), and whether the hash chain holds (see the
/// storage's EventChain). A recount recorded in the log is checked as the round recorded it: whether it matched the
/// published outcome, not whether the auditor computed it right.
/// </remarks>
public static class LogReplay
{
    private const int MaxShownPayload = 400;

    public static LogReplayResult Replay(RoundId roundId, IReadOnlyList<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = RoundState.Initial(roundId);
        for (var position = 0; position < events.Count; position++)
        {
            var logged = events[position];
            if (Decode(logged, out var problem) is not { } roundEvent)
            {
                return LogReplayResult.Invalid(state, logged, problem);
            }

            if (CommandFor(state, roundEvent) is not { } asked)
            {
                return LogReplayResult.Invalid(state, logged, roundEvent is OutcomeDetermined
                    ? "an outcome is published only together with the voting-closed event that caused it, and this one follows no voting-closed."
                    : $"this verifier does not know how to check '{logged.Type}' events against the round's rules; check the log with a version that does.");
            }

            if (CountsTwice(state, roundEvent) is { } twice)
            {
                return LogReplayResult.Invalid(state, logged, twice);
            }

            var (command, at) = asked;
            Decision decision;
            try
            {
                decision = BudgetRound.Decide(state, command, at);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // Decide throws where the platform could never send such a command (a repeated voting code, a recount
                // past the log's end, another round's creation): in a log, that is a forged or corrupt event.
                return LogReplayResult.Invalid(state, logged, $"the platform could never have recorded it: {exception.Message}");
            }

            if (!decision.IsAccepted)
            {
                return LogReplayResult.Invalid(state, logged, $"the round's rules refuse it: {decision.Error}.");
            }

            if (decision.IsUnchanged)
            {
                return LogReplayResult.Invalid(state, logged, "it changes nothing: the round already held exactly this, and the platform records no event for that.");
            }

            for (var index = 0; index < decision.Events.Length; index++)
            {
                if (position + index >= events.Count)
                {
                    return LogReplayResult.Invalid(state, events[^1],
                        $"the round decides a '{RoundEventCodec.TypeNameOf(decision.Events[index])}' event right after this one (such as the outcome when voting closes), but the log ends here.");
                }

                if (Compare(decision.Events[index], events[position + index], at) is { } mismatch)
                {
                    return LogReplayResult.Invalid(state, events[position + index], mismatch);
                }
            }

            foreach (var decided in decision.Events)
            {
                state = state.Apply(decided);
            }

            position += decision.Events.Length - 1;
        }

        return LogReplayResult.Valid(state);
    }

    /// <summary>The command that would have produced <paramref name="roundEvent"/>, and the time it records; null for
    /// an event no command produces on its own. One line per event type, so a new event is one new case.</summary>
    private static (RoundCommand Command, DateTimeOffset At)? CommandFor(RoundState state, RoundEvent roundEvent) => roundEvent switch
    {
        RoundCreated e => (new CreateRound(e.By, e.RoundId, e.District, e.Title, e.Rules), e.At),
        RulesChanged e => (new ChangeRules(e.By, e.Rules), e.At),
        CalendarSet e => (new SetCalendar(e.By, e.Calendar), e.At),
        CalendarCleared e => (new ClearCalendar(e.By), e.At),
        VoterRegisterImported e => (new ImportVoterRegister(e.By, e.Voters, e.Codes ?? default), e.At),
        SubmissionOpened e => (new OpenSubmission(e.By), e.At),
        ReviewStarted e => (new StartReview(e.By), e.At),
        VotingOpened e => (new OpenVoting(e.By), e.At),
        VotingClosed e => (new CloseVoting(e.By), e.At),
        SpendingStarted e => (new StartSpending(e.By), e.At),
        RoundClosed e => (new CloseRound(e.By), e.At),
        ProposalSubmitted e => (new SubmitProposal(e.Author, e.Content), e.At),
        ProposalEdited e => (new EditProposal(AuthorOf(state, e.Proposal), e.Proposal, e.Content), e.At),
        ProposalWithdrawn e => (new WithdrawProposal(AuthorOf(state, e.Proposal), e.Proposal), e.At),
        ProposalFoundFeasible e => (new MarkFeasible(e.By, e.Proposal, e.ApprovedCost, e.Note), e.At),
        ProposalFoundInfeasible e => (new MarkInfeasible(e.By, e.Proposal, e.Reason), e.At),
        ProposalsMerged e => (new MergeProposals(e.By, e.Duplicate, e.Into, e.Note), e.At),
        BallotCast e => (Cast(state, e.Voter, e.Code, e.Choices, e.Channel), e.At),
        BallotReplaced e => (Cast(state, e.Voter, e.Code, e.Choices, e.Channel), e.At),
        VotingCodesIssued e => (new IssueVotingCodes(e.By, e.Codes), e.At),
        RecountRecorded e => (new RecordRecount(e.By, e.Recomputed, e.ThroughSequence), e.At),
        AuditSignedOff e => (new SignOffAudit(e.By, e.Verdict, e.Findings, e.HeadSequence, e.HeadHash), e.At),
        SpendRecorded e => (new RecordSpend(e.By, e.Proposal, e.Amount, e.Description, e.Supplier, e.InvoiceReference, e.InvoiceDate, e.AttachmentReference, e.ByName), e.At),
        SpendApproved e => (new ApproveSpend(e.By, e.Spend, e.ByName), e.At),
        SpendRejected e => (new RejectSpend(e.By, e.Spend, e.Reason, e.ByName), e.At),
        OverrunApproved e => (new ApproveOverrun(e.By, e.Proposal, e.Amount, e.Reason), e.At),
        ProgressReported e => (new ReportProgress(e.By, e.Proposal, e.Status, e.PercentComplete, e.Milestone), e.At),
        PaperBatchOpened e => (new OpenPaperBatch(e.By, e.Label), e.At),
        PaperBallotEntered e => (new EnterPaperBallot(e.By, e.Batch, e.Pass, e.Position, e.Ballot), e.At),
        PaperEntryFinished e => (new FinishPaperEntry(e.By, e.Batch, e.Pass), e.At),
        PaperBallotResolved e => (new ResolvePaperBallot(e.By, e.Batch, e.Position, e.Counted, e.SetAsideReason), e.At),
        PaperBatchCommitted e => (new CommitPaperBatch(e.By, e.Batch), e.At),
        ProposalImageAdded e => (new AddProposalImage(AuthorOf(state, e.Proposal), e.Proposal, new StoredImage(e.Image, e.Thumbnail, e.Width, e.Height), e.AltText), e.At),
        ProposalImageRemoved e => (new RemoveProposalImage(AuthorOf(state, e.Proposal), e.Proposal, e.Image), e.At),
        ProposalImageHidden e => (new HideProposalImage(e.By, e.Proposal, e.Image, e.Reason), e.At),
        ProposalImageErased e => (new EraseProposalImage(e.By, e.Proposal, e.Image), e.At),
        ArgumentPosted e => (new PostArgument(e.Author, e.Proposal, e.Side, e.Text, e.ChosenDisplayName), e.At),
        ArgumentAgreed e => (new AgreeWithArgument(e.Resident, e.Argument), e.At),
        ArgumentHidden e => (new HideArgument(e.By, e.Argument, e.Reason), e.At),
        _ => null,
    };

    /// <summary>Only a proposal's author may edit or withdraw it, and the event does not repeat who that is: the
    /// state knows. An unknown proposal gets the system as author, and the round refuses it as not found.</summary>
    private static ParticipantKey AuthorOf(RoundState state, ProposalId proposal) =>
        state.Proposals.TryGetValue(proposal, out var found) ? found.Author : ParticipantKey.System;

    /// <summary>The ballot as it was asked: with the bound letter code it names, else with the voter's own key, through
    /// the channel the event records or its voter implies. The round then decides again whose ballot it is.</summary>
    private static CastBallot Cast(RoundState state, ParticipantKey voter, ParticipantKey? code, ImmutableArray<BallotChoice> choices, BallotChannel? channel) =>
        new(code ?? voter, choices, ParticipantResolution.ChannelOf(state, voter, channel));

    /// <summary>Why a ballot event would count a person a second time, or null. The replay would refuse such an event
    /// anyway (the round decides a replacement under the person's key), but an auditor needs to read that this is the
    /// fault: one person, two counted ballots.</summary>
    private static string? CountsTwice(RoundState state, RoundEvent roundEvent)
    {
        if (roundEvent is not (BallotCast or BallotReplaced))
        {
            return null;
        }

        var (voter, code) = roundEvent is BallotCast cast ? (cast.Voter, cast.Code) : (((BallotReplaced)roundEvent).Voter, ((BallotReplaced)roundEvent).Code);
        if (state.CodeHolders.TryGetValue(voter, out var holder))
        {
            return $"a person would be counted twice: this ballot is stored under letter code {voter}, which the voter register binds to person {holder}; their ballots must be stored under that person, so that the last one replaces the others.";
        }

        if (code is { } bound && (!state.CodeHolders.TryGetValue(bound, out var owner) || owner != voter))
        {
            return $"a person would be counted twice: this ballot names letter code {bound}, which the voter register does not bind to {voter}.";
        }

        return roundEvent is BallotCast && state.Ballots.TryGetValue(voter, out var counted)
            ? $"a person would be counted twice: {voter} already has a counted ballot (event {counted.Sequence}), so a later ballot must replace it (a 'ballot-replaced' event), not be cast beside it."
            : null;
    }

    private static RoundEvent? Decode(LoggedEvent logged, out string problem)
    {
        problem = "";
        if (!RoundEventCodec.TypeNames.Contains(logged.Type, StringComparer.Ordinal))
        {
            problem = $"'{logged.Type}' is not an event type this verifier knows; check the log with a version that does.";
            return null;
        }

        try
        {
            return RoundEventCodec.Decode(logged.Type, logged.Payload.Span);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            problem = $"its payload cannot be read: {exception.Message}";
            return null;
        }
    }

    private static string? Compare(RoundEvent decided, LoggedEvent logged, DateTimeOffset at)
    {
        var (type, payload) = RoundEventCodec.Encode(decided);
        if (!string.Equals(type, logged.Type, StringComparison.Ordinal))
        {
            return decided is OutcomeDetermined
                ? $"voting closed, so the outcome computed from the counted ballots must follow, but the log holds a '{logged.Type}' event here."
                : $"the round's rules decide a '{type}' event here, not '{logged.Type}'. Decided: {Shown(payload)}.";
        }

        if (logged.At.UtcTicks != at.UtcTicks)
        {
            return $"it was stored at {Time(logged.At)}, but its payload says {Time(at)}.";
        }

        if (payload.AsSpan().SequenceEqual(logged.Payload.Span))
        {
            return null;
        }

        return decided is OutcomeDetermined computed && Decode(logged, out _) is OutcomeDetermined published
            ? $"the published outcome does not follow from the counted ballots: the log publishes {OutcomeTexts.Summary(published.Outcome)}; the ballots give {OutcomeTexts.Summary(computed.Outcome)}."
            : $"the round's rules decide a different '{type}' event here. Decided: {Shown(payload)}. Logged: {Shown(logged.Payload.Span)}.";
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Shown(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        return text.Length <= MaxShownPayload ? text : string.Concat(text.AsSpan(0, MaxShownPayload), "…");
    }
}

/// <summary>What <see cref="LogReplay"/> found: valid, or the first event that breaks the rules and why.</summary>
public sealed record LogReplayResult
{
    private LogReplayResult(RoundState state, long? sequence, string? type, string? reason)
    {
        State = state;
        Sequence = sequence;
        Type = type;
        Reason = reason;
    }

    public bool IsValid => Reason is null;

    /// <summary>The round as the log made it: all of it when valid, up to the event before the invalid one otherwise.</summary>
    public RoundState State { get; }

    /// <summary>The first invalid event.</summary>
    public long? Sequence { get; }

    /// <summary>Its stored type name.</summary>
    public string? Type { get; }

    /// <summary>For people: what is wrong with that event.</summary>
    public string? Reason { get; }

    internal static LogReplayResult Valid(RoundState state) => new(state, null, null, null);

    internal static LogReplayResult Invalid(RoundState state, LoggedEvent logged, string reason) => new(state, logged.Sequence, logged.Type, reason);

    public override string ToString() =>
        IsValid ? $"Valid: {State.Version} events follow the round's rules." : $"Event {Sequence} ({Type}): {Reason}";
}
