using Buurtbudget.Api.Audit;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Ballots;

/// <summary>A round's bulletin board built from its verified log, or where that log's chain breaks.</summary>
/// <param name="Board">Null when the chain is broken.</param>
/// <param name="Head">How far the chain holds: the log's last event when it is intact.</param>
/// <param name="Break">Where the chain breaks; null when it is intact.</param>
internal sealed record BulletinBoardRead(BulletinBoard? Board, ChainHead Head, ChainBreak? Break);

/// <summary>The bulletin boards of the rounds last read, each as built from its round's verified log at one head. Anyone
/// may read a closed round's board without an account, and a build reads, checks and decodes the whole log (hundreds
/// of megabytes at a hundred thousand ballots): built on every request, a few anonymous requests would stall the
/// collector, and with it the voting in every other round on the node. So a board is built once per round and head,
/// and kept for <see cref="BulletinBoardOptions.CachedRounds"/> rounds, the least recently read one dropped first.</summary>
/// <remarks>
/// <para>A board is kept under the head its round's state had when it was asked for (its version: the sequence of its
/// last stored event). Any event appended later (a spend, a recount) moves the head, and the next request builds the
/// board again from the log as it is then; a round keeps one board, the one of its latest head.</para>
/// <para>Requests for the same round and head while the board is being built wait for that one build. Only a board
/// whose chain holds up to exactly that head is kept: a broken chain, a store that failed, or a log that had already
/// moved past the head when it was read are answered as they are and built again on the next request.</para>
/// <para>Once kept, a board is not checked against the store again until the head moves: a change made to stored
/// events behind the platform's back, at the same head, shows when the round is next loaded or its log verified
/// (the event log, a recount, <c>buurtbudget verify</c>), not on the board.</para>
/// </remarks>
internal sealed class BulletinBoardCache
{
    private readonly IEventStore _store;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<RoundId, LinkedListNode<Slot>> _slots = [];

    /// <summary>The kept boards, the most recently read first.</summary>
    private readonly LinkedList<Slot> _recency = [];

    public BulletinBoardCache(IEventStore store, IOptions<BulletinBoardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _capacity = options.Value.CachedRounds;
    }

    /// <summary>The board of <paramref name="roundId"/> at <paramref name="head"/> (the round's version), from memory
    /// when it was built before, otherwise from the stored log. A store failure is thrown, as a read of it would.</summary>
    public Task<BulletinBoardRead> ReadAsync(RoundId roundId, long head, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(head);

        // Shared by every request for this round and head, so no single caller's token may cancel it: a caller who
        // leaves stops waiting, and the build goes on for the others (and for the next reader).
        return SlotFor(roundId, head).Build.WaitAsync(cancellationToken);
    }

    private Slot SlotFor(RoundId roundId, long head)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(roundId, out var kept))
            {
                if (kept.Value.Head == head)
                {
                    _recency.Remove(kept);
                    _recency.AddFirst(kept);
                    return kept.Value;
                }

                if (kept.Value.Head > head)
                {
                    // A request that saw the round before the kept board's head: built for it alone, so that a late
                    // reader does not replace the newer board with an older one.
                    return new Slot(this, roundId, head);
                }

                _recency.Remove(kept);
                _slots.Remove(roundId);
            }

            var slot = new Slot(this, roundId, head);
            _slots[roundId] = _recency.AddFirst(slot);
            while (_slots.Count > _capacity)
            {
                var oldest = _recency.Last!.Value;
                _recency.RemoveLast();
                _slots.Remove(oldest.RoundId);
            }

            return slot;
        }
    }

    private async Task<BulletinBoardRead> BuildAsync(Slot slot)
    {
        var keep = false;
        try
        {
            var (events, chain) = await VerifiedLog.ReadAsync(_store, slot.RoundId, CancellationToken.None);
            if (!chain.IsIntact)
            {
                return new BulletinBoardRead(null, chain.Head, chain.Break);
            }

            var board = BulletinBoard.From(events.Select(stored => (RoundEventCodec.Decode(stored.Type, stored.Payload.Span), stored.Hash)));

            // An event appended between the round's view and this read makes a log longer than the head says: the
            // board is right for this request, but kept under that head it would be a later log's board.
            keep = chain.Head.Sequence == slot.Head;
            return new BulletinBoardRead(board, chain.Head, null);
        }
        finally
        {
            if (!keep)
            {
                Forget(slot);
            }
        }
    }

    private void Forget(Slot slot)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(slot.RoundId, out var kept) && ReferenceEquals(kept.Value, slot))
            {
                _recency.Remove(kept);
                _slots.Remove(slot.RoundId);
            }
        }
    }

    /// <summary>One round's board at one head; built on first use, outside the cache's lock, and once only.</summary>
    private sealed class Slot
    {
        private readonly Lazy<Task<BulletinBoardRead>> _build;

        public Slot(BulletinBoardCache cache, RoundId roundId, long head)
        {
            RoundId = roundId;
            Head = head;
            _build = new Lazy<Task<BulletinBoardRead>>(() => cache.BuildAsync(this));
        }

        public RoundId RoundId { get; }

        public long Head { get; }

        public Task<BulletinBoardRead> Build => _build.Value;
    }
}
