using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Domain.VotingCodes;

namespace Buurtbudget.Domain.Rounds;

/// <summary>The budget round aggregate's decisions: a command and the current state in, events out.</summary>
public static class BudgetRound
{
    public const int TitleMaxLength = 120;
    public const int DistrictNameMaxLength = 200;

    /// <summary>Decides <paramref name="command"/> against <paramref name="state"/> at <paramref name="now"/>.
    /// Pure: the same inputs always give the same decision.</summary>
    public static Decision Decide(RoundState state, RoundCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (command.By.Value is null)
        {
            throw new ArgumentException("A command names who asks; a default participant key is a programming error.", nameof(command));
        }

        if (command is CreateRound create)
        {
            return Create(state, create, now);
        }

        if (!state.Exists)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.RoundNotFound, ("round", state.Id)));
        }

        return command switch
        {
            ChangeRules change => ChangeRules(state, change, now),
            OpenSubmission open => Step(state, open, RoundPhase.Draft, new SubmissionOpened(open.By, now)),
            StartReview start => StartReview(state, start, now),
            OpenVoting open => VotingOpening.Decide(state, open, now),
            CloseVoting close => CloseVoting(state, close, now),
            StartSpending start => Step(state, start, RoundPhase.Tallied, new SpendingStarted(start.By, now)),
            CloseRound close => CloseRound(state, close, now),
            SubmitProposal submit => RoundCalendarRules.RefuseLateProposal(state, now) is { } late ? Decision.Reject(late) : ProposalDecisions.Submit(state, submit, now),
            EditProposal edit => RoundCalendarRules.RefuseLateProposal(state, now) is { } late ? Decision.Reject(late) : ProposalDecisions.Edit(state, edit, now),
            WithdrawProposal withdraw => ProposalDecisions.Withdraw(state, withdraw, now),
            MarkFeasible mark => ReviewDecisions.MarkFeasible(state, mark, now),
            MarkInfeasible mark => ReviewDecisions.MarkInfeasible(state, mark, now),
            MergeProposals merge => ReviewDecisions.Merge(state, merge, now),
            CastBallot cast => RoundCalendarRules.RefuseLateBallot(state, now) is { } late ? Decision.Reject(late) : BallotDecisions.Cast(state, cast, now),
            SetCalendar set => RoundCalendarRules.Set(state, set, now),
            ClearCalendar clear => RoundCalendarRules.Clear(state, clear, now),
            FollowCalendar follow => RoundCalendarRules.Follow(state, follow, now),
            ImportVoterRegister register => VoterRegisters.Import(state, register, now),
            IssueVotingCodes issue => VotingCodeDecisions.Issue(state, issue, now),
            RecordRecount recount => Recounts.Record(state, recount, now),
            SignOffAudit signOff => AuditSignOffs.Decide(state, signOff, now),
            RecordSpend record => SpendingDecisions.Record(state, record, now),
            ApproveSpend approve => SpendingDecisions.Approve(state, approve, now),
            RejectSpend reject => SpendingDecisions.Reject(state, reject, now),
            ApproveOverrun overrun => SpendingDecisions.ApproveOverrun(state, overrun, now),
            ReportProgress progress => SpendingDecisions.ReportProgress(state, progress, now),
            OpenPaperBatch open => PaperBallotDecisions.Open(state, open, now),
            EnterPaperBallot enter => PaperBallotDecisions.Enter(state, enter, now),
            FinishPaperEntry finish => PaperBallotDecisions.Finish(state, finish, now),
            ResolvePaperBallot resolve => PaperBallotDecisions.Resolve(state, resolve, now),
            CommitPaperBatch commit => PaperBallotDecisions.Commit(state, commit, now),
            AddProposalImage add => RoundCalendarRules.RefuseLateProposal(state, now) is { } late ? Decision.Reject(late) : ProposalImageDecisions.Add(state, add, now),
            RemoveProposalImage remove => ProposalImageDecisions.Remove(state, remove, now),
            HideProposalImage hide => ProposalImageDecisions.Hide(state, hide, now),
            EraseProposalImage erase => ProposalImageDecisions.Erase(state, erase, now),
            PostArgument post => ArgumentDecisions.Post(state, post, now),
            AgreeWithArgument agree => ArgumentDecisions.Agree(state, agree, now),
            HideArgument hide => ArgumentDecisions.Hide(state, hide, now),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private static Decision Create(RoundState state, CreateRound command, DateTimeOffset now)
    {
        if (command.RoundId != state.Id)
        {
            // The actor for one round received another round's command: a routing bug, not a user error.
            throw new ArgumentException($"CreateRound for {command.RoundId} reached round {state.Id}.", nameof(command));
        }

        if (state.Exists)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.RoundAlreadyExists, ("round", state.Id)));
        }

        ArgumentNullException.ThrowIfNull(command.District, nameof(command));
        ArgumentNullException.ThrowIfNull(command.Rules, nameof(command));
        if (command.District.Code.Value is null)
        {
            return Decision.Reject(DistrictCodeError(command.District));
        }

        var error = TextRules.Check(command.District.Name, "districtName", 1, DistrictNameMaxLength, multiline: false, out var districtName);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.Check(command.District.MunicipalityName, "municipalityName", 1, DistrictNameMaxLength, multiline: false, out var municipalityName);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.Check(command.Title, "title", 1, TitleMaxLength, multiline: false, out var title) ?? RulesValidation.Check(command.Rules);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var district = command.District with { Name = districtName, MunicipalityName = municipalityName };
        return Decision.Accept(new RoundCreated(state.Id, district, title, command.Rules, command.By, now));
    }

    private static DomainError DistrictCodeError(District district) => DistrictCode.InvalidError(district.Code.Value);

    private static Decision ChangeRules(RoundState state, ChangeRules command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command.Rules, nameof(command));
        if (state.RulesFrozen)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.RulesFrozen, ("phase", state.Phase.ToString())));
        }

        var error = RulesValidation.Check(command.Rules);
        return error is null ? Decision.Accept(new RulesChanged(command.Rules, command.By, now)) : Decision.Reject(error);
    }

    private static Decision StartReview(RoundState state, StartReview command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Submission);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        // Reviewing nothing would strand the round: it could never open voting and never go back.
        return state.Proposals.Values.Any(p => p.IsActive)
            ? Decision.Accept(new ReviewStarted(command.By, now))
            : Decision.Reject(DomainError.Of(RoundErrors.NoProposals));
    }

    private static Decision CloseVoting(RoundState state, CloseVoting command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Voting);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        return Decision.Accept(new VotingClosed(command.By, now), new OutcomeDetermined(DetermineOutcome(state), now));
    }

    /// <summary>The outcome the round's rule gives for the ballot options and the tally as they stand.</summary>
    public static RoundOutcome DetermineOutcome(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var rules = state.Rules ?? throw new InvalidOperationException($"Round {state.Id} has no rules.");
        if (state.Phase < RoundPhase.Voting)
        {
            throw new InvalidOperationException($"Round {state.Id} has no ballot yet: it is in {state.Phase}.");
        }

        var measure = RulesValidation.MeasureOf(rules.Method);
        if (rules.Rule == OutcomeRule.Greedy)
        {
            // Greedy needs only the running tally, which costs nothing to read however many voted.
            var candidates = state.BallotOptions.Select(option =>
            {
                var support = state.Tally.For(option.Proposal);
                return new OutcomeCandidate(option.Proposal, option.Cost, measure == SupportMeasure.Points ? support.Points : support.Voters, support.Voters);
            });
            return GreedyRule.Select(candidates, rules.Budget, rules.TieBreak, rules.MinimumSupport, measure, state.Tally.Turnout);
        }

        // The other rules read every ballot. Ballots are ordered by voter so that the input is the same on every
        // replay; the rules do not depend on the order, and the property tests check that.
        var election = new Election(
            rules.Budget,
            [.. state.BallotOptions.Select(option => new ElectionProject(option.Proposal, option.Cost))],
            [.. state.Ballots.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal).Select(pair => pair.Value.Choices)],
            measure);
        return OutcomeRules.Decide(election, rules.Rule, rules.TieBreak, rules.MinimumSupport);
    }

    /// <summary>A round closes once every spend is decided: a spend waiting for its second coordinator would otherwise
    /// stay undecided for ever.</summary>
    private static Decision CloseRound(RoundState state, CloseRound command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Spending);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var pending = state.Spending.Spends.Where(spend => spend.Status == SpendStatus.Pending).Select(spend => spend.Number).ToList();
        return pending.Count == 0
            ? Decision.Accept(new RoundClosed(command.By, now))
            : Decision.Reject(DomainError.Of(RoundErrors.SpendsPending, ("count", pending.Count), ("spends", string.Join(", ", pending))));
    }

    private static Decision Step(RoundState state, RoundCommand command, RoundPhase from, RoundEvent next)
    {
        var error = PhaseRules.Require(state, command, from);
        return error is null ? Decision.Accept(next) : Decision.Reject(error);
    }
}
