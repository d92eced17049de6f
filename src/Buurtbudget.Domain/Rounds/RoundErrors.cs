using System.Collections.Immutable;
using System.Reflection;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Every reason the round can refuse a command. The codes are stable: the API turns each into a
/// problem-details type URI and a Dutch and English text (the arguments named here fill them in).</summary>
public static class RoundErrors
{
    /// <summary>No round has this id. Args: round.</summary>
    public const string RoundNotFound = "round-not-found";

    /// <summary>CreateRound for an id that already has a round. Args: round.</summary>
    public const string RoundAlreadyExists = "round-already-exists";

    /// <summary>The command is not allowed in the current phase. Args: action, phase, allowed (comma-separated phases).</summary>
    public const string WrongPhase = "wrong-phase";

    /// <summary>Rules cannot change once voting has opened. Args: phase.</summary>
    public const string RulesFrozen = "rules-frozen";

    /// <summary>The rules are not coherent. Args: reason (one of the <see cref="InvalidRulesReasons"/>), value.</summary>
    public const string InvalidRules = "invalid-rules";

    /// <summary>A title or text is too short, too long or holds control characters. Lengths count after trimming.
    /// Args: field, reason (one of the <see cref="InvalidTextReasons"/>), min, max, length.</summary>
    public const string InvalidText = "invalid-text";

    /// <summary>A proposal names a category the platform does not know. Args: value.</summary>
    public const string InvalidCategory = "invalid-category";

    /// <summary>An amount is zero, negative or absurd. Args: field, value, max (and proposal where one is meant).</summary>
    public const string AmountOutOfRange = "amount-out-of-range";

    /// <summary>Args: proposal.</summary>
    public const string ProposalNotFound = "proposal-not-found";

    /// <summary>Only the author may edit or withdraw a proposal. Args: proposal.</summary>
    public const string NotProposalAuthor = "not-proposal-author";

    /// <summary>The proposal is no longer in a state where this is possible. Args: proposal, status.</summary>
    public const string ProposalNotInRightState = "proposal-not-in-right-state";

    /// <summary>A proposal cannot be merged into itself, or into one that is withdrawn, infeasible or merged. Args: proposal, into, status.</summary>
    public const string InvalidMerge = "invalid-merge";

    /// <summary>Review cannot start while no proposal is in the race (all withdrawn, or none submitted).</summary>
    public const string NoProposals = "no-proposals";

    /// <summary>Voting cannot open while proposals await review. Args: count, proposals (comma-separated ids).</summary>
    public const string ReviewIncomplete = "review-incomplete";

    /// <summary>Voting cannot open without a feasible proposal.</summary>
    public const string NoFeasibleProposals = "no-feasible-proposals";

    /// <summary>The ballot method asks more than the ballot offers (e.g. at least 5 choices out of 3).
    /// Args: reason (one of the <see cref="BallotMethodImpossibleReasons"/>), value, available.</summary>
    public const string BallotMethodImpossible = "ballot-method-impossible";

    /// <summary>A proposal appears twice on one ballot. Args: proposal.</summary>
    public const string BallotDuplicateProposal = "ballot-duplicate-proposal";

    /// <summary>The ballot names a proposal that is not on the ballot (unknown, withdrawn, infeasible, merged). Args: proposal.</summary>
    public const string BallotProposalNotOnBallot = "ballot-proposal-not-on-ballot";

    /// <summary>Approval within budget: the chosen proposals cost more than the budget. Args: total, budget.</summary>
    public const string BallotOverBudget = "ballot-over-budget";

    /// <summary>Args: count, min.</summary>
    public const string BallotTooFewChoices = "ballot-too-few-choices";

    /// <summary>Args: count, max.</summary>
    public const string BallotTooManyChoices = "ballot-too-many-choices";

    /// <summary>Points must be 1 for approval ballots and at least 1 for cumulative ones. Args: proposal, points.</summary>
    public const string BallotInvalidPoints = "ballot-invalid-points";

    /// <summary>Cumulative: more points than the ballot has. Args: total, max.</summary>
    public const string BallotTooManyPoints = "ballot-too-many-points";

    /// <summary>Cumulative: more points on one proposal than the cap. Args: proposal, points, max.</summary>
    public const string BallotPointsOverCap = "ballot-points-over-cap";

    /// <summary>A batch of voting codes must hold at least one and at most <see cref="VotingCodes.VotingCode.MaxPerBatch"/>
    /// codes. Args: count, min, max.</summary>
    public const string VotingCodeCountOutOfRange = "voting-code-count-out-of-range";

