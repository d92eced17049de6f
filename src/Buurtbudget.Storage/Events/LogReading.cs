using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Storage.Events;

/// <summary>Reads a round's whole log in pieces, verifying its hash chain from the first event as it goes, so that only
/// one piece is ever in memory. Reading a 135,000-event log whole for every page an auditor asked for promoted 462 MB
/// in one collection and paused the node for 101 ms, voting included (loadtests/README.md).</summary>
public static class LogReading
{
    /// <summary>Events per piece: a few megabytes, gone by the next young collection.</summary>
    public const int PieceSize = 5_000;

    /// <summary>Hands every piece of the round's log to <paramref name="onPiece"/> in order (also the events after a
    /// break: an auditor still reads them) and answers how the chain verified over the whole log, as
    /// <see cref="EventChain.Verify(IReadOnlyList{StoredEvent})"/> does over the log read whole, and the last sequence
    /// stored (0 for an empty log).</summary>
    public static Task<(ChainVerification Verification, long LastSequence)> ReadVerifiedAsync(
        IEventStore store, RoundId roundId, Action<IReadOnlyList<StoredEvent>> onPiece, CancellationToken cancellationToken = default) =>
        ReadVerifiedAsync(store, roundId, PieceSize, onPiece, cancellationToken);

    internal static async Task<(ChainVerification Verification, long LastSequence)> ReadVerifiedAsync(
        IEventStore store, RoundId roundId, int pieceSize, Action<IReadOnlyList<StoredEvent>> onPiece, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(onPiece);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceSize, 1);
        var head = ChainHead.Genesis;
        var verified = 0;
        ChainVerification? broken = null;
        long last = 0;
        while (true)
        {
            var piece = await store.ReadPageAsync(roundId, last, pieceSize, cancellationToken);
            if (piece.Count == 0)
            {
                break;
            }

            if (broken is null)
            {
                var verification = EventChain.Verify(piece, head);
                if (verification.Break is { } found)
                {
                    // Positions count from the log's first event, not the piece's.
                    broken = ChainVerification.Broken(verified + verification.VerifiedCount, verification.Head, found with { Position = verified + found.Position });
                }
                else
                {
                    head = verification.Head;
                    verified += verification.VerifiedCount;
                }
            }

            onPiece(piece);
            last = piece[^1].Sequence;
            if (piece.Count < pieceSize)
            {
                break;
            }
        }

        return (broken ?? ChainVerification.Intact(verified, head), last);
    }
}
