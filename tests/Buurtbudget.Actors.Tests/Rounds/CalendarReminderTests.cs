using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Tests.Fixtures;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Reminders;

namespace Buurtbudget.Actors.Tests.Rounds;

/// <summary>The round's calendar kept by a durable reminder. The rounds decide by the test's manual clock; Orleans'
/// reminders fire on real time, so a test either lets a real reminder fire seconds after it is set, or delivers the
/// tick itself through the grain's reminder handler.</summary>
public sealed class CalendarReminderTests : IAsyncLifetime
{
    private readonly ActorTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private Task<IGrainFactory> StartAsync() =>
        _context.StartClusterAsync(options => options.CalendarReminderPeriod = TimeSpan.FromSeconds(1), reminders: true);

    /// <summary>Submission opens <paramref name="opensIn"/> from the rounds' clock, and each later moment a day on.</summary>
    private RoundCalendar CalendarOpeningIn(TimeSpan opensIn)
    {
        var opens = _context.Clock.GetUtcNow() + opensIn;
        return new RoundCalendar(opens, opens.AddDays(1), opens.AddDays(2), opens.AddDays(3));
    }

    private static async Task<IRoundGrain> CreatedAsync(IGrainFactory grains)
    {
        var grain = grains.GetRoundGrain(RoundId.New());
        await VotingRound.CommitAsync(grain, VotingRound.Create(grain.RoundId()));
        return grain;
    }

    private static Task TickAsync(IGrainFactory grains, IRoundGrain grain) =>
        grains.GetGrain<IRemindable>(grain.GetGrainId()).ReceiveReminder(RoundGrain.CalendarReminder, new TickStatus(DateTime.UtcNow, TimeSpan.FromSeconds(1), DateTime.UtcNow));

    private async Task<StoredReminder?> StoredReminderAsync(IRoundGrain grain) =>
        await ((IReminderRows)_context.OpenStore()).ReadReminderAsync(grain.GetGrainId().ToString(), RoundGrain.CalendarReminder);

    private static async Task<RoundOverview> RoundOfAsync(IRoundGrain grain) => (await grain.GetViewAsync()).Round;

    private static async Task<RoundOverview> WaitForPhaseAsync(IRoundGrain grain, RoundPhase phase)
    {
        using var guard = new CancellationTokenSource(ActorTestContext.HangGuard);
        while (true)
        {
            var state = await RoundOfAsync(grain);
            if (state.Phase == phase)
            {
                return state;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    [Fact]
    public async Task The_round_opens_submission_when_its_reminder_fires_at_the_moment()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, CalendarOpeningIn(TimeSpan.FromSeconds(2))));
        Assert.NotNull(await StoredReminderAsync(grain));

        // The rounds' clock passes the moment; the reminder fires on real time, two seconds after it was set.
        _context.Clock.Advance(TimeSpan.FromHours(1));
        var state = await WaitForPhaseAsync(grain, RoundPhase.Submission);

        var opened = Assert.IsType<SubmissionOpened>(Assert.Single((await _context.Store.ReadAsync(grain.RoundId(), state.Version - 1)).Select(e => RoundEventCodec.Decode(e.Type, e.Payload.Span))));
        Assert.Equal(ParticipantKey.System, opened.By);
    }

