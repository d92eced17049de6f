using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Events;

public sealed class EventChainTests
{
    private static readonly RoundId Round = new(Guid.Parse("0193a5c2-7d4e-7b21-9f00-4a5b6c7d8e9f"));

    [Fact]
    public void Hash_is_SHA256_of_the_documented_encoding()
    {
        // Written out byte by byte from the documentation, as an auditor's own verifier would.
        var previous = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var payload = new byte[] { 0x7B, 0x00, 0xFF, 0x7D };
        const string type = "BallotCast";

        var expected = new List<byte>();
        void Int32(int value) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value); expected.AddRange(b); }
        void Int64(long value) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, value); expected.AddRange(b); }
        var tag = Encoding.UTF8.GetBytes("buurtbudget-event-v1");
        Int32(tag.Length);
        expected.AddRange(tag);
        expected.AddRange(previous);
        expected.AddRange(Convert.FromHexString("0193a5c27d4e7b219f004a5b6c7d8e9f"));
        Int64(42);
        Int32(Encoding.UTF8.GetByteCount(type));
        expected.AddRange(Encoding.UTF8.GetBytes(type));
        Int64(at.UtcDateTime.Ticks);
        Int32(payload.Length);
        expected.AddRange(payload);

        var hash = EventChain.Compute(previous, Round, 42, type, at, payload);

        Assert.Equal(SHA256.HashData(expected.ToArray()), hash.ToArray());
    }

    [Fact]
    public void The_same_instant_with_another_offset_gives_the_same_hash()
    {
        var inAmsterdam = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
        var inUtc = inAmsterdam.ToUniversalTime();

        var first = EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "RoundCreated", inAmsterdam, [1, 2, 3]);
        var second = EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "RoundCreated", inUtc, [1, 2, 3]);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void Every_field_changes_the_hash()
    {
        var at = ChainBuilder.Start;
        byte[] payload = [1, 2, 3];
        var baseline = EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "A", at, payload).ToArray();
        var otherPrevious = new byte[32];
        otherPrevious[31] = 1;

        var variants = new[]
        {
            EventChain.Compute(otherPrevious, Round, 1, "A", at, payload),
            EventChain.Compute(EventChain.GenesisHash.Span, RoundId.New(), 1, "A", at, payload),
            EventChain.Compute(EventChain.GenesisHash.Span, Round, 2, "A", at, payload),
            EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "B", at, payload),
            EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "A", at.AddTicks(1), payload),
            EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "A", at, [1, 2, 4]),
            EventChain.Compute(EventChain.GenesisHash.Span, Round, 1, "A", at, [1, 2, 3, 0]),
        };

        Assert.All(variants, variant => Assert.NotEqual(baseline, variant.ToArray()));
    }

    [Fact]
    public void A_previous_hash_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EventChain.Compute(new byte[31], Round, 1, "A", ChainBuilder.Start, []));
    }

    [Fact]
    public void An_untouched_chain_verifies_up_to_its_last_event()
    {
        var events = ChainBuilder.Chain(Round, 5);

        var verification = EventChain.Verify(events);

        Assert.True(verification.IsIntact, verification.ToString());
        Assert.Equal(5, verification.VerifiedCount);
        Assert.Equal(new ChainHead(5, events[4].Hash.ToArray()), verification.Head);
        Assert.Equal(EventChain.GenesisHash.ToArray(), events[0].PreviousHash.ToArray());
    }

    [Fact]
    public void An_empty_chain_is_intact_at_genesis()
    {
        var verification = EventChain.Verify([]);

        Assert.True(verification.IsIntact);
        Assert.Equal(ChainHead.Genesis, verification.Head);
    }

    [Fact]
    public void A_changed_payload_byte_is_a_hash_mismatch_at_that_event()
    {
        var events = ChainBuilder.Chain(Round, 5);
        var payload = events[2].Payload.ToArray();
        payload[0] ^= 0x01;
        events[2] = events[2] with { Payload = payload };

        var verification = EventChain.Verify(events);

        AssertBroken(verification, ChainBreakReason.HashMismatch, expectedSequence: 3, foundSequence: 3);
        Assert.Equal(2, verification.VerifiedCount);
        Assert.Equal(2, verification.Head.Sequence);
    }

    [Fact]
    public void A_changed_type_or_time_is_a_hash_mismatch()
    {
        var retyped = ChainBuilder.Chain(Round, 3);
        retyped[1] = retyped[1] with { Type = "ProposalWithdrawn" };
        var retimed = ChainBuilder.Chain(Round, 3);
        retimed[1] = retimed[1] with { At = retimed[1].At.AddTicks(1) };

        AssertBroken(EventChain.Verify(retyped), ChainBreakReason.HashMismatch, 2, 2);
        AssertBroken(EventChain.Verify(retimed), ChainBreakReason.HashMismatch, 2, 2);
    }

    [Fact]
    public void A_dropped_event_is_a_gap_where_it_was()
    {
        var events = ChainBuilder.Chain(Round, 5);
        events.RemoveAt(2);

        AssertBroken(EventChain.Verify(events), ChainBreakReason.SequenceGap, expectedSequence: 3, foundSequence: 4);
    }

    [Fact]
    public void A_dropped_first_event_is_a_gap_at_one()
    {
        var events = ChainBuilder.Chain(Round, 3);
        events.RemoveAt(0);

        AssertBroken(EventChain.Verify(events), ChainBreakReason.SequenceGap, expectedSequence: 1, foundSequence: 2);
    }

    [Fact]
    public void A_reordered_pair_is_out_of_order()
    {
        var events = ChainBuilder.Chain(Round, 5);
        (events[2], events[3]) = (events[3], events[2]);

        AssertBroken(EventChain.Verify(events), ChainBreakReason.SequenceOutOfOrder, expectedSequence: 3, foundSequence: 4);
    }

    [Fact]
    public void A_repeated_event_is_a_duplicate()
    {
        var events = ChainBuilder.Chain(Round, 4);
        events.Insert(2, events[1]);

        AssertBroken(EventChain.Verify(events), ChainBreakReason.SequenceDuplicate, expectedSequence: 3, foundSequence: 2);
    }

    [Fact]
    public void An_inserted_event_breaks_the_link_of_the_event_after_it()
    {
        // The forger chains the inserted event correctly to event 2 and renumbers the rest,
        // but cannot change what event 3 (now 4) points at without breaking its hash.
        var events = ChainBuilder.Chain(Round, 4);
        var forged = ChainBuilder.Make(Round, 3, "BallotCast", [9, 9, 9], ChainBuilder.Start.AddMinutes(3), events[1].Hash);
        var tampered = events.Take(2)
            .Append(forged)
            .Concat(events.Skip(2).Select(e => e with { Sequence = e.Sequence + 1 }))
            .ToList();

        AssertBroken(EventChain.Verify(tampered), ChainBreakReason.PreviousHashMismatch, expectedSequence: 4, foundSequence: 4);
    }

    [Fact]
    public void A_chain_rewritten_from_scratch_no_longer_reaches_a_head_recorded_earlier()
    {
        var original = ChainBuilder.Chain(Round, 4);
        var recorded = EventChain.Verify(original).Head;

        var rewritten = original.Take(2).ToList();
        rewritten.Add(ChainBuilder.Make(Round, 3, "BallotCast", [9], ChainBuilder.Start.AddMinutes(3), rewritten[1].Hash));
        rewritten.Add(ChainBuilder.Make(Round, 4, original[3].Type, original[3].Payload.ToArray(), original[3].At, rewritten[2].Hash));

        var verification = EventChain.Verify(rewritten);

        Assert.True(verification.IsIntact);
        Assert.Equal(recorded.Sequence, verification.Head.Sequence);
        Assert.NotEqual(recorded, verification.Head);
    }

    [Fact]
    public void A_first_event_that_does_not_start_from_genesis_is_a_previous_hash_mismatch()
    {
        var other = ChainBuilder.Chain(Round, 2);
        var events = new List<StoredEvent> { ChainBuilder.Make(Round, 1, "RoundCreated", [1], ChainBuilder.Start, other[1].Hash) };

        AssertBroken(EventChain.Verify(events), ChainBreakReason.PreviousHashMismatch, 1, 1);
    }

    [Fact]
    public void An_event_of_another_round_is_a_round_mismatch()
    {
        var events = ChainBuilder.Chain(Round, 3);
        var stranger = ChainBuilder.Chain(RoundId.New(), 3);
        events[2] = stranger[2];

        AssertBroken(EventChain.Verify(events), ChainBreakReason.RoundMismatch, 3, 3);
    }

    [Fact]
    public void A_tail_verifies_from_the_head_before_it_and_not_from_another()
    {
        var events = ChainBuilder.Chain(Round, 6);
        var head = EventChain.Verify(events.Take(3).ToList()).Head;
        var tail = events.Skip(3).ToList();

        var fromHead = EventChain.Verify(tail, head);
        var fromGenesis = EventChain.Verify(tail);
        var fromWrongHash = EventChain.Verify(tail, new ChainHead(3, events[1].Hash));

        Assert.True(fromHead.IsIntact, fromHead.ToString());
        Assert.Equal(new ChainHead(6, events[5].Hash.ToArray()), fromHead.Head);
        AssertBroken(fromGenesis, ChainBreakReason.SequenceGap, 1, 4);
        AssertBroken(fromWrongHash, ChainBreakReason.PreviousHashMismatch, 4, 4);
    }

    private static void AssertBroken(ChainVerification verification, ChainBreakReason reason, long expectedSequence, long foundSequence)
    {
        Assert.False(verification.IsIntact, "the chain should be broken");
        var chainBreak = verification.Break!;
        Assert.Equal(reason, chainBreak.Reason);
        Assert.Equal(expectedSequence, chainBreak.ExpectedSequence);
        Assert.Equal(foundSequence, chainBreak.FoundSequence);
        Assert.Equal(verification.VerifiedCount, chainBreak.Position);
    }
}
