using System.Globalization;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Rounds;

/// <summary>The moments a round moves on by itself: submission opens and closes (review starts), voting opens and
/// closes. Set by a coordinator until voting opens; frozen from then on (the frozen copy is part of the
/// <see cref="VotingOpened"/> event, like the rules). Each moment lies strictly after the one before it.</summary>
public sealed record RoundCalendar(
    DateTimeOffset SubmissionOpens,
    DateTimeOffset SubmissionCloses,
    DateTimeOffset VotingOpens,
    DateTimeOffset VotingCloses)
{
    /// <summary>The stable names of the moments, as problems and the API name them.</summary>
    public const string SubmissionOpensField = "submissionOpens";
    public const string SubmissionClosesField = "submissionCloses";
    public const string VotingOpensField = "votingOpens";
    public const string VotingClosesField = "votingCloses";

    /// <summary>Each moment with its name and the phase the round leaves when it comes, in order.</summary>
    internal IEnumerable<(string Field, DateTimeOffset At, RoundPhase Leaves)> Moments()
    {
        yield return (SubmissionOpensField, SubmissionOpens, RoundPhase.Draft);
        yield return (SubmissionClosesField, SubmissionCloses, RoundPhase.Submission);
        yield return (VotingOpensField, VotingOpens, RoundPhase.Review);
        yield return (VotingClosesField, VotingCloses, RoundPhase.Voting);
    }

    /// <summary>The next moment at which a round in <paramref name="phase"/> moves on by the calendar; null when the
    /// calendar has nothing more for it (voting closed, or the round is past the calendar's phases).</summary>
    public DateTimeOffset? NextMoment(RoundPhase phase) =>
        Moments().Where(moment => moment.Leaves == phase).Select(moment => (DateTimeOffset?)moment.At).FirstOrDefault();
}

/// <summary>The calendar's decisions: setting it, following it, and the closing moment that holds even when nobody
/// (no reminder) has moved the round on yet.</summary>
internal static class RoundCalendarRules
{
    public static Decision Set(RoundState state, SetCalendar command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command.Calendar, nameof(command));
        if (state.RulesFrozen)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.CalendarFrozen, ("phase", state.Phase.ToString())));
        }

        var error = Check(command.Calendar, state.Phase, now);
        return error is null ? Decision.Accept(new CalendarSet(command.Calendar, command.By, now)) : Decision.Reject(error);
    }

    /// <summary>Removes the calendar until voting opens (it is frozen from then on, with the rules); a round without one
    /// is left as it is.</summary>
    public static Decision Clear(RoundState state, ClearCalendar command, DateTimeOffset now)
    {
        if (state.RulesFrozen)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.CalendarFrozen, ("phase", state.Phase.ToString())));
        }

        return state.Calendar is null ? Decision.Unchanged() : Decision.Accept(new CalendarCleared(command.By, now));
    }

    /// <summary>Moments in order, and every moment still ahead of the round (one whose phase the round has not left)
    /// after <paramref name="now"/>: a moment already past would move the round the instant it is set, which is a
    /// mistyped date far more often than a wish. Moments of steps already taken are history and are kept as given.</summary>
    internal static DomainError? Check(RoundCalendar calendar, RoundPhase phase, DateTimeOffset now)
    {
        (string Field, DateTimeOffset At)? previous = null;
        foreach (var (field, at, leaves) in calendar.Moments())
        {
            if (previous is { } before && at <= before.At)
            {
                return DomainError.Of(RoundErrors.CalendarOutOfOrder, ("field", field), ("value", Iso(at)), ("after", before.Field), ("afterValue", Iso(before.At)));
            }

            if (leaves >= phase && at <= now)
            {
                return DomainError.Of(RoundErrors.CalendarMomentPassed, ("field", field), ("value", Iso(at)), ("now", Iso(now)));
            }

            previous = (field, at);
        }

        return null;
    }

    /// <summary>Takes every step whose moment has come, in order, as the commands a coordinator would give, each by
    /// <see cref="RoundCommand.By"/> of the <see cref="FollowCalendar"/> command. Nothing due (the round already moved, by hand or by an earlier reminder) is
    /// <see cref="Decision.Unchanged"/>, so a reminder that fires twice or late changes nothing. A step the round
    /// refuses (review with no proposal, voting with proposals unreviewed) ends the walk: the steps before it stand,
    /// and a refusal of the first step is the answer, so that whoever follows the calendar learns why.</summary>
    public static Decision Follow(RoundState state, FollowCalendar command, DateTimeOffset now)
    {
        if (state.Calendar is not { } calendar)
        {
            return Decision.Unchanged();
        }

        var events = new List<RoundEvent>();
        var working = state;
        while (calendar.NextMoment(working.Phase) is { } moment && moment <= now)
        {
            RoundCommand step = working.Phase switch
            {
                RoundPhase.Draft => new OpenSubmission(command.By),
                RoundPhase.Submission => new StartReview(command.By),
                RoundPhase.Review => new OpenVoting(command.By),
                RoundPhase.Voting => new CloseVoting(command.By),
                _ => throw new InvalidOperationException($"The calendar has no step out of {working.Phase}."),
            };
            var decision = BudgetRound.Decide(working, step, now);
            if (!decision.IsAccepted)
            {
                return events.Count == 0 ? decision : Decision.Accept([.. events]);
            }

            foreach (var roundEvent in decision.Events)
            {
                working = working.Apply(roundEvent);
                events.Add(roundEvent);
            }
        }

        return events.Count == 0 ? Decision.Unchanged() : Decision.Accept([.. events]);
    }

    /// <summary>A ballot after the closing moment is refused whatever the phase says: the reminder that closes the vote
    /// may come late (a node down, a busy cluster), and the closing moment is what residents were told.</summary>
    public static DomainError? RefuseLateBallot(RoundState state, DateTimeOffset now) =>
        state is { Phase: RoundPhase.Voting, Calendar: { } calendar } && now >= calendar.VotingCloses
            ? DomainError.Of(RoundErrors.VotingClosedByCalendar, ("closes", Iso(calendar.VotingCloses)))
            : null;

    /// <summary>A proposal, or an author's change to one, after submission closes is refused whatever the phase says, for
    /// the same reason as a late ballot: the reminder that starts the review may come late, and the closing moment is
    /// what residents were told. Withdrawing stays possible until the review starts.</summary>
    public static DomainError? RefuseLateProposal(RoundState state, DateTimeOffset now) =>
        state is { Phase: RoundPhase.Submission, Calendar: { } calendar } && now >= calendar.SubmissionCloses
            ? DomainError.Of(RoundErrors.SubmissionClosedByCalendar, ("closes", Iso(calendar.SubmissionCloses)))
            : null;

    // Moments in problems as ISO 8601 with their offset, the form the API takes them in.
    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
}
