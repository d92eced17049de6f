using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Audit;

/// <summary>A round's events as stored, with the hash chain checked link by link: what every audit action works from,
/// never the actor's state.</summary>
internal static class VerifiedLog
{
    /// <summary>The events and the head the chain reaches; or, when the chain is broken, the problem to answer.</summary>
    public static async Task<(IReadOnlyList<StoredEvent> Events, ChainHead Head, ProblemHttpResult? Problem)> ReadAsync(
        IEventStore store, RoundId roundId, HttpContext context, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(roundId, 0, cancellationToken);
        var chain = EventChain.Verify(events);
        return chain.IsIntact
            ? (events, chain.Head, null)
            : (events, chain.Head, Problems.Problems.Of(context, ProblemCatalog.EventLogBroken, ("reason", chain.Break?.ToString() ?? "?")));
    }
}
