using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Api.Ballots;

/// <summary>Finds a ballot's receipt: the hash of the event that cast it (<see cref="Ballot.Sequence"/>).</summary>
internal static class BallotReceipts
{
    /// <summary>The ballot as answered to its voter, with its receipt (see <see cref="OfAsync"/>).</summary>
    public static async Task<BallotDto> ToDtoAsync(
        this BallotView view, RoundId roundId, IEventStore store, StoredEvent? cast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.ToDto(await OfAsync(store, roundId, view.Ballot, cast, cancellationToken));
    }

    /// <summary>From <paramref name="cast"/> (the event the command just stored) when this command cast the ballot, so
    /// that a fresh ballot costs no read; otherwise (an unchanged ballot, a read-back) from the one stored event, read
    /// by its sequence.</summary>
    /// <remarks>The point read is not chain-verified: that takes the whole log, far too much for every resident's
    /// request. It need not be: a receipt is a promise about the bulletin board, and the board is built only from a
    /// log whose whole chain verifies, so an event changed after it was stored shows there (a broken chain, or a
    /// receipt missing from the board), which is exactly what a resident checks the receipt against.</remarks>
    public static async Task<BallotReceipt> OfAsync(
        IEventStore store, RoundId roundId, Ballot ballot, StoredEvent? cast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ballot);
        if (cast is not null && cast.Sequence == ballot.Sequence)
        {
            return BallotReceipt.FromEventHash(cast.Hash.Span);
        }

        var stored = await store.ReadEventAsync(roundId, ballot.Sequence, cancellationToken)
            ?? throw new InvalidOperationException($"Round {roundId} has a ballot cast by event {ballot.Sequence}, which the store does not hold.");
        return BallotReceipt.FromEventHash(stored.Hash.Span);
    }
}
