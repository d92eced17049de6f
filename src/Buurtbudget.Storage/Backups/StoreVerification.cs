using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Backups;

/// <summary>Every round's chain in a store, checked from its first event: what a restored backup must pass before
/// the platform is started on it.</summary>
public static class StoreVerification
{
    public static async Task<StoreVerificationReport> VerifyAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);

        var rounds = await store.ListRoundsAsync(cancellationToken);
        var events = 0L;
        var broken = new List<(RoundId, ChainVerification)>();
        foreach (var round in rounds)
        {
            var read = await store.ReadAsync(round, 0, cancellationToken);
            events += read.Count;
            var verification = EventChain.Verify(read);
            if (!verification.IsIntact)
            {
                broken.Add((round, verification));
            }
        }

        return new StoreVerificationReport(rounds.Count, events, broken);
    }
}

public sealed record StoreVerificationReport(int RoundCount, long EventCount, IReadOnlyList<(RoundId RoundId, ChainVerification Verification)> Broken)
{
    public bool IsIntact => Broken.Count == 0;

    public override string ToString() =>
        IsIntact
            ? $"{RoundCount} rounds, {EventCount} events: every chain verifies."
            : $"{RoundCount} rounds, {EventCount} events: {Broken.Count} broken — " +
              string.Join("; ", Broken.Select(b => $"round {b.RoundId}: {b.Verification}"));
}