    /// <summary>A ballot by voting code names a code this round did not issue: mistyped, invented, or of another round
    /// (all answered alike, so that the answer tells nothing about other codes).</summary>
    public const string UnknownVotingCode = "unknown-voting-code";

    /// <summary>Every code a round can refuse a command with, the district codes included, so that whoever words
    /// them (the API's problem catalogue) can check in a test that none is missing.</summary>
    /// <summary>The caller may not vote in this round (<see cref="NotEligibleReasons"/>).</summary>
    public const string NotEligible = "not-eligible";

    /// <summary>The rules ask for a voter register and none was imported before voting opens.</summary>
    public const string VoterRegisterMissing = "voter-register-missing";

    /// <summary>A voter register entry is not a keyed hash, or the register is too large.</summary>
    public const string InvalidVoterRegister = "invalid-voter-register";

    /// <summary>One person, one ballot (issue 17): a letter code in the register is bound to two different persons.
    /// Args: code (the code's keyed hash, as in the upload).</summary>
    public const string VotingCodeBoundTwice = "voting-code-bound-twice";

    /// <summary>A letter code in the register cannot be bound as asked. Args: reason (one of the
    /// <see cref="CodeBindingReasons"/>), code.</summary>
    public const string InvalidCodeBinding = "invalid-code-binding";

    /// <summary>The round's audit was already signed off. Args: verdict, at.</summary>
    public const string AuditAlreadySignedOff = "audit-already-signed-off";

    /// <summary>'approved' comes without findings; 'findings' with 1 to max. Args: verdict, findings, max.</summary>
    public const string AuditVerdictFindings = "audit-verdict-findings";

    /// <summary>A finding links to no event, or to one the log does not hold. Args: finding (1-based), sequence, last.</summary>
    public const string AuditFindingEvent = "audit-finding-event";

    /// <summary>The log grew after the head the auditor signed off. Args: seen, head.</summary>
    public const string AuditHeadMoved = "audit-head-moved";

    /// <summary>Spending, overruns and progress go only to proposals the outcome funded. Args: proposal.</summary>
    public const string ProjectNotFunded = "project-not-funded";

    /// <summary>Args: spend.</summary>
    public const string SpendNotFound = "spend-not-found";

    /// <summary>The spend was approved or rejected already. Args: spend, status.</summary>
    public const string SpendAlreadyDecided = "spend-already-decided";

    /// <summary>Four eyes: the coordinator who recorded a spend cannot approve it. Args: spend.</summary>
    public const string SpendNeedsSecondCoordinator = "spend-needs-second-coordinator";

    /// <summary>The spend would take the project past its approved cost plus approved overruns. Args: proposal, amount,
    /// limit, counted (pending and approved so far), remaining.</summary>
    public const string SpendOverLimit = "spend-over-limit";

    /// <summary>The overrun would take the funded projects' limits together past the round's budget. Args: proposal,
    /// amount, available, budget.</summary>
    public const string OverrunOverBudget = "overrun-over-budget";

    /// <summary>An invoice dated after the day it is recorded. Args: date, today.</summary>
    public const string InvoiceDateInFuture = "invoice-date-in-future";

    /// <summary>An invoice dated more than seven years before the day it is recorded (an unset date, 0001-01-01, among
    /// them). Args: date, earliest.</summary>
    public const string InvoiceDateTooOld = "invoice-date-too-old";

    /// <summary>Progress that cannot be (<see cref="Spending.InvalidProgressReasons"/>). Args: reason, value.</summary>
    public const string InvalidProgress = "invalid-progress";

    /// <summary>The round cannot close while spends await their second coordinator. Args: count, spends.</summary>
    public const string SpendsPending = "spends-pending";

    /// <summary>The calendar cannot change once voting has opened. Args: phase.</summary>
    public const string CalendarFrozen = "calendar-frozen";

    /// <summary>A calendar moment is not after the one before it. Args: field, value, after (the earlier field),
    /// afterValue. Moments are ISO 8601 with their offset.</summary>
    public const string CalendarOutOfOrder = "calendar-out-of-order";

    /// <summary>A moment of a step still ahead of the round is not in the future. Args: field, value, now.</summary>
    public const string CalendarMomentPassed = "calendar-moment-passed";

    /// <summary>The calendar's closing moment has passed, even if the round has not yet been moved on. Args: closes.</summary>
    public const string VotingClosedByCalendar = "voting-closed-by-calendar";

    /// <summary>The calendar's moment for closing submission has passed, even if the round has not yet been moved on:
    /// no new proposal and no change to one. Args: closes.</summary>
    public const string SubmissionClosedByCalendar = "submission-closed-by-calendar";

    // Paper ballots at a voting evening (PaperBallots).

