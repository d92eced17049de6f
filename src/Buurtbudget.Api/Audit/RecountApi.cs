using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Audit;

/// <param name="Matches">Whether the outcome computed again from the stored ballots equals the published one.</param>
/// <param name="ThroughSequence">The last event the recount read: the one before the published outcome.</param>
public sealed record RecountDto(
    bool Matches,
    long ThroughSequence,
    IReadOnlyList<int> PublishedWinners,
    IReadOnlyList<int> RecomputedWinners);

/// <summary>Auditors recount a round: its outcome is computed again from the stored, hash-checked events, compared
/// with the published one, and the recount is itself recorded as an event.</summary>
internal static class RecountApi
{
    public static RouteHandlerBuilder MapRecountApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/rounds/{roundId}/recount", Recount)
            .WithTags("Audit")
            .WithName("Recount")
            .RequireAuthorization(Policies.Auditor)
            .ProducesProblems(404, 409, 503)
            .WithSummary("Recounts the round from its stored events (hash chain checked), compares the outcome with the published one and records the recount in the log. Auditors only, once the round is tallied.");

    private static async Task<Results<Ok<RecountDto>, ProblemHttpResult>> Recount(RoundId roundId, IEventStore store, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Phase < RoundPhase.Tallied)
        {
            return Problems.Problems.Of(context, RoundErrors.WrongPhase, ("action", RoundActions.RecordRecount), ("phase", Rounds.RoundMapping.Name(state.Phase)), ("allowed", "tallied, spending, closed"));
        }

        // Not the actor's state: the events as stored, checked link by link, replayed up to the published outcome.
        var (events, _, broken) = await VerifiedLog.ReadAsync(store, roundId, context, cancellationToken);
        if (broken is not null)
        {
            return broken;
        }

        var replayed = RoundState.Initial(roundId);
        RoundOutcome? published = null;
        foreach (var stored in events)
        {
            var roundEvent = RoundEventCodec.Decode(stored.Type, stored.Payload.Span);
            if (roundEvent is OutcomeDetermined determined)
            {
                published = determined.Outcome;
                break;
            }

            replayed = replayed.Apply(roundEvent);
        }

        if (published is null)
        {
            throw new InvalidOperationException($"Round {roundId} is {state.Phase} but its log holds no published outcome.");
        }

        var recomputed = BudgetRound.DetermineOutcome(replayed);
        var caller = context.GetCaller();
        return await RoundAccess.SendAsync(
            context,
            grain,
            new RecordRecount(caller.ParticipantKey, recomputed, replayed.Version),
            result =>
            {
                var recorded = (RecountRecorded)result.Events.Single();
                return TypedResults.Ok(new RecountDto(
                    recorded.Matches,
                    recorded.ThroughSequence,
                    [.. published.Winners.Select(w => w.Proposal.Number)],
                    [.. recomputed.Winners.Select(w => w.Proposal.Number)]));
            },
            cancellationToken);
    }
}
