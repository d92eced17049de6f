using System.Text.Json;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Audit;

/// <param name="ChainValid">Whether the whole hash chain of the round verifies, checked on every read.</param>
/// <param name="ChainError">Where and why the chain breaks, when it does.</param>
public sealed record EventLogDto(RoundId RoundId, long LastSequence, bool ChainValid, string? ChainError, IReadOnlyList<EventDto> Events);

/// <param name="Payload">The event exactly as stored (its hash covers these bytes).</param>
public sealed record EventDto(long Sequence, string Type, DateTimeOffset At, JsonElement Payload, string PreviousHash, string Hash);

/// <summary>A round's event log, the audit log itself: auditors only.</summary>
internal static class EventLogApi
{
    private const int MaxPage = 10_000;

    public static RouteHandlerBuilder MapEventLogApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/rounds/{roundId}/events", GetEvents)
            .WithTags("Audit")
            .WithName("GetEventLog")
            .RequireAuthorization(Policies.Auditor)
            .ProducesProblems(404, 503)
            .WithWholeNumbersInQuery("after", "limit")
            .WithSummary("The round's hash-chained event log, with the chain verified over the whole log. Auditors only. Page with after and limit (at most 10,000).");

    private static async Task<Results<Ok<EventLogDto>, ProblemHttpResult>> GetEvents(
        RoundId roundId, string? after, string? limit, IEventStore store, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (!QueryNumbers.TryRead<long>(context, "after", after, out var afterSequence, out var malformed)
            || !QueryNumbers.TryRead<long>(context, "limit", limit, out var pageSize, out malformed))
        {
            return malformed;
        }

        var (_, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var from = afterSequence ?? 0;
        var take = (int)Math.Clamp(pageSize ?? 1_000, 1, MaxPage);

        // The chain is verified from the first event on every read, so a page never vouches for itself alone; the log is
        // read in pieces for it, keeping only this page's events.
        var page = new List<EventDto>(Math.Min(take, LogReading.PieceSize));
        var (verification, last) = await LogReading.ReadVerifiedAsync(
            store,
            roundId,
            piece =>
            {
                foreach (var stored in piece)
                {
                    if (stored.Sequence > from && page.Count < take)
                    {
                        page.Add(ToDto(stored));
                    }
                }
            },
            cancellationToken);
        return TypedResults.Ok(new EventLogDto(roundId, last, verification.IsIntact, verification.Break?.ToString(), page));
    }

    /// <summary>An event as an auditor reads it: the one shape for a round's log and a wijk budget's.</summary>
    internal static EventDto ToDto(StoredEvent stored)
    {
        using var payload = JsonDocument.Parse(stored.Payload);
        return new EventDto(
            stored.Sequence,
            stored.Type,
            stored.At,
            payload.RootElement.Clone(),
            Convert.ToHexStringLower(stored.PreviousHash.Span),
            Convert.ToHexStringLower(stored.Hash.Span));
    }
}
