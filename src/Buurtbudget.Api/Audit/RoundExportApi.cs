using Buurtbudget.Api.OpenApi;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Audit;

/// <summary>A round's whole log as one document an auditor checks offline (<c>buurtbudget export</c> and
/// <c>buurtbudget verify</c>): the events exactly as stored, with their hashes, the head and a digest.</summary>
internal static class RoundExportApi
{
    public static RouteHandlerBuilder MapRoundExportApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/rounds/{roundId}/export", Export)
            .WithTags("Audit")
            .WithName("ExportRound")
            .RequireAuthorization(Policies.Auditor)
            .ProducesFile("application/json")
            .ProducesProblems(404, 503)
            .WithSummary("The round's events exactly as stored (payloads base64, hashes hex), with the head of the chain and a digest, in one canonical form to verify offline. A broken chain is exported as stored, not refused: the export is the evidence, and the offline check reports the break. Auditors only.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        RoundId roundId, IEventStore store, IGrainFactory grains, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var (_, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var events = await store.ReadAsync(roundId, 0, cancellationToken);
        var document = RoundEventsDocument.FromStored(roundId, events, time.GetUtcNow());
        return TypedResults.Bytes(document.ToCanonicalUtf8(), "application/json", $"buurtbudget-{roundId}-events.json");
    }
}
