using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Tests.Backups;
using CommandLine = Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Identity.Tests.Cli;

/// <summary><c>buurtbudget verify FILE</c>: 0 and a summary for an honest export; 1 and the event at fault for a
/// tampered one; 2 for a usage error.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_honest_export_verifies_with_a_summary_of_round_events_head_and_outcome()
    {
        var round = HonestRound.Complete(seed: 2);

        var (exitCode, output, _) = await VerifyAsync(round.Export());

        Assert.Equal(0, exitCode);
        Assert.StartsWith("VALID: round " + round.Id, output, StringComparison.Ordinal);
        Assert.Contains($"Events: {round.Events.Count}", output, StringComparison.Ordinal);
        Assert.Contains("Head hash: " + Convert.ToHexStringLower(round.Events[^1].Hash.Span), output, StringComparison.Ordinal);
        Assert.Contains("Outcome: winners [", output, StringComparison.Ordinal);
        Assert.Contains("Audit: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wijk_budget_export_verifies_with_its_figures_per_year()
    {
        var stream = WijkBudgetStreams.StreamOf(HonestWijkBudget.Delfshaven);
        var events = HonestRound.Chain(stream, HonestWijkBudget.History(Domain.Rounds.RoundId.New(), Domain.Rounds.RoundId.New()));

        var (exitCode, output, _) = await VerifyAsync(RoundEventsDocument.FromStored(stream, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"VALID: wijk budget WK059903 (stream {stream})", output, StringComparison.Ordinal);
        Assert.Contains("2026: allocated €50,000.00, reserved €0.00, spent €25,000.00, available €25,000.00", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payload-changed", "sequence 9 (HashMismatch): Event 9 does not match its hash")]
    [InlineData("dropped", "sequence 9 (SequenceGap): Expected sequence 9, found 10")]
    [InlineData("reordered", "sequence 9 (SequenceOutOfOrder): Expected sequence 9, found 10")]
    [InlineData("inserted", "sequence 10 (SequenceDuplicate): Expected sequence 10, found 9")]
    public async Task A_tampered_export_fails_naming_the_event(string tampering, string reason)
    {
        var round = HonestRound.Complete(seed: 2);
        var events = round.Events.ToList();
        switch (tampering)
        {
            case "payload-changed":
                var payload = events[8].Payload.ToArray();
                payload[^3] ^= 0x01;
                events[8] = events[8] with { Payload = payload };
                break;
            case "dropped":
                events.RemoveAt(8);
                break;
            case "reordered":
                (events[8], events[9]) = (events[9], events[8]);
                break;
            case "inserted":
                events.Insert(9, events[8]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, "unknown tampering");
        }

        // Written as the server writes it, so that only the events differ from an honest export.
        var (exitCode, output, _) = await VerifyAsync(RoundEventsDocument.FromStored(round.Id, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.Equal(1, exitCode);
        Assert.StartsWith("INVALID: The hash chain breaks", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_that_breaks_the_rules_fails_even_when_the_chain_was_recomputed()
    {
        var round = HonestRound.Complete(seed: 2);
        var voting = round.Events.First(e => e.Type == "voting-opened");

        // A second creation of the round, chained in properly after voting opened.
        var forged = HonestRound.Chain(round.Id, round.Events.Select(e => (e.Type, e.Payload, e.At))
            .Append((round.Events[0].Type, round.Events[0].Payload, round.Events[^1].At.AddMinutes(1))));
        var (exitCode, output, _) = await VerifyAsync(RoundEventsDocument.FromStored(round.Id, forged, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.True(EventChain.Verify(forged).IsIntact);
        Assert.True(voting.Sequence < forged.Count);
        Assert.Equal(1, exitCode);
        Assert.Contains($"Event {forged.Count} (round-created)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_does_not_exist_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["verify", _directory.Combine("nowhere.json")], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("No such file", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Error)> VerifyAsync(byte[] export)
    {
        var file = _directory.Combine($"round-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, export);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(["verify", file], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
