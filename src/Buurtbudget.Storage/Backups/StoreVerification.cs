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

    public bool IsIntact => Broken.Count == 0;

    public override string ToString() =>
        IsIntact
            ? $"{RoundCount} rounds, {WijkBudgetCount} wijk budgets, {EventCount} events: every chain verifies."
            : $"{RoundCount} rounds, {WijkBudgetCount} wijk budgets, {EventCount} events: {Broken.Count} broken — " +
              string.Join("; ", Broken.Select(b => $"log {b.RoundId}: {b.Verification}"));
}
