namespace Buurtbudget.Domain.Rounds;

/// <summary>The <c>action</c> argument of <see cref="RoundErrors.WrongPhase"/>: one stable name per command.</summary>
public static class RoundActions
{
    public const string CreateRound = "create-round";
    public const string ChangeRules = "change-rules";
    public const string OpenSubmission = "open-submission";
    public const string StartReview = "start-review";
    public const string OpenVoting = "open-voting";
    public const string CloseVoting = "close-voting";
    public const string StartSpending = "start-spending";
    public const string CloseRound = "close-round";
    public const string SubmitProposal = "submit-proposal";
    public const string EditProposal = "edit-proposal";
    public const string WithdrawProposal = "withdraw-proposal";
    public const string MarkFeasible = "mark-feasible";
    public const string MarkInfeasible = "mark-infeasible";
    public const string MergeProposals = "merge-proposals";
    public const string CastBallot = "cast-ballot";
    public const string ImportVoterRegister = "import-voter-register";
    public const string IssueVotingCodes = "issue-voting-codes";
    public const string RecordRecount = "recount";
    public const string SignOffAudit = "sign-off-audit";
    public const string RecordSpend = "record-spend";
    public const string ApproveSpend = "approve-spend";
    public const string RejectSpend = "reject-spend";
    public const string ApproveOverrun = "approve-overrun";
    public const string ReportProgress = "report-progress";
    public const string SetCalendar = "set-calendar";
    public const string FollowCalendar = "follow-calendar";
    public const string ClearCalendar = "clear-calendar";
    public const string AddProposalImage = "add-proposal-image";
    public const string RemoveProposalImage = "remove-proposal-image";
    public const string HideProposalImage = "hide-proposal-image";
    public const string EraseProposalImage = "erase-proposal-image";

    // Paper ballots at a voting evening
    public const string OpenPaperBatch = "open-paper-batch";
    public const string EnterPaperBallot = "enter-paper-ballot";
    public const string FinishPaperEntry = "finish-paper-entry";
    public const string ResolvePaperBallot = "resolve-paper-ballot";
    public const string CommitPaperBatch = "commit-paper-batch";
    public const string PostArgument = "post-argument";
    public const string AgreeWithArgument = "agree-with-argument";
    public const string HideArgument = "hide-argument";

    public static string Of(RoundCommand command) => command switch
    {
        Rounds.CreateRound => CreateRound,
        Rounds.ChangeRules => ChangeRules,
        Rounds.OpenSubmission => OpenSubmission,
        Rounds.StartReview => StartReview,
        Rounds.OpenVoting => OpenVoting,
        Rounds.CloseVoting => CloseVoting,
        Rounds.StartSpending => StartSpending,
        Rounds.CloseRound => CloseRound,
        Rounds.SubmitProposal => SubmitProposal,
        Rounds.EditProposal => EditProposal,
        Rounds.WithdrawProposal => WithdrawProposal,
        Rounds.MarkFeasible => MarkFeasible,
        Rounds.MarkInfeasible => MarkInfeasible,
        Rounds.MergeProposals => MergeProposals,
        Rounds.CastBallot => CastBallot,
        Rounds.ImportVoterRegister => ImportVoterRegister,
        Rounds.IssueVotingCodes => IssueVotingCodes,
        Rounds.RecordRecount => RecordRecount,
        Rounds.SignOffAudit => SignOffAudit,
        Rounds.RecordSpend => RecordSpend,
        Rounds.ApproveSpend => ApproveSpend,
        Rounds.RejectSpend => RejectSpend,
        Rounds.ApproveOverrun => ApproveOverrun,
        Rounds.ReportProgress => ReportProgress,
        Rounds.SetCalendar => SetCalendar,
        Rounds.FollowCalendar => FollowCalendar,
        Rounds.ClearCalendar => ClearCalendar,
        PaperBallots.OpenPaperBatch => OpenPaperBatch,
        PaperBallots.EnterPaperBallot => EnterPaperBallot,
        PaperBallots.FinishPaperEntry => FinishPaperEntry,
        PaperBallots.ResolvePaperBallot => ResolvePaperBallot,
        PaperBallots.CommitPaperBatch => CommitPaperBatch,
        Proposals.AddProposalImage => AddProposalImage,
        Proposals.RemoveProposalImage => RemoveProposalImage,
        Proposals.HideProposalImage => HideProposalImage,
        Proposals.EraseProposalImage => EraseProposalImage,
        Arguments.PostArgument => PostArgument,
        Arguments.AgreeWithArgument => AgreeWithArgument,
        Arguments.HideArgument => HideArgument,
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
    };
}
