using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RoundSnapshotCodecTests
{
    [Fact]
    public void A_snapshot_restores_the_state_that_replaying_every_event_builds()
    {
        var scenario = RealisticRound.Build(voters: 200);
        var replayed = scenario.History.Aggregate(RoundState.Initial(scenario.State.Id), (state, e) => state.Apply(RoundEventCodec.Decode(RoundEventCodec.Encode(e).Type, RoundEventCodec.Encode(e).Payload)));

        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(replayed));

        StructuralEquality.AssertEqual(scenario.State, replayed);
        StructuralEquality.AssertEqual(replayed, restored);
        Assert.Equal(scenario.History.Count, restored.Version);
        // The 200 residents, and the two codes that voted on paper at the voting evening.
        Assert.Equal(202, restored.Ballots.Count);
        Assert.NotNull(restored.Outcome);
    }

    [Fact]
    public void A_snapshot_taken_mid_vote_continues_like_the_original()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 30_000);
        scenario.Vote(1, 1, 2);
        scenario.Vote(2, 3);
        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));

        var command = new CastBallot(Sample.Resident(1), Sample.Approve(3));
        var original = BudgetRound.Decide(scenario.State, command, Sample.Start);
        var fromSnapshot = BudgetRound.Decide(restored, command, Sample.Start);

        StructuralEquality.AssertEqual(original, fromSnapshot);
        Assert.IsType<BallotReplaced>(Assert.Single(fromSnapshot.Events));
        StructuralEquality.AssertEqual(scenario.State.Apply(original.Events[0]), restored.Apply(fromSnapshot.Events[0]));
    }

    [Fact]
    public void A_snapshot_of_a_round_that_does_not_exist_round_trips()
    {
        var empty = RoundState.Initial(RoundId.New());

        StructuralEquality.AssertEqual(empty, RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(empty)));
    }

    [Fact]
    public void Snapshots_are_deterministic()
    {
        var first = RealisticRound.Build(voters: 50).State;
        var second = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(first));

        Assert.Equal(RoundSnapshotCodec.Encode(first), RoundSnapshotCodec.Encode(second));
    }

    [Fact]
    public async Task Encoding_to_a_stream_writes_the_same_bytes_and_they_decode_from_segments()
    {
        var state = RealisticRound.Build(voters: 3_000).State;
        var whole = RoundSnapshotCodec.Encode(state);

        await using var stream = new MemoryStream();
        await RoundSnapshotCodec.EncodeAsync(state, stream);
        Assert.Equal(whole, stream.ToArray());

        // As a store hands back a snapshot it wrote in pieces: cut mid-token, and across more than one segment.
        var first = new Piece(whole.AsMemory(0, 1_001));
        var last = first.Then(whole.AsMemory(1_001, 40_000)).Then(whole.AsMemory(41_001));
        StructuralEquality.AssertEqual(state, RoundSnapshotCodec.Decode(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)));
    }

    [Fact]
    public async Task Encoding_in_slices_orders_the_ballots_exactly_as_encoding_at_once()
    {
        // More ballots than two slices of the ordering (8,192 each), so that runs are merged more than once.
        var state = RealisticRound.Build(voters: 20_000).State;
        var pauses = 0;

        await using var stream = new MemoryStream();
        await RoundSnapshotCodec.EncodeAsync(state, stream, () =>
        {
            pauses++;
            return ValueTask.CompletedTask;
        });

        Assert.Equal(RoundSnapshotCodec.Encode(state), stream.ToArray());
        Assert.InRange(pauses, 3 + 4, 100);
    }

    [Fact]
    public void Data_after_the_end_of_a_snapshot_is_refused()
    {
        var whole = RoundSnapshotCodec.Encode(RealisticRound.Build(voters: 3).State);

        Assert.ThrowsAny<JsonException>(() => RoundSnapshotCodec.Decode([.. whole, .. "{}"u8]));
    }

    [Fact]
    public void A_snapshot_of_another_format_is_refused()
    {
        var text = Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(RealisticRound.Build(voters: 3).State));
        var current = $"\"format\":{RoundSnapshotCodec.CurrentFormat},";
        Assert.Contains(current, text, StringComparison.Ordinal);
        var future = text.Replace(current, $"\"format\":{RoundSnapshotCodec.CurrentFormat + 1},", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(future)));
    }

    [Fact]
    public void A_format_1_snapshot_whose_ballots_do_not_know_their_event_is_refused()
    {
        var text = Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(RealisticRound.Build(voters: 3).State));
        var withoutSequences = Regex.Replace(text, ",\"sequence\":[0-9]+", "", RegexOptions.CultureInvariant)
            .Replace($"\"format\":{RoundSnapshotCodec.CurrentFormat},", "\"format\":1,", StringComparison.Ordinal);
        Assert.DoesNotContain("\"sequence\"", withoutSequences, StringComparison.Ordinal);

        // Refused either way (the activation then replays the events): as a ballot without its sequence, or as a format
        // that is not current. Never decoded with sequence 0, which would give every ballot a wrong receipt.
        var refused = Record.Exception(() => RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(withoutSequences)));
        Assert.True(refused is JsonException or FormatException, $"Expected a refusal, got {refused?.GetType().Name ?? "a state"}.");
    }

    [Fact]
    public void A_snapshot_keeps_the_event_sequence_of_every_ballot()
    {
        var state = RealisticRound.Build(voters: 50).State;

        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(state));

        Assert.All(state.Ballots.Values, ballot => Assert.Equal(ballot.Sequence, restored.Ballots[ballot.Voter].Sequence));
        Assert.All(restored.Ballots.Values, ballot => Assert.InRange(ballot.Sequence, 1, restored.Version));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"format\":2}")]
    [InlineData("{\"format\":2,\"id\":\"0195a1b2-0000-7000-8000-00000000a001\",\"version\":3")]
    public void A_corrupt_snapshot_is_refused(string snapshot)
    {
        Assert.Throws<JsonException>(() => RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(snapshot)));
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Piece Then(ReadOnlyMemory<byte> memory)
        {
            var next = new Piece(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