    /// <summary>The round has no paper batch with this number. Args: batch.</summary>
    public const string PaperBatchNotFound = "paper-batch-not-found";

    /// <summary>The batch was committed; its ballots count and it no longer changes. Args: batch.</summary>
    public const string PaperBatchAlreadyCommitted = "paper-batch-already-committed";

    /// <summary>Double entry: the coordinator who typed one typing of a batch may not type the other. Args: batch.</summary>
    public const string PaperEntrySameCoordinator = "paper-entry-same-coordinator";

    /// <summary>Another coordinator is typing (or typed) this typing of the batch. Args: batch, pass.</summary>
    public const string PaperEntryNotYours = "paper-entry-not-yours";

    /// <summary>The typing was finished and no longer changes. Args: batch, pass.</summary>
    public const string PaperEntryFinished = "paper-entry-finished";

    /// <summary>A typing without any ballot cannot be finished. Args: batch, pass.</summary>
    public const string PaperEntryEmpty = "paper-entry-empty";

    /// <summary>A position beyond the next one in the pile (or above the largest pile). Args: position, next, max.</summary>
    public const string PaperPositionOutOfRange = "paper-position-out-of-range";

    /// <summary>The code typed for a paper ballot is not one this round issued: mistyped, or of another round. Args: position.</summary>
    public const string PaperBallotCodeNotIssued = "paper-ballot-code-not-issued";

    /// <summary>Disagreements are settled, and a batch committed, only once both typings are finished. Args: batch.</summary>
    public const string PaperEntriesUnfinished = "paper-entries-unfinished";

    /// <summary>Only a position where the two typings differ is settled by hand. Args: batch, position.</summary>
    public const string PaperBallotNotDisputed = "paper-ballot-not-disputed";

    /// <summary>The batch still has disagreements nobody settled. Args: batch, count, positions.</summary>
    public const string PaperDisagreementsOpen = "paper-disagreements-open";

    public static ImmutableArray<string> All { get; } =
    [
        .. new[] { typeof(RoundErrors), typeof(DistrictErrors) }
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal),
    ];
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.InvalidRules"/>.</summary>
public static class InvalidRulesReasons
{
    public const string BudgetNotPositive = "budget-not-positive";
    public const string BudgetTooLarge = "budget-too-large";
    public const string CountNotPositive = "count-not-positive";
    public const string MinAboveMax = "min-above-max";
    public const string PointsNotPositive = "points-not-positive";
    public const string CapNotPositive = "cap-not-positive";
    public const string CapAbovePoints = "cap-above-points";
    public const string MinimumSupportNegative = "minimum-support-negative";
    public const string UnknownRule = "unknown-rule";
    public const string MinimumAgeOutOfRange = "minimum-age-out-of-range";

    /// <summary>Phragmén with points, or a per-euro rule with approvals (<see cref="Outcomes.OutcomeRules.Suits"/>).</summary>
    public const string RuleUnsuitedToBallot = "rule-unsuited-to-ballot";
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.InvalidCodeBinding"/>.</summary>
public static class CodeBindingReasons
{
    /// <summary>The code is bound to a person who is not in the register itself.</summary>
    public const string PersonNotInRegister = "person-not-in-register";

    /// <summary>The code's key is also a person's sign-in key: the upload mixed up its columns.</summary>
    public const string CodeIsAPerson = "code-is-a-person";

    /// <summary>The code is one the platform issued in a batch, which belongs to nobody.</summary>
    public const string CodeAlreadyIssued = "code-already-issued";
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.InvalidText"/>.</summary>
public static class InvalidTextReasons
{
    public const string TooShort = "too-short";
    public const string TooLong = "too-long";

    /// <summary>Control characters (other than line breaks and tabs in long texts) break displays and some stores;
    /// direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) and a byte-order mark (U+FEFF) count as
    /// such, because they make a text read otherwise than it is stored.</summary>
    public const string ControlCharacter = "control-character";

    /// <summary>Nothing in the text can be seen: only spaces, zero-width and other invisible characters.</summary>
    public const string Invisible = "invisible";

    /// <summary>A long run of combining marks stacked on one letter ("zalgo"), which spills over neighbouring lines.</summary>
    public const string CombiningMarks = "combining-marks";
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.BallotMethodImpossible"/>.</summary>
public static class BallotMethodImpossibleReasons
{
    /// <summary>The minimum number of choices is above the number of proposals on the ballot. Value: the minimum; available: the proposals.</summary>
    public const string MinCountAboveOptions = "min-count-above-options";

    /// <summary>Even the cheapest proposals, as many as the minimum asks, cost more than the budget. Value: their cost; available: the budget.</summary>
    public const string MinCountOverBudget = "min-count-over-budget";
}
