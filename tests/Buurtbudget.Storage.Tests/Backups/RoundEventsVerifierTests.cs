using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>The offline check of an export: every honest round passes, and every kind of change is found, with the
/// event at fault where there is one.</summary>
public sealed class RoundEventsVerifierTests
{
    [Fact]
    public void Every_honestly_run_round_verifies()
    {
        // A property over seeds: rounds with random rules, proposals, reviews, voting codes, ballots with
        // replacements, and a tally, recount, close and sign-off where the seed goes that far.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 1; seed <= 300; seed++)
        {
            var round = HonestRound.Generate(seed);
            seen.UnionWith(round.Events.Select(e => e.Type));

            var verification = RoundEventsVerifier.Verify(round.Export());

            Assert.True(verification.IsValid, $"Seed {seed}: {verification}");
            Assert.Equal(round.Events.Count, verification.Head!.Sequence);
            Assert.Equal(round.State.Outcome is null, verification.State!.Outcome is null);
        }

        // The property covers every kind of event there is, so no kind can break the replay unnoticed.
        Assert.Equal(RoundEventCodec.TypeNames.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Flipping_any_single_byte_of_an_honest_export_is_detected()
    {
        // Seed 23 gives a closed, signed-off round of about 19 KB with all but one kind of event: small enough to try
        // every byte, not a sample.
        var export = HonestRound.Generate(seed: 23, through: RoundPhase.Closed).Export();
        Assert.True(RoundEventsVerifier.Verify(export).IsValid);
        var undetected = new List<string>();
        var timer = Stopwatch.StartNew();

        // Every byte, once with its lowest bit flipped (digits, base64, structure) and once with the bit that
        // flips the case of a letter (hex digits, escapes, names).
        foreach (var mask in new byte[] { 0x01, 0x20 })
        {
            for (var offset = 0; offset < export.Length; offset++)
            {
                var changed = (byte[])export.Clone();
                changed[offset] ^= mask;
                if (RoundEventsVerifier.Verify(changed).IsValid)
                {
                    undetected.Add($"byte {offset} ^ 0x{mask:x2} ('{(char)export[offset]}')");
                }
            }
        }

        Assert.True(undetected.Count == 0, $"Undetected in a {export.Length}-byte export ({timer.Elapsed}): {string.Join(", ", undetected.Take(20))}");
    }

    [Fact]
    public void A_changed_outcome_with_the_whole_chain_recomputed_is_caught_by_the_rules_not_the_chain()
    {
        var round = HonestRound.Complete(seed: 7);
        var outcomeAt = round.Events.Single(e => e.Type == "outcome-determined");
        var published = round.State.Outcome!;
        var forged = new OutcomeDetermined(published with { Turnout = published.Turnout + 1 }, outcomeAt.At);

        var events = HonestRound.Chain(round.Id, round.Events.Select(e => e.Sequence == outcomeAt.Sequence
            ? (e.Type, (ReadOnlyMemory<byte>)RoundEventCodec.Encode(forged).Payload, e.At)
            : (e.Type, e.Payload, e.At)));
        var verification = RoundEventsVerifier.Verify(RoundEventsDocument.FromStored(round.Id, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.True(EventChain.Verify(events).IsIntact);
        Assert.False(verification.IsValid);
        Assert.Equal(outcomeAt.Sequence, verification.Sequence);
        Assert.Contains("does not follow from the counted ballots", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sign_off_that_names_another_head_hash_is_found()
    {
        var round = HonestRound.Complete(seed: 3);
        var signOff = round.Events[^1];
        var payload = Encoding.UTF8.GetString(signOff.Payload.Span);
        var realHead = Convert.ToHexStringLower(round.Events[^2].Hash.Span);
        var forged = payload.Replace(realHead, new string('a', 64), StringComparison.Ordinal);

        var events = HonestRound.Chain(round.Id, round.Events.Select(e => e == signOff
            ? (e.Type, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(forged), e.At)
            : (e.Type, e.Payload, e.At)));
        var verification = RoundEventsVerifier.Verify(RoundEventsDocument.FromStored(round.Id, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.NotEqual(payload, forged);
        Assert.False(verification.IsValid);
        Assert.Equal(signOff.Sequence, verification.Sequence);
        Assert.Contains("chain hash is " + realHead, verification.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exportedAt", "digest does not match")]
    [InlineData("reformatted", "canonical form")]
    [InlineData("hex-case", "digest does not match")]
    [InlineData("escaped", "canonical form")]
    [InlineData("cut-off-end", "cut off the end")]
    [InlineData("no-digest", "no digest")]
    [InlineData("other-round", "created round")]
    public void A_change_outside_the_events_is_found(string change, string reason)
    {
        var round = HonestRound.Generate(seed: 11, through: RoundPhase.Tallied);
        var document = JsonNode.Parse(round.Export())!.AsObject();
        var lastHash = (string)document["lastHash"]!;
        var text = change switch
        {
            "exportedAt" => Edit(document, d => d["exportedAt"] = HonestRound.ExportedAt.AddDays(1)),
            "reformatted" => document.ToJsonString() + "\n",
            "hex-case" => Encoding.UTF8.GetString(round.Export()).Replace(lastHash, lastHash.ToUpperInvariant(), StringComparison.Ordinal),
            "escaped" => Encoding.UTF8.GetString(round.Export()).Replace("\"format\"", "\"\\u0066ormat\"", StringComparison.Ordinal),
            "cut-off-end" => Edit(document, d => d["events"]!.AsArray().RemoveAt(d["events"]!.AsArray().Count - 1)),
            "no-digest" => Edit(document, d => d.Remove("digest")),
            "other-round" => Edit(document, d => d["roundId"] = Guid.NewGuid()),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown change"),
        };

        var verification = RoundEventsVerifier.Verify(Encoding.UTF8.GetBytes(text));

        Assert.False(verification.IsValid);
        Assert.Contains(reason, verification.Reason, StringComparison.Ordinal);
    }

    private static string Edit(JsonObject document, Action<JsonObject> edit)
    {
        edit(document);
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
