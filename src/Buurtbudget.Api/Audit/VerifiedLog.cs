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
        var (events, chain) = await ReadAsync(store, roundId, cancellationToken);
        return (events, chain.Head, chain.IsIntact ? null : Broken(context, chain.Break));
    }

    /// <summary>The events and how far their chain holds, for a reader that answers no request itself (and so keeps
    /// no request's problem), such as <see cref="Ballots.BulletinBoardCache"/>.</summary>
    public static async Task<(IReadOnlyList<StoredEvent> Events, ChainVerification Chain)> ReadAsync(
        IEventStore store, RoundId roundId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var events = await store.ReadAsync(roundId, 0, cancellationToken);
        return (events, EventChain.Verify(events));
    }

    /// <summary>The problem that answers a request over a log whose chain breaks at <paramref name="chainBreak"/>.</summary>
    public static ProblemHttpResult Broken(HttpContext context, ChainBreak? chainBreak) =>
        Problems.Problems.Of(context, ProblemCatalog.EventLogBroken, ("reason", chainBreak?.ToString() ?? "?"));
}
