using System.Text.Json;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Arguments;

public sealed class ArgumentTests
{
    private static readonly ProposalId Drempel = new(1);
    private const string Reason = "Bevat een scheldwoord.";

    private static RoundScenario Discussing()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Submit(Sample.Resident(1));
        scenario.Submit(Sample.Resident(2), title: "Bankjes bij de speeltuin");
        return scenario;
    }

    private static PostArgument Post(int resident, string text = "Kinderen steken hier elke ochtend over.", string? name = null, ArgumentSide side = ArgumentSide.For, int proposal = 1) =>
        new(Sample.Resident(resident), new ProposalId(proposal), side, text, name);

    [Fact]
    public void A_resident_posts_an_argument_under_the_name_they_chose()
    {
        var scenario = Discussing();

        var posted = Assert.IsType<ArgumentPosted>(Assert.Single(scenario.Do(Post(3, name: "  Buur van het plein "))));

        Assert.Equal(new ArgumentId(1), posted.Argument);
        Assert.Equal("Buur van het plein", posted.ChosenDisplayName);
        var view = Assert.Single(scenario.State.Arguments.For(Drempel, null).Arguments);
        Assert.Equal("Buur van het plein", view.DisplayName);
        Assert.Equal("Kinderen steken hier elke ochtend over.", view.Text);
        Assert.Equal(ArgumentSide.For, view.Side);
    }

    [Fact]
    public void A_first_argument_needs_a_display_name_and_later_ones_keep_it()
    {
        var scenario = Discussing();
        scenario.Refused(Post(3), ArgumentErrors.DisplayNameNeeded);

        scenario.Do(Post(3, name: "Buur van het plein"));
        var second = Assert.IsType<ArgumentPosted>(Assert.Single(scenario.Do(Post(3, "Ook goed voor de ouderen in de straat.", side: ArgumentSide.Against))));
        scenario.Do(Post(3, "Mijn buurvrouw is het met me eens.", name: "buur van het PLEIN"));

        Assert.Null(second.ChosenDisplayName);
        Assert.Equal("Buur van het plein", scenario.Refused(Post(3, name: "Iemand anders"), ArgumentErrors.DisplayNameAlreadyChosen)["name"]);
        Assert.All(scenario.State.Arguments.For(Drempel, Sample.Resident(3)).Arguments, view => Assert.Equal("Buur van het plein", view.DisplayName));
        Assert.Equal("Buur van het plein", scenario.State.Arguments.For(Drempel, Sample.Resident(3)).ReaderDisplayName);
    }

    [Theory]
    [InlineData("Buur van het plein")]
    [InlineData("buur van het plein")]
    [InlineData("BUUR  VAN HET   PLEIN")]
    [InlineData("Ｂuur van het plein")]
    public void A_display_name_is_taken_once_per_round_whatever_its_case_spacing_or_width(string other)
    {
        var scenario = Discussing();
        scenario.Do(Post(3, name: "Buur van het plein"));

        scenario.Refused(Post(4, name: other), ArgumentErrors.DisplayNameTaken);
        scenario.Do(Post(4, name: "Buur van de overkant"));
    }

    [Theory]
    [InlineData("Kort", "text", InvalidTextReasons.TooShort)]
    [InlineData("Twee regels\nin een argument", "text", InvalidTextReasons.ControlCharacter)]
    [InlineData("Lees dit \u202Eomgekeerd", "text", InvalidTextReasons.ControlCharacter)]
    [InlineData("\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B", "text", InvalidTextReasons.Invisible)]
    public void Argument_text_follows_the_rules_of_titles(string text, string field, string reason)
    {
        var scenario = Discussing();

        var error = scenario.Refused(Post(3, text, "Buur van het plein"), RoundErrors.InvalidText);

        Assert.Equal(field, error["field"]);
        Assert.Equal(reason, error["reason"]);
        Assert.Empty(scenario.State.Arguments.DisplayNames);
    }

    [Fact]
    public void An_argument_is_at_most_500_characters_and_a_display_name_at_most_40()
    {
        var scenario = Discussing();

        Assert.Equal("500", scenario.Refused(Post(3, new string('a', 501), "Buur van het plein"), RoundErrors.InvalidText)["max"]);
        Assert.Equal("displayName", scenario.Refused(Post(3, name: new string('b', 41)), RoundErrors.InvalidText)["field"]);
        Assert.Equal("displayName", scenario.Refused(Post(3, name: "Buur\tvan het plein"), RoundErrors.InvalidText)["field"]);
        scenario.Do(Post(3, new string('a', 500), new string('b', 40)));
    }

    [Fact]
    public void Arguments_are_taken_from_submission_until_voting_closes()
    {
        var draft = RoundScenario.Created();
        Assert.Equal(RoundActions.PostArgument, draft.Refused(Post(3, name: "Buur"), RoundErrors.WrongPhase)["action"]);

        var voting = RoundScenario.InVoting(null, 10_000, 20_000);
        voting.Do(Post(3, name: "Buur tijdens de review"));
        voting.Do(new AgreeWithArgument(Sample.Resident(4), new ArgumentId(1)));

        voting.Do(new CloseVoting(Sample.Coordinator));
        voting.Refused(Post(3), RoundErrors.WrongPhase);
        voting.Refused(new AgreeWithArgument(Sample.Resident(5), new ArgumentId(1)), RoundErrors.WrongPhase);
        // Moderation goes on after the vote: what stays on the page must still be fit to read.
        voting.Do(new HideArgument(Sample.Coordinator, new ArgumentId(1), Reason));
    }

    [Fact]
    public void Arguments_are_about_proposals_still_in_the_race()
    {
        var scenario = Discussing();
        scenario.Do(new WithdrawProposal(Sample.Resident(2), new ProposalId(2)));

        Assert.Equal("Withdrawn", scenario.Refused(Post(3, name: "Buur", proposal: 2), RoundErrors.ProposalNotInRightState)["status"]);
        scenario.Refused(Post(3, name: "Buur", proposal: 9), RoundErrors.ProposalNotFound);
    }

    [Fact]
    public void A_resident_agrees_once_and_never_with_their_own_argument()
    {
        var scenario = Discussing();
        scenario.Do(Post(3, name: "Buur van het plein"));
        var first = new AgreeWithArgument(Sample.Resident(4), new ArgumentId(1));

        Assert.IsType<ArgumentAgreed>(Assert.Single(scenario.Do(first)));
        scenario.Refused(first, ArgumentErrors.AlreadyAgreed);
        scenario.Refused(new AgreeWithArgument(Sample.Resident(3), new ArgumentId(1)), ArgumentErrors.OwnArgument);
        scenario.Refused(new AgreeWithArgument(Sample.Resident(4), new ArgumentId(2)), ArgumentErrors.ArgumentNotFound);
        scenario.Do(new AgreeWithArgument(Sample.Resident(5), new ArgumentId(1)));

        var views = scenario.State.Arguments.For(Drempel, Sample.Resident(4)).Arguments;
        Assert.Equal(2, Assert.Single(views).Agreements);
        Assert.True(views[0].AgreedByReader);
        Assert.False(scenario.State.Arguments.For(Drempel, Sample.Resident(6)).Arguments[0].AgreedByReader);
    }

    [Fact]
    public void A_hidden_argument_stays_in_the_log_but_no_view_shows_its_text()
    {
        var scenario = Discussing();
        scenario.Do(Post(3, "Die buurman van nummer 12 is een sukkel.", "Buur van het plein"));

        var hidden = Assert.IsType<ArgumentHidden>(Assert.Single(scenario.Do(new HideArgument(Sample.Coordinator, new ArgumentId(1), $"  {Reason} "))));

        Assert.Equal(Reason, hidden.Reason);
        var view = Assert.Single(scenario.State.Arguments.For(Drempel, Sample.Resident(3)).Arguments);
        Assert.Null(view.Text);
        Assert.Null(view.DisplayName);
        Assert.Equal(Reason, view.HiddenReason);
        Assert.True(view.Mine);
        Assert.Contains(scenario.History, e => e is ArgumentPosted { Text: "Die buurman van nummer 12 is een sukkel." });
        Assert.Equal("Die buurman van nummer 12 is een sukkel.", scenario.State.Arguments.Arguments[new ArgumentId(1)].Text);
        scenario.Refused(new AgreeWithArgument(Sample.Resident(4), new ArgumentId(1)), ArgumentErrors.ArgumentIsHidden);
        Assert.Equal(Reason, scenario.Refused(new HideArgument(Sample.Coordinator, new ArgumentId(1), "Nogmaals"), ArgumentErrors.ArgumentAlreadyHidden)["reason"]);
    }

    [Fact]
    public void A_hiding_needs_a_readable_reason()
    {
        var scenario = Discussing();
        scenario.Do(Post(3, name: "Buur van het plein"));

        Assert.Equal("reason", scenario.Refused(new HideArgument(Sample.Coordinator, new ArgumentId(1), "  "), RoundErrors.InvalidText)["field"]);
        scenario.Refused(new HideArgument(Sample.Coordinator, new ArgumentId(1), "Twee\nregels"), RoundErrors.InvalidText);
        scenario.Refused(new HideArgument(Sample.Coordinator, new ArgumentId(9), Reason), ArgumentErrors.ArgumentNotFound);
    }

    [Fact]
    public void What_a_reader_sees_holds_no_participant_key()
    {
        var scenario = Discussing();
        scenario.Do(Post(3, name: "Buur van het plein"));
        scenario.Do(Post(4, "Liever bankjes dan drempels hier.", "Overbuur", ArgumentSide.Against));
        scenario.Do(new AgreeWithArgument(Sample.Resident(4), new ArgumentId(1)));
        scenario.Do(new HideArgument(Sample.Coordinator, new ArgumentId(2), Reason));

        var json = JsonSerializer.Serialize(scenario.State.Arguments.For(Drempel, Sample.Resident(4)));

        Assert.DoesNotContain("resident-", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Sample.Coordinator.Value, json, StringComparison.Ordinal);
        Assert.Contains("Buur van het plein", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_proposal_asked_for_is_listed_in_order()
    {
        var scenario = Discussing();
        scenario.Do(Post(3, name: "Buur van het plein"));
        scenario.Do(Post(3, "Bankjes zijn fijn voor ouderen.", proposal: 2));
        scenario.Do(Post(4, "Drempels remmen ook de ambulance.", "Overbuur", ArgumentSide.Against));

        var views = scenario.State.Arguments.For(Drempel, null).Arguments;

        Assert.Equal(new[] { 1, 3 }, views.Select(v => v.Id.Number));
        Assert.All(views, view => Assert.False(view.Mine));
    }

    [Fact]
    public void A_log_with_arguments_replays_to_the_same_state_and_survives_a_snapshot()
    {
        var scenario = RealisticRound.Build(voters: 12);

        var replay = LogReplay.Replay(scenario.State.Id, LogReplayTests.Logged(scenario.History));
        var restored = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));

        Assert.True(replay.IsValid, replay.ToString());
        StructuralEquality.AssertEqual(scenario.State.Arguments, replay.State!.Arguments);
        StructuralEquality.AssertEqual(scenario.State.Arguments, restored.Arguments);
        Assert.Equal(3, restored.Arguments.Arguments.Count);
        Assert.Equal(2, restored.Arguments.DisplayNames.Count);
    }

    [Fact]
    public void A_snapshot_of_a_round_without_arguments_is_written_as_before_arguments_existed()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);

        var text = System.Text.Encoding.UTF8.GetString(RoundSnapshotCodec.Encode(scenario.State));

        Assert.DoesNotContain("\"arguments\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"displayNames\"", text, StringComparison.Ordinal);
        Assert.Same(ArgumentBoard.Empty, RoundSnapshotCodec.Decode(System.Text.Encoding.UTF8.GetBytes(text)).Arguments);
    }
}
