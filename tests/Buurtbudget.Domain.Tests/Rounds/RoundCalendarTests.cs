using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RoundCalendarTests
{
    private static readonly ParticipantKey Coordinator = Sample.Coordinator;

    /// <summary>Moments a day apart, the first a day after <paramref name="from"/>.</summary>
    private static RoundCalendar DailyFrom(DateTimeOffset from) =>
        new(from.AddDays(1), from.AddDays(2), from.AddDays(3), from.AddDays(4));

    private static Decision Follow(RoundScenario scenario) => scenario.Try(new FollowCalendar(ParticipantKey.System));

    [Fact]
    public void A_coordinator_sets_the_calendar_and_the_round_holds_it()
    {
        var scenario = RoundScenario.Created();
        var calendar = DailyFrom(scenario.Now);

        var set = Assert.IsType<CalendarSet>(Assert.Single(scenario.Do(new SetCalendar(Coordinator, calendar))));

        Assert.Equal(calendar, set.Calendar);
        Assert.Equal(calendar, scenario.State.Calendar);
        Assert.Equal(calendar.SubmissionOpens, calendar.NextMoment(scenario.State.Phase));
    }

    [Theory]
    [InlineData(1, RoundCalendar.SubmissionClosesField, RoundCalendar.SubmissionOpensField)]
    [InlineData(2, RoundCalendar.VotingOpensField, RoundCalendar.SubmissionClosesField)]
    [InlineData(3, RoundCalendar.VotingClosesField, RoundCalendar.VotingOpensField)]
    public void Each_moment_must_come_after_the_one_before_it(int moment, string field, string after)
    {
        var scenario = RoundScenario.Created();
        var days = new[] { 1.0, 2, 3, 4 };
        days[moment] = days[moment - 1]; // the same moment as the one before is not after it
        var calendar = new RoundCalendar(scenario.Now.AddDays(days[0]), scenario.Now.AddDays(days[1]), scenario.Now.AddDays(days[2]), scenario.Now.AddDays(days[3]));

        var error = scenario.Refused(new SetCalendar(Coordinator, calendar), RoundErrors.CalendarOutOfOrder);

        Assert.Equal(field, error["field"]);
        Assert.Equal(after, error["after"]);
    }

    [Fact]
    public void A_moment_still_ahead_of_the_round_must_be_in_the_future()
    {
        var scenario = RoundScenario.Created();
        var calendar = DailyFrom(scenario.Now.AddDays(-2)); // submission would have opened a day ago

        var error = scenario.Refused(new SetCalendar(Coordinator, calendar), RoundErrors.CalendarMomentPassed);

        Assert.Equal(RoundCalendar.SubmissionOpensField, error["field"]);
    }

    [Fact]
    public void The_moment_of_a_step_already_taken_may_lie_in_the_past()
    {
        var scenario = RoundScenario.InSubmission();
        var calendar = DailyFrom(scenario.Now.AddDays(-1.5)); // opened half a day ago; closes half a day ahead

        scenario.Do(new SetCalendar(Coordinator, calendar));

        Assert.Equal(calendar.SubmissionCloses, calendar.NextMoment(scenario.State.Phase));
    }

    [Fact]
    public void A_coordinator_removes_the_calendar_until_voting_opens()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Do(new SetCalendar(Coordinator, DailyFrom(scenario.Now.AddDays(-1.5))));

        Assert.IsType<CalendarCleared>(Assert.Single(scenario.Do(new ClearCalendar(Coordinator))));

        Assert.Null(scenario.State.Calendar);
        Assert.True(scenario.Try(new ClearCalendar(Coordinator)).IsUnchanged);
        scenario.Wait(TimeSpan.FromDays(3));
        Assert.True(Follow(scenario).IsUnchanged);
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
    }

    [Fact]
    public void The_calendar_is_frozen_with_the_rules_when_voting_opens()
    {
        var scenario = RoundScenario.InReview(null, 5_000);
        var calendar = new RoundCalendar(scenario.Now.AddDays(-10), scenario.Now.AddDays(-5), scenario.Now.AddDays(3), scenario.Now.AddDays(10));
        scenario.Do(new SetCalendar(Coordinator, calendar));
        scenario.Do(new MarkFeasible(Coordinator, new ProposalId(1), Money.FromEuros(5_000), null));

        var opened = Assert.IsType<VotingOpened>(Assert.Single(scenario.Do(new OpenVoting(Coordinator))));

        Assert.Equal(calendar, opened.FrozenCalendar);
        scenario.Refused(new SetCalendar(Coordinator, calendar with { VotingCloses = calendar.VotingCloses.AddDays(1) }), RoundErrors.CalendarFrozen);
        scenario.Refused(new ClearCalendar(Coordinator), RoundErrors.CalendarFrozen);
        Assert.Equal(calendar, scenario.State.Calendar);
    }

    [Fact]
    public void A_round_without_a_calendar_opens_voting_without_one()
    {
        var scenario = RoundScenario.InVoting(null, 5_000);

        var opened = Assert.Single(scenario.History.OfType<VotingOpened>());

        Assert.Null(opened.FrozenCalendar);
        Assert.Null(scenario.State.Calendar);
    }

    [Fact]
    public void Following_the_calendar_before_a_moment_changes_nothing()
    {
        var scenario = RoundScenario.Created();
        scenario.Do(new SetCalendar(Coordinator, DailyFrom(scenario.Now)));

        var decision = Follow(scenario);

        Assert.True(decision.IsUnchanged);
        Assert.Equal(RoundPhase.Draft, scenario.State.Phase);
    }

    [Fact]
    public void The_calendar_opens_submission_at_its_moment_by_the_system()
    {
        var scenario = RoundScenario.Created();
        var calendar = DailyFrom(scenario.Now);
        scenario.Do(new SetCalendar(Coordinator, calendar));
        scenario.Wait(calendar.SubmissionOpens - scenario.Now);

        var opened = Assert.IsType<SubmissionOpened>(Assert.Single(Follow(scenario).Events));

        Assert.Equal(ParticipantKey.System, opened.By);
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
    }

    [Fact]
    public void A_reminder_that_comes_twice_moves_the_round_once()
    {
        var scenario = RoundScenario.Created();
        var calendar = DailyFrom(scenario.Now);
        scenario.Do(new SetCalendar(Coordinator, calendar));
        scenario.Wait(TimeSpan.FromDays(1));
        Follow(scenario);

        Assert.True(Follow(scenario).IsUnchanged);
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
    }

    [Fact]
    public void A_phase_a_coordinator_moved_by_hand_before_its_moment_is_not_moved_again()
    {
        var scenario = RoundScenario.Created();
        var calendar = DailyFrom(scenario.Now);
        scenario.Do(new SetCalendar(Coordinator, calendar));
        scenario.Do(new OpenSubmission(Coordinator));
        scenario.Submit(Sample.Resident(1));
        scenario.Wait(TimeSpan.FromDays(1.5)); // past the opening moment, before the closing one

        Assert.True(Follow(scenario).IsUnchanged);
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
    }

    [Fact]
    public void A_late_reminder_takes_every_step_whose_moment_has_come_in_order()
    {
        var scenario = RoundScenario.Created();
        scenario.Do(new SetCalendar(Coordinator, DailyFrom(scenario.Now)));
        scenario.Do(new OpenSubmission(Coordinator));
        scenario.Submit(Sample.Resident(1));
        scenario.Wait(TimeSpan.FromDays(2.5)); // submission has closed, voting not yet open

        var events = Follow(scenario).Events;

        Assert.IsType<ReviewStarted>(Assert.Single(events));
        Assert.Equal(RoundPhase.Review, scenario.State.Phase);
    }

    [Fact]
    public void A_step_the_round_refuses_is_the_answer_and_leaves_the_phase()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Do(new SetCalendar(Coordinator, DailyFrom(scenario.Now.AddDays(-1.5))));
        scenario.Wait(TimeSpan.FromDays(1)); // submission closed with no proposal: review cannot start

        var decision = Follow(scenario);

        Assert.Equal(RoundErrors.NoProposals, decision.Error?.Code);
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
    }

    [Fact]
    public void The_calendar_closes_voting_and_determines_the_outcome()
    {
        var scenario = VotingWithCalendar(out var calendar);
        scenario.Vote(1, 1);
        scenario.Wait(calendar.VotingCloses - scenario.Now);

        var events = Follow(scenario).Events;

        Assert.Collection(events, e => Assert.IsType<VotingClosed>(e), e => Assert.IsType<OutcomeDetermined>(e));
        Assert.Equal(RoundPhase.Tallied, scenario.State.Phase);
        Assert.Null(calendar.NextMoment(scenario.State.Phase));
    }

    [Fact]
    public void A_proposal_or_a_change_to_one_after_submission_closes_is_refused_even_while_the_reminder_is_late()
    {
        var scenario = RoundScenario.InSubmission();
        var calendar = DailyFrom(scenario.Now.AddDays(-1.5)); // opened half a day ago; closes half a day ahead
        scenario.Do(new SetCalendar(Coordinator, calendar));
        var author = Sample.Resident(7);
        scenario.Do(new SubmitProposal(author, Sample.Content(title: "Lantaarns in de steeg")));
        var proposal = scenario.State.Proposals.Keys.Max();
        scenario.Wait(calendar.SubmissionCloses - scenario.Now); // the next command comes at the moment

        var error = scenario.Refused(new SubmitProposal(Sample.Resident(8), Sample.Content(title: "Te laat")), RoundErrors.SubmissionClosedByCalendar);
        scenario.Refused(new EditProposal(author, proposal, Sample.Content(title: "Lantaarns, later gewijzigd")), RoundErrors.SubmissionClosedByCalendar);

        Assert.Equal(calendar.SubmissionCloses, DateTimeOffset.Parse(error["closes"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);
        Assert.IsType<ProposalWithdrawn>(Assert.Single(scenario.Do(new WithdrawProposal(author, proposal))));
    }

    [Fact]
    public void A_ballot_after_the_closing_moment_is_refused_even_while_the_reminder_is_late()
    {
        var scenario = VotingWithCalendar(out var calendar);
        scenario.Vote(1, 1);
        scenario.Wait(calendar.VotingCloses - scenario.Now - TimeSpan.FromMinutes(1)); // the next command comes at the moment

        var error = scenario.Refused(new CastBallot(Sample.Resident(2), Sample.Approve(1)), RoundErrors.VotingClosedByCalendar);

        Assert.Equal(RoundPhase.Voting, scenario.State.Phase);
        Assert.Equal(calendar.VotingCloses, DateTimeOffset.Parse(error["closes"]!, System.Globalization.CultureInfo.InvariantCulture));
        scenario.Refused(new CastBallot(Sample.Resident(1), Sample.Approve()), RoundErrors.VotingClosedByCalendar);
    }

    [Fact]
    public void A_ballot_just_before_the_closing_moment_counts()
    {
        var scenario = VotingWithCalendar(out var calendar);
        scenario.Wait(calendar.VotingCloses - scenario.Now - TimeSpan.FromMinutes(2)); // the next command comes a minute before

        scenario.Vote(2, 1);

        Assert.Equal(1, scenario.State.Tally.Turnout);
    }

    [Fact]
    public void The_calendar_survives_a_snapshot()
    {
        var scenario = VotingWithCalendar(out var calendar);

        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));

        Assert.Equal(calendar, restored.Calendar);
    }

    /// <summary>A round in voting with one feasible proposal, whose frozen calendar closes voting a day from now.</summary>
    private static RoundScenario VotingWithCalendar(out RoundCalendar calendar)
    {
        var scenario = RoundScenario.InReview(null, 5_000);
        calendar = new RoundCalendar(scenario.Now.AddDays(-10), scenario.Now.AddDays(-5), scenario.Now.AddHours(1), scenario.Now.AddDays(1));
        scenario.Do(new SetCalendar(Coordinator, calendar));
        scenario.Do(new MarkFeasible(Coordinator, new ProposalId(1), Money.FromEuros(5_000), null));
        scenario.Do(new OpenVoting(Coordinator));
        return scenario;
    }
}
