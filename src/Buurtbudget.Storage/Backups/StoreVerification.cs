using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Backups;

/// <summary>Every log's chain in a store, rounds' and wijk budgets' alike, checked from its first event: what a restored
/// backup must pass before the platform is started on it.</summary>
public static class StoreVerification
{
    public static async Task<StoreVerificationReport> VerifyAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);

        var rounds = await store.ListRoundsAsync(cancellationToken);
        var wijkBudgets = await store.ListWijkBudgetStreamsAsync(cancellationToken);
        var events = 0L;
        var broken = new List<(RoundId, ChainVerification)>();
        foreach (var log in rounds.Concat(wijkBudgets))
        {
            var read = await store.ReadAsync(log, 0, cancellationToken);
            events += read.Count;
            var verification = EventChain.Verify(read);
            if (!verification.IsIntact)
            {
                broken.Add((log, verification));
            }
        }

        return new StoreVerificationReport(rounds.Count, events, broken) { WijkBudgetCount = wijkBudgets.Count };
    }
}

/// <param name="Broken">The logs whose chain breaks: a round's id, or a wijk budget's stream id (see <see cref="WijkBudgetStreams"/>).</param>
public sealed record StoreVerificationReport(int RoundCount, long EventCount, IReadOnlyList<(RoundId RoundId, ChainVerification Verification)> Broken)
{
    public int WijkBudgetCount { get; init; }

    /// <summary>How many pictures were checked against their hash; null where pictures were not part of the check
    /// (a store's chains alone, or PostgreSQL, whose pictures are in the database and its own backup).</summary>
    public int? ImageCount { get; init; }

    /// <summary>The pictures whose bytes do not hash to their name.</summary>
    public IReadOnlyList<ImageHash> DamagedImages { get; init; } = [];

    public bool IsIntact => Broken.Count == 0 && DamagedImages.Count == 0;

    public override string ToString()
    {
        var counted = $"{RoundCount} rounds, {WijkBudgetCount} wijk budgets, {EventCount} events" + (ImageCount is { } images ? $", {images} pictures" : "");
        if (IsIntact)
        {
            return counted + (ImageCount is null ? ": every chain verifies." : ": every chain verifies and every picture matches its hash.");
        }

        var problems = Broken.Select(b => $"log {b.RoundId}: {b.Verification}")
            .Concat(DamagedImages.Select(hash => $"picture {hash}: its bytes do not match its hash (the file is damaged)"));
        return $"{counted}: {Broken.Count + DamagedImages.Count} broken — " + string.Join("; ", problems);
    }
}
