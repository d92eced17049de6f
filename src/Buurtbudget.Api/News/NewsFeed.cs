using System.Globalization;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.News;
using Buurtbudget.Storage.Summaries;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.News;

/// <summary>Turns what happened in the rounds into queued messages for each wijk's confirmed subscribers.
/// <para>It reads the event log after commit with a durable cursor per round, rather than hooking into the commit
/// the way the round summaries are kept. A hook in the round's grain would run in the grain's turn (every ballot
/// would wait on a query of the wijk's subscribers), and a hook after the commit lives only in memory: a node that
/// dies between the commit and the hook loses the news. The cursor is stored in the same transaction as the messages
/// it produced, so each event becomes news exactly once, after any restart or failure; the log's head per round (one index
/// probe each) tells which rounds have new events without reading every log; and two nodes that
/// read the same events at once enqueue the same messages, which the queue's dedupe keys keep to one each.</para></summary>
internal sealed partial class NewsFeed(
    IRoundSummaries summaries,
    IEventStore events,
    INewsStore store,
    IOptions<NewsOptions> options,
    TimeProvider time,
    ILogger<NewsFeed> logger) : BackgroundService
{
    // The stored type names (a contract: events are stored forever) of the events that are news. Everything else,
    // ballots above all, is skipped without being decoded.
    private static readonly HashSet<string> NewsTypes = new(StringComparer.Ordinal)
    {
        "submission-opened", "voting-opened", "voting-closed", "outcome-determined",
        "proposal-found-feasible", "proposal-found-infeasible", "progress-reported",
    };

    // Those that say who wrote a proposal, its latest title, and when it was first reported completed.
    private static readonly HashSet<string> ProposalTypes = new(StringComparer.Ordinal) { "proposal-submitted", "proposal-edited", "progress-reported" };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (StorageUnavailableException exception)
            {
                LogStorageUnavailable(logger, exception);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A round that cannot be read now (its grain unreachable, a silo moving) must not stop the news of
                // every other round for good: the cursor did not move, so the next pass tries again.
                LogPassFailed(logger, exception);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: every round's new events, the news whose time has come, and the retention of unconfirmed addresses.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // A round whose log is broken is left out: it is frozen until people look into it, and no base for news.
        var unread = await store.ListUnreadRoundsAsync(cancellationToken);
        if (unread.Count > 0)
        {
            var known = (await summaries.ListSummariesAsync(cancellationToken: cancellationToken)).ToDictionary(s => s.RoundId);
            foreach (var (round, cursor) in unread)
            {
                if (known.TryGetValue(round, out var summary))
                {
                    await ReadRoundAsync(summary, cursor, cancellationToken);
                }
            }
        }

        var now = time.GetUtcNow();
        foreach (var due in await store.ListDueScheduleAsync(now, cancellationToken))
        {
            var subscribers = await store.ListConfirmedAsync(due.District, cancellationToken: cancellationToken);
            await store.CompleteScheduleAsync(due, [.. subscribers.Select(s => Message(s.Id, due.Kind, due.Facts, now, due.Round.ToString()))], cancellationToken);
        }

        var deleted = await store.DeleteUnconfirmedAsync(now - options.Value.UnconfirmedRetention, cancellationToken);
        if (deleted > 0)
        {
            LogUnconfirmedDeleted(logger, deleted);
        }
    }

    private async Task ReadRoundAsync(StoredRoundSummary stored, long cursor, CancellationToken cancellationToken)
    {
        // Only the events that can be news are loaded: during voting a round's log grows by thousands of ballots
        // between two passes, and loading them only to pass over them added about a tenth to what each ballot cost
        // the node (loadtests/README.md, "The news feed read every ballot back").
        var read = await events.ReadOfTypesAsync(stored.RoundId, cursor, NewsTypes, cancellationToken);
        if (read.Through == cursor)
        {
            return;
        }

        var summary = RoundSummary.FromStored(stored);
        var facts = new NewsFacts(summary.District.Code.Value, summary.District.Name, summary.Id.ToString(), summary.Title);
        var now = time.GetUtcNow();
        var messages = new List<NewNewsMessage>();
        var schedule = new Dictionary<string, ScheduledNews>(StringComparer.Ordinal);
        var cancelled = new List<string>();
        IReadOnlyList<NewsSubscription>? subscribers = null;
        Dictionary<ProposalId, ProposalFacts>? proposals = null;
        var round = summary.Id.ToString();

        async Task ToAllAsync(string kind, NewsFacts about, string subject)
        {
            subscribers ??= await store.ListConfirmedAsync(summary.District.Code, cancellationToken: cancellationToken);
            messages.AddRange(subscribers.Select(s => Message(s.Id, kind, about.ToJson(), now, subject)));
        }

        async Task<ProposalFacts?> ProposalAsync(ProposalId id)
        {
            // The author and title come from the log itself, not from the round's grain: asking the grain would
            // activate every round the feed reads (lists across rounds never do). Only the proposal and progress events are
            // decoded; this runs for a review or a completed project, never for a ballot.
            proposals ??= await ProposalsOfAsync(summary.Id, cancellationToken);
            return proposals.GetValueOrDefault(id);
        }

        foreach (var record in read.Events)
        {
            RoundEvent happened;
            try
            {
                happened = RoundEventCodec.Decode(record.Type, record.Payload.Span);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException)
            {
                // Not news, and no reason to stop the round's news for good; the audit tools report a corrupt event.
                LogUndecodable(logger, exception, summary.Id, record.Sequence);
                continue;
            }

            switch (happened)
            {
                case SubmissionOpened:
                    await ToAllAsync(NewsKind.SubmissionOpened, facts, round);
                    break;
                case VotingOpened opened:
                    var closes = opened.FrozenCalendar?.VotingCloses;
                    await ToAllAsync(NewsKind.VotingOpened, facts with { VotingCloses = closes }, round);
                    if (closes is { } at && at - options.Value.VotingClosesReminder > opened.At)
                    {
                        schedule[NewsKind.VotingClosesSoon] = new ScheduledNews(summary.Id, NewsKind.VotingClosesSoon, summary.District.Code, at - options.Value.VotingClosesReminder, (facts with { VotingCloses = at }).ToJson());
                    }

                    break;
                case VotingClosed:
                    // Closed early (by hand) or on time: a reminder still waiting would be wrong now.
                    schedule.Remove(NewsKind.VotingClosesSoon);
                    cancelled.Add(NewsKind.VotingClosesSoon);
                    break;
                case OutcomeDetermined:
                    await ToAllAsync(NewsKind.ResultsPublished, facts, round);
                    break;
                case ProposalFoundFeasible feasible:
                    await ToAuthorAsync(feasible.Proposal, feasible: true, reason: null);
                    break;
                case ProposalFoundInfeasible infeasible:
                    await ToAuthorAsync(infeasible.Proposal, feasible: false, infeasible.Reason);
                    break;
                case ProgressReported { Status: ProjectStatus.Completed } completed:
                    // Only the project's first report of completion is news: a later one (a milestone added, or done
                    // again after it was reopened) is not. Decided from the log, not from the queue's dedupe key,
                    // which is gone once the first message was sent.
                    if (await ProposalAsync(completed.Proposal) is { } project && project.FirstCompletedAt == record.Sequence)
                    {
                        await ToAllAsync(NewsKind.ProjectCompleted, facts with { ProposalId = completed.Proposal.Number, ProposalTitle = project.Title }, Subject(round, completed.Proposal));
                    }

                    break;
            }
        }

        await store.AdvanceAsync(new NewsFeedStep(summary.Id, read.Through, messages, [.. schedule.Values], cancelled), cancellationToken);

        async Task ToAuthorAsync(ProposalId id, bool feasible, string? reason)
        {
            // Only the author hears about their own proposal, and only through a subscription they made signed in:
            // the participant key is the link, never who they are.
            if (await ProposalAsync(id) is not { } proposal)
            {
                return;
            }

            var theirs = await store.ListConfirmedAsync(summary.District.Code, proposal.Author, cancellationToken);
            var about = facts with { ProposalId = id.Number, ProposalTitle = proposal.Title, Feasible = feasible, Reason = reason };
            messages.AddRange(theirs.Select(s => Message(s.Id, NewsKind.ProposalReviewed, about.ToJson(), now, Subject(round, id))));
        }
    }

    /// <summary>Each proposal's author, latest title and the event that first reported it completed, from the round's
    /// proposal and progress events (read alone: not its ballots).</summary>
    private async Task<Dictionary<ProposalId, ProposalFacts>> ProposalsOfAsync(RoundId round, CancellationToken cancellationToken)
    {
        var found = new Dictionary<ProposalId, ProposalFacts>();
        foreach (var record in (await events.ReadOfTypesAsync(round, 0, ProposalTypes, cancellationToken)).Events)
        {
            switch (RoundEventCodec.Decode(record.Type, record.Payload.Span))
            {
                case ProposalSubmitted submitted:
                    found[submitted.Proposal] = new ProposalFacts(submitted.Author, submitted.Content.Title);
                    break;
                case ProposalEdited edited when found.TryGetValue(edited.Proposal, out var before):
                    found[edited.Proposal] = before with { Title = edited.Content.Title };
                    break;
                case ProgressReported { Status: ProjectStatus.Completed } completed
                    when found.TryGetValue(completed.Proposal, out var project) && project.FirstCompletedAt is null:
                    found[completed.Proposal] = project with { FirstCompletedAt = record.Sequence };
                    break;
            }
        }

        return found;
    }

    private sealed record ProposalFacts(ParticipantKey Author, string Title, long? FirstCompletedAt = null);

    private static string Subject(string round, ProposalId proposal) => string.Create(CultureInfo.InvariantCulture, $"{round}:{proposal.Number}");

    /// <summary>One message per subscription and piece of news: the dedupe key says which.</summary>
    private static NewNewsMessage Message(string subscription, string kind, string facts, DateTimeOffset now, string subject) =>
        new(subscription, $"{kind}:{subject}:{subscription}", kind, facts, now);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "News could not be read or stored now (storage unavailable); the feed tries again")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Error, Message = "Event {Sequence} of round {RoundId} could not be decoded; it is not turned into news")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, RoundId roundId, long sequence);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Error, Message = "A pass of the news feed failed; it tries again at the next")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Information, Message = "{Count} news subscriptions that were never confirmed were deleted")]
    private static partial void LogUnconfirmedDeleted(ILogger logger, int count);
}
