using System.Text;
using System.Text.Json;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RoundEventCodecTests
{
    private static readonly Lazy<IReadOnlyList<RoundEvent>> Events = new(() => RealisticRound.Build(voters: 12).History);

    public static TheoryData<string> EventTypes() => [.. RoundEventCodec.TypeNames.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_type_round_trips(string typeName)
    {
        var samples = Events.Value.Where(e => string.Equals(RoundEventCodec.TypeNameOf(e), typeName, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(samples);

        foreach (var sample in samples)
        {
            var (type, payload) = RoundEventCodec.Encode(sample);
            var decoded = RoundEventCodec.Decode(type, payload);

            Assert.Equal(typeName, type);
            StructuralEquality.AssertEqual(sample, decoded);
            Assert.Equal(payload, RoundEventCodec.Encode(decoded).Payload);
        }
    }

    [Fact]
    public void The_type_name_is_the_json_discriminator_and_the_payload_does_not_repeat_it()
    {
        var created = Events.Value.OfType<RoundCreated>().Single();

        var (type, payload) = RoundEventCodec.Encode(created);

        Assert.Equal("round-created", type);
        using var json = JsonDocument.Parse(payload);
        Assert.False(json.RootElement.TryGetProperty("type", out _));
        Assert.Equal(created.Title, json.RootElement.GetProperty("title").GetString());
        Assert.Equal("WK059903", json.RootElement.GetProperty("district").GetProperty("code").GetString());
        Assert.Equal(6_000_000, json.RootElement.GetProperty("rules").GetProperty("budget").GetInt64());
    }

    [Fact]
    public void Payloads_are_camel_case_with_enums_as_names()
    {
        var submitted = Events.Value.OfType<ProposalSubmitted>().First();

        var text = Encoding.UTF8.GetString(RoundEventCodec.Encode(submitted).Payload);

        Assert.Contains("\"category\":\"TrafficSafety\"", text, StringComparison.Ordinal);
        Assert.Contains("\"estimatedCost\":1800000", text, StringComparison.Ordinal);
        Assert.Contains("\"buurt\":\"BU05990312\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Title\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Derived_members_are_not_stored()
    {
        var determined = Events.Value.OfType<OutcomeDetermined>().Single();

        var text = Encoding.UTF8.GetString(RoundEventCodec.Encode(determined).Payload);

        Assert.Contains("\"results\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"winners\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"remaining\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"isOnBallot\"", Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(RealisticRound.Build(voters: 2).State)), StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_is_deterministic()
    {
        foreach (var roundEvent in Events.Value)
        {
            Assert.Equal(RoundEventCodec.Encode(roundEvent).Payload, RoundEventCodec.Encode(roundEvent).Payload);
        }
    }

    [Fact]
    public void An_unknown_type_name_is_refused_by_name()
    {
        var exception = Assert.Throws<FormatException>(() => RoundEventCodec.Decode("ballot-stuffed", "{}"u8));

        Assert.Contains("ballot-stuffed", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ballot-cast", "{\"voter\":\"resident-0001\",\"choices\":[{\"proposal\":1,\"points\":1}]")]
    [InlineData("ballot-cast", "{\"voter\":\"\",\"choices\":[],\"at\":\"2026-03-02T09:00:00+01:00\"}")]
    [InlineData("ballot-cast", "{\"choices\":[],\"at\":\"2026-03-02T09:00:00+01:00\"}")]
    [InlineData("proposal-withdrawn", "{\"proposal\":0,\"at\":\"2026-03-02T09:00:00+01:00\"}")]
    [InlineData("proposal-withdrawn", "null")]
    [InlineData("round-created", "{\"roundId\":\"not-a-uuid\"}")]
    [InlineData("rules-changed", "{\"rules\":{\"budget\":100,\"method\":{\"kind\":\"lottery\"}},\"by\":\"x\",\"at\":\"2026-03-02T09:00:00+01:00\"}")]
    public void A_corrupt_payload_is_refused_naming_its_type(string type, string payload)
    {
        var exception = Assert.Throws<JsonException>(() => RoundEventCodec.Decode(type, Encoding.UTF8.GetBytes(payload)));

        Assert.Contains($"'{type}'", exception.Message, StringComparison.Ordinal);
    }
}
