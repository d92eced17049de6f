using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>Arguments added three event types and optional members; what was stored before must still read, replay and
/// verify byte for byte.</summary>
public sealed class ArgumentsCompatibilityTests
{
    /// <summary>An export written before arguments existed (HonestRound seed 2 through closed, made before the argument
    /// events were added and kept as bytes): its hash chain and every event's replay must still hold.</summary>
    [Fact]
    public void A_round_exported_before_arguments_existed_still_replays_and_verifies()
    {
        var export = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Backups", "Data", "round-before-arguments.export.json"));

        var verification = RoundEventsVerifier.Verify(export);

        Assert.True(verification.IsValid, verification.ToString());
        Assert.Equal(21, verification.Head!.Sequence);
        Assert.Equal(RoundPhase.Closed, verification.State!.Phase);
        Assert.Same(ArgumentBoard.Empty, verification.State.Arguments);
    }

    [Fact]
    public void A_changed_byte_in_the_old_export_is_still_found()
    {
        var export = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Backups", "Data", "round-before-arguments.export.json"));
        var at = System.Text.Encoding.UTF8.GetString(export).IndexOf("\"payload\": \"", StringComparison.Ordinal) + 20;
        export[at] = export[at] == (byte)'A' ? (byte)'B' : (byte)'A';

        Assert.False(RoundEventsVerifier.Verify(export).IsValid);
    }

    [Fact]
    public void An_honest_round_with_arguments_verifies_and_shows_no_hidden_text_in_its_state_views()
    {
        var round = HonestRound.Generate(seed: 1, through: RoundPhase.Closed);

        var verification = RoundEventsVerifier.Verify(round.Export());

        Assert.True(verification.IsValid, verification.ToString());
        Assert.Contains(round.Events, e => e.Type == "argument-hidden");
        var views = verification.State!.Arguments.For(new Domain.Proposals.ProposalId(1), null).Arguments;
        Assert.Null(Assert.Single(views, view => view.HiddenReason is not null).Text);
    }
}
