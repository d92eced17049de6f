using System.Collections.Immutable;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>How each event changes the state. The only place state changes. Events are facts that were
/// already decided, so nothing is validated again here; an event that cannot follow the state means a
/// corrupt log and throws.</summary>
internal static class RoundEvolution
{
    public static RoundState Apply(RoundState state, RoundEvent roundEvent)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(roundEvent);
        if (!state.Exists && roundEvent is not RoundCreated)
        {
            throw new InvalidOperationException($"Round {state.Id} received {roundEvent.GetType().Name} before it was created.");
        }

        var version = checked(state.Version + 1);

        // Ballots, by far the most frequent events, are applied here and not in the switch of all the others: its
        // lambdas capture its pattern variables, and the closure holding them is allocated whenever that switch runs.
        return roundEvent switch
        {
            BallotCast e => Cast(state, e, version),
            BallotReplaced e => Replaced(state, e, version),
            _ => ApplyOther(state, roundEvent, version),
        };
    }

    private static RoundState ApplyOther(RoundState state, RoundEvent roundEvent, long version)
    {
        return roundEvent switch
        {
            RoundCreated e => Created(state, e) with { Version = version },
            RulesChanged e => state with { Rules = e.Rules, Version = version },
            CalendarSet e => state with { Calendar = e.Calendar, Version = version },
            CalendarCleared => state with { Calendar = null, Version = version },
            VoterRegisterImported e => state with
            {
                VoterRegister = [.. e.Voters],
                CodeHolders = e.Codes is { } codes ? codes.ToImmutableDictionary(b => b.Code, b => b.Person) : ImmutableDictionary<ParticipantKey, ParticipantKey>.Empty,
                Version = version,
            },
            SubmissionOpened => state with { Phase = RoundPhase.Submission, Version = version },
            ReviewStarted => state with { Phase = RoundPhase.Review, Version = version },
            VotingOpened e => state with
            {
                Phase = RoundPhase.Voting,
                Rules = e.FrozenRules,
                Calendar = e.FrozenCalendar,
                BallotOptions = e.Ballot,
                Tally = Tally.Opened(e.Ballot),
                VotingOpenedAt = e.At,
                Version = version,
            },
            VotingClosed e => state with { Phase = RoundPhase.Tallied, VotingClosedAt = e.At, Version = version },
            OutcomeDetermined e => state with { Outcome = e.Outcome, Version = version },
            RecountRecorded => state with { Version = version },
            AuditSignedOff e => state with { Audit = new AuditSignOff(e.Verdict, e.Findings, e.HeadSequence, e.HeadHash, e.By, e.At), Version = version },
            SpendingStarted => state with { Phase = RoundPhase.Spending, Version = version },
            RoundClosed => state with { Phase = RoundPhase.Closed, Version = version },
            ProposalSubmitted e => state with
            {
                Proposals = state.Proposals.Add(e.Proposal, new Proposal(e.Proposal, e.Author, e.Content, ProposalStatus.Submitted, e.At, e.At)),
                Version = version,
            },
            ProposalEdited e => Update(state, e.Proposal, p => p with { Content = e.Content, UpdatedAt = e.At }) with { Version = version },
            ProposalWithdrawn e => Update(state, e.Proposal, p => p with { Status = ProposalStatus.Withdrawn, UpdatedAt = e.At }) with { Version = version },
            ProposalFoundFeasible e => Update(state, e.Proposal, p => p with
            {
                Status = ProposalStatus.Feasible,
                ApprovedCost = e.ApprovedCost,
                ReviewNote = e.Note,
                InfeasibleReason = null,
                UpdatedAt = e.At,
            }) with { Version = version },
            ProposalFoundInfeasible e => Update(state, e.Proposal, p => p with
            {
                Status = ProposalStatus.Infeasible,
                ApprovedCost = null,
                ReviewNote = null,
                InfeasibleReason = e.Reason,
                UpdatedAt = e.At,
            }) with { Version = version },
            ProposalsMerged e => Merged(state, e) with { Version = version },
            VotingCodesIssued e => state with
            {
                VotingCodes = state.VotingCodes.Union(e.Codes),
                VotingCodeBatches = e.Batch,
                Version = version,
            },
            SpendRecorded e => state with
            {
                Spending = state.Spending with
                {
                    Spends = state.Spending.Spends.Add(new Spend(
                        e.Spend, e.Proposal, e.Amount, e.Description, e.Supplier, e.InvoiceReference, e.InvoiceDate, e.AttachmentReference, e.By, e.At, RecordedByName: e.ByName)),
                },
                Version = version,
            },
            SpendApproved e => Decided(state, e.Spend, spend => spend with { Status = SpendStatus.Approved, DecidedBy = e.By, DecidedAt = e.At, DecidedByName = e.ByName }) with { Version = version },
            SpendRejected e => Decided(state, e.Spend, spend => spend with
            {
                Status = SpendStatus.Rejected,
                DecidedBy = e.By,
                DecidedAt = e.At,
                DecidedByName = e.ByName,
                RejectionReason = e.Reason,
            }) with { Version = version },
            OverrunApproved e => state with
            {
                Spending = state.Spending with { Overruns = state.Spending.Overruns.Add(new OverrunApproval(e.Proposal, e.Amount, e.Reason, e.By, e.At)) },
                Version = version,
            },
            ProgressReported e => Progressed(state, e) with { Version = version },
            PaperBatchOpened or PaperBallotEntered or PaperEntryFinished or PaperBallotResolved or PaperBatchCommitted =>
                PaperBatchEvolution.Apply(state, roundEvent) with { Version = version },
            ProposalImageAdded e => Update(state, e.Proposal, p => ProposalImageDecisions.Apply(p, e)) with { Version = version },
            ProposalImageRemoved e => Update(state, e.Proposal, p => ProposalImageDecisions.Apply(p, e)) with { Version = version },
            ProposalImageHidden e => Update(state, e.Proposal, p => ProposalImageDecisions.Apply(p, e)) with { Version = version },
            ProposalImageErased e => Update(state, e.Proposal, p => ProposalImageDecisions.Apply(p, e)) with { Version = version },
            ArgumentPosted e => Posted(state, e) with { Version = version },
            ArgumentAgreed e => ChangeArgument(state, e.Argument, a => a with { AgreedBy = a.AgreedBy.Add(e.Resident) }) with { Version = version },
            ArgumentHidden e => ChangeArgument(state, e.Argument, a => a with { Hidden = new ArgumentHiding(e.Reason, e.By, e.At) }) with { Version = version },
            _ => throw new ArgumentException($"Unknown event {roundEvent.GetType().Name}.", nameof(roundEvent)),
        };
    }

    private static RoundState Created(RoundState state, RoundCreated e)
    {
        if (state.Exists)
        {
            throw new InvalidOperationException($"Round {state.Id} was created twice.");
        }

        if (e.RoundId != state.Id)
        {
            throw new InvalidOperationException($"Round {state.Id} received the creation of round {e.RoundId}.");
        }

        return state with { District = e.District, Title = e.Title, Rules = e.Rules, Phase = RoundPhase.Draft, CreatedAt = e.At };
    }

    private static RoundState Update(RoundState state, ProposalId id, Func<Proposal, Proposal> change) =>
        state with { Proposals = state.Proposals.SetItem(id, change(Get(state, id))) };

    private static Proposal Get(RoundState state, ProposalId id) =>
        state.Proposals.TryGetValue(id, out var proposal)
            ? proposal
            : throw new InvalidOperationException($"Round {state.Id} has no proposal {id}.");

    /// <summary>The duplicate is folded into the target. Proposals merged into the duplicate earlier move along,
    /// so a merge chain never points at a merged proposal.</summary>
    private static RoundState Merged(RoundState state, ProposalsMerged e)
    {
        var duplicate = Get(state, e.Duplicate);
        var into = Get(state, e.Into);
        var proposals = state.Proposals.SetItem(e.Duplicate, duplicate with
        {
            Status = ProposalStatus.Merged,
            MergedInto = e.Into,
            MergedFrom = [],
            ReviewNote = e.Note,
            UpdatedAt = e.At,
        });
        foreach (var earlier in duplicate.MergedFrom)
        {
            proposals = proposals.SetItem(earlier, Get(state, earlier) with { MergedInto = e.Into });
        }

        var mergedFrom = into.MergedFrom.Add(e.Duplicate).AddRange(duplicate.MergedFrom).Sort();
        return state with { Proposals = proposals.SetItem(e.Into, into with { MergedFrom = mergedFrom, UpdatedAt = e.At }) };
    }

    private static RoundState Decided(RoundState state, int number, Func<Spend, Spend> change)
    {
        var spend = state.Spending.Find(number) ?? throw new InvalidOperationException($"Round {state.Id} has no spend {number}.");
        return state with { Spending = state.Spending with { Spends = state.Spending.Spends.SetItem(number - 1, change(spend)) } };
    }

    private static RoundState Progressed(RoundState state, ProgressReported e)
    {
        var earlier = state.Spending.ProgressOf(e.Proposal);
        var milestones = earlier?.Milestones ?? [];
        if (e.Milestone is { } text)
        {
            milestones = milestones.Add(new Milestone(text, e.Status, e.PercentComplete, e.At));
        }

        var progress = new ProjectProgress(e.Proposal, e.Status, e.PercentComplete, milestones, e.At);
        var all = earlier is null ? state.Spending.Progress.Add(progress) : state.Spending.Progress.Replace(earlier, progress);
        return state with { Spending = state.Spending with { Progress = all } };
    }

    private static RoundState Posted(RoundState state, ArgumentPosted e)
    {
        var board = e.ChosenDisplayName is { } name ? state.Arguments.WithName(e.Author, name) : state.Arguments;
        return state with { Arguments = board.With(new Argument(e.Argument, e.Proposal, e.Side, e.Author, e.Text, e.At)) };
    }

    private static RoundState ChangeArgument(RoundState state, ArgumentId id, Func<Argument, Argument> change)
    {
        var argument = state.Arguments.Arguments.TryGetValue(id, out var found)
            ? found
            : throw new InvalidOperationException($"Round {state.Id} has no argument {id}.");
        return state with { Arguments = state.Arguments.With(change(argument)) };
    }

    private static RoundState Cast(RoundState state, BallotCast e, long version)
    {
        var channel = ParticipantResolution.ChannelOf(state, e.Voter, e.Channel);
        var ballot = new Ballot(e.Voter, e.Choices, e.At, 1, version, channel);
        return state with
        {
            Ballots = state.Ballots.Add(ballot),
            Tally = state.Tally.Add(ballot),
            Channels = state.Channels.Cast(channel),
            UsedCodes = UsedWith(state, e.Code),
            Version = version,
        };
    }

    private static RoundState Replaced(RoundState state, BallotReplaced e, long version)
    {
        if (!state.Ballots.TryGetValue(e.Voter, out var previous))
        {
            throw new InvalidOperationException($"Round {state.Id} replaces a ballot that was never cast.");
        }

        var channel = ParticipantResolution.ChannelOf(state, e.Voter, e.Channel);
        var ballot = new Ballot(e.Voter, e.Choices, e.At, checked(previous.Revision + 1), version, channel, previous.Channel == channel ? null : previous.Channel);
        return state with
        {
            Ballots = state.Ballots.SetItem(ballot),
            Tally = state.Tally.Remove(previous).Add(ballot),
            Channels = state.Channels.Replace(previous.Channel, channel),
            UsedCodes = UsedWith(state, e.Code),
            Version = version,
        };
    }

    /// <summary>The used letter codes after a ballot that came with <paramref name="code"/> (a code bound by the register;
    /// null for any other ballot).</summary>
    private static ImmutableHashSet<ParticipantKey> UsedWith(RoundState state, ParticipantKey? code) =>
        code is { } used ? state.UsedCodes.Add(used) : state.UsedCodes;
}
