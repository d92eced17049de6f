using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Rounds;

/// <summary>The round's calendar, kept by one durable Orleans reminder: it fires at the next moment of the calendar
/// (after a restart too, from the reminder table), and its tick is a <see cref="FollowCalendar"/> command queued like any
/// other, by <see cref="ParticipantKey.System"/>. The domain decides what is due, so a tick that comes twice, late, or
/// after a coordinator moved the phase by hand changes nothing it should not. After each tick, and after each command
/// that set the calendar or moved the phase, the reminder is pointed at the next moment, or removed when the calendar
/// has none left (voting closed).</summary>
internal sealed partial class RoundGrain : IRemindable
{
    internal const string CalendarReminder = "calendar";

    // Reminder updates take turns, each from the round's latest state, so that two calls finishing out of order cannot
    // leave the reminder at the earlier one's moment.
    private readonly SemaphoreSlim _calendarGate = new(1, 1);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!string.Equals(reminderName, CalendarReminder, StringComparison.Ordinal))
        {
            return;
        }

        var pending = new PendingCommand(new FollowCalendar(ParticipantKey.System));
        Enqueue(pending);
        var result = await pending.Answer;
        switch (result.Status)
        {
            case CommandStatus.Committed:
                await KeepCalendarAsync(stepRefused: false);
                break;
            case CommandStatus.Rejected:
                RoundGrainLog.CalendarStepRefused(_logger, _id, result.Round.Phase, result.Error?.Code ?? "", _options.CalendarRetryAfter);
                await KeepCalendarAsync(stepRefused: true);
                break;
            default:
                // Nothing was stored (storage unavailable, a broken log): the reminder's period brings the next try.
                RoundGrainLog.CalendarTickFailed(_logger, _id, result.Status, null);
                break;
        }
    }

    /// <summary>Whether <paramref name="result"/> may have moved the calendar's next moment: a committed command that
    /// removed the calendar, or that set it or moved the phase in a round that has one.</summary>
    private static bool MovesCalendar(CommandResult result) =>
        result.Status == CommandStatus.Committed
        && (result.Events.Any(e => e is CalendarCleared)
            || (result.Round.Calendar is not null
                && result.Events.Any(e => e is CalendarSet or SubmissionOpened or ReviewStarted or VotingOpened or VotingClosed)));

    /// <summary>Points the reminder at the round's next calendar moment, or removes it when there is none. A moment
    /// already past fires at once, unless its step was just refused (no proposal to review, say): then the round tries
    /// again after <see cref="RoundGrainOptions.CalendarRetryAfter"/>, so that a coordinator can put it right. A failure
    /// is logged, not thrown: the command it follows is durable and answered, the domain refuses a late ballot anyway,
    /// and the reminder's period brings the next try.</summary>
    private async Task KeepCalendarAsync(bool stepRefused)
    {
        await _calendarGate.WaitAsync();
        try
        {
            if (_committed is not { } state)
            {
                return;
            }

            if (state.Calendar?.NextMoment(state.Phase) is not { } next)
            {
                if (await this.GetReminder(CalendarReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                    RoundGrainLog.CalendarDone(_logger, _id, state.Phase);
                }

                return;
            }

            var due = next - _time.GetUtcNow();
            if (due <= TimeSpan.Zero)
            {
                due = stepRefused ? _options.CalendarRetryAfter : TimeSpan.Zero;
            }

            await this.RegisterOrUpdateReminder(CalendarReminder, due, _options.CalendarReminderPeriod);
            RoundGrainLog.CalendarScheduled(_logger, _id, state.Phase, next, due);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            RoundGrainLog.CalendarTickFailed(_logger, _id, CommandStatus.StorageUnavailable, exception);
        }
        finally
        {
            _calendarGate.Release();
        }
    }
}