    [Fact]
    public async Task The_reminder_fires_after_the_silo_restarts()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, CalendarOpeningIn(TimeSpan.FromSeconds(3))));

        // The node goes down before the moment, and a new one starts over the same database file.
        await _context.StopClusterAsync();
        _context.Clock.Advance(TimeSpan.FromHours(1));
        var restarted = await StartAsync();

        var state = await WaitForPhaseAsync(restarted.GetRoundGrain(grain.RoundId()), RoundPhase.Submission);
        Assert.Equal(RoundPhase.Submission, state.Phase);
    }

    [Fact]
    public async Task A_tick_before_the_moment_or_after_a_coordinator_moved_the_phase_by_hand_changes_nothing()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        var calendar = CalendarOpeningIn(TimeSpan.FromDays(1));
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, calendar));
        var before = await RoundOfAsync(grain);

        await TickAsync(grains, grain);
        Assert.Equal(before.Version, (await RoundOfAsync(grain)).Version);

        await VotingRound.CommitAsync(grain, new OpenSubmission(VotingRound.Coordinator));
        await VotingRound.CommitAsync(grain, new SubmitProposal(VotingRound.Resident(1), VotingRound.Proposal(1)));
        var moved = await RoundOfAsync(grain);
        _context.Clock.Advance(TimeSpan.FromDays(1.5)); // past the opening moment, before the closing one
        await TickAsync(grains, grain);
        await TickAsync(grains, grain);

        var after = await RoundOfAsync(grain);
        Assert.Equal((RoundPhase.Submission, moved.Version), (after.Phase, after.Version));
        // The reminder now waits for the closing moment.
        var reminder = await StoredReminderAsync(grain);
        Assert.NotNull(reminder);
        Assert.InRange(reminder.StartAt - DateTime.UtcNow, TimeSpan.FromHours(11), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task Voting_closes_at_its_moment_and_the_reminder_is_removed()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        var calendar = CalendarOpeningIn(TimeSpan.FromDays(1));
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, calendar));
        await VotingRound.CommitAsync(grain, new OpenSubmission(VotingRound.Coordinator));
        var submitted = await VotingRound.CommitAsync(grain, new SubmitProposal(VotingRound.Resident(1), VotingRound.Proposal(1)));
        var proposal = submitted.Events.OfType<ProposalSubmitted>().Single().Proposal;
        await VotingRound.CommitAsync(grain, new StartReview(VotingRound.Coordinator));
        await VotingRound.CommitAsync(grain, new MarkFeasible(VotingRound.Coordinator, proposal, Money.FromEuros(5_000), Note: null));
        await VotingRound.CommitAsync(grain, new OpenVoting(VotingRound.Coordinator));
        await VotingRound.CommitAsync(grain, VotingRound.Ballot(VotingRound.Resident(2), proposal));

        // The closing moment passes with the reminder late: the round refuses the ballot all the same.
        _context.Clock.Advance(calendar.VotingCloses - _context.Clock.GetUtcNow());
        var late = await grain.ExecuteAsync(VotingRound.Ballot(VotingRound.Resident(3), proposal));
        Assert.Equal((CommandStatus.Rejected, RoundErrors.VotingClosedByCalendar), (late.Status, late.Error?.Code));

        await TickAsync(grains, grain);

        var state = await RoundOfAsync(grain);
        Assert.Equal(RoundPhase.Tallied, state.Phase);
        Assert.NotNull(state.Outcome);
        Assert.Null(await StoredReminderAsync(grain));
    }

    [Fact]
    public async Task Removing_the_calendar_removes_its_reminder_and_the_round_moves_only_by_hand()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, CalendarOpeningIn(TimeSpan.FromHours(12))));
        Assert.NotNull(await StoredReminderAsync(grain));

        var cleared = await VotingRound.CommitAsync(grain, new ClearCalendar(VotingRound.Coordinator));

        Assert.IsType<CalendarCleared>(Assert.Single(cleared.Events));
        Assert.Null(await StoredReminderAsync(grain));
        _context.Clock.Advance(TimeSpan.FromDays(2));
        await TickAsync(grains, grain); // a tick already on its way changes nothing
        Assert.Equal(RoundPhase.Draft, (await RoundOfAsync(grain)).Phase);
    }

    [Fact]
    public async Task A_refused_step_is_tried_again_later()
    {
        var grains = await StartAsync();
        var grain = await CreatedAsync(grains);
        await VotingRound.CommitAsync(grain, new SetCalendar(VotingRound.Coordinator, CalendarOpeningIn(TimeSpan.FromDays(1))));
        await VotingRound.CommitAsync(grain, new OpenSubmission(VotingRound.Coordinator));
        _context.Clock.Advance(TimeSpan.FromDays(2.5)); // submission closed with no proposal: review cannot start

        await TickAsync(grains, grain);

        Assert.Equal(RoundPhase.Submission, (await RoundOfAsync(grain)).Phase);
        var reminder = await StoredReminderAsync(grain);
        Assert.NotNull(reminder);
        Assert.InRange(reminder.StartAt - DateTime.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }
}
