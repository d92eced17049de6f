using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;
using Buurtbudget.Domain.VotingCodes;

namespace Buurtbudget.Domain.Tests.Participants;

/// <summary>Issue 17: one person, one ballot, whatever the channel. A register entry binds a person's letter code to
/// their sign-in key, so that their ballots through either replace each other and the tally counts them once.</summary>
public class OnePersonOneBallotTests
{
    internal static readonly ParticipantKey Anna = Sample.Resident(1);
    internal static readonly ParticipantKey Bram = Sample.Resident(2);
    internal static readonly ParticipantKey AnnasCode = new("letter-code-anna");
    internal static readonly ParticipantKey BramsCode = new("letter-code-bram");
    internal static readonly ParticipantKey BatchCode = new("batch-code-0001");

    /// <summary>A round in voting on three proposals with Anna and Bram in the register, each with a letter code, and
    /// one code from a platform batch bound to nobody.</summary>
    internal static RoundScenario RoundWithLetters()
    {
        var scenario = RoundScenario.InReview(null, 5_000, 6_000, 7_000);
        scenario.Do(new ImportVoterRegister(Sample.Coordinator, [Anna, Bram], [new CodeBinding(AnnasCode, Anna), new CodeBinding(BramsCode, Bram)]));
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [BatchCode]));
        for (var proposal = 1; proposal <= 3; proposal++)
        {
            scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(proposal), Money.FromEuros(4_000 + (1_000 * proposal)), null));
        }

        scenario.Do(new OpenVoting(Sample.Coordinator));
        return scenario;
    }

    internal static CastBallot SignedIn(ParticipantKey person, params int[] proposals) => new(person, Sample.Approve(proposals));

    internal static CastBallot ByCode(ParticipantKey code, params int[] proposals) => new(code, Sample.Approve(proposals), BallotChannel.LetterCode);

    [Fact]
    public void A_code_ballot_replaces_the_same_persons_sign_in_ballot_and_counts_once()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));

        var replaced = Assert.IsType<BallotReplaced>(Assert.Single(scenario.Do(ByCode(AnnasCode, 2))));

        Assert.Equal((Anna, BallotChannel.LetterCode, AnnasCode), (replaced.Voter, replaced.Channel, replaced.Code));
        var ballot = Assert.Single(scenario.State.Ballots.Values);
        Assert.Equal((Anna, BallotChannel.LetterCode, BallotChannel.SignIn), (ballot.Voter, ballot.Channel, ballot.ReplacedChannel));
        Assert.Equal(Sample.Approve(2).ToArray(), ballot.Choices.ToArray());
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal((0, 1), Support(scenario, 1, 2));
        Assert.Equal(new ChannelCount(BallotChannel.SignIn, 0, 1), scenario.State.Channels.For(BallotChannel.SignIn));
        Assert.Equal(new ChannelCount(BallotChannel.LetterCode, 1, 0), scenario.State.Channels.For(BallotChannel.LetterCode));
    }

    [Fact]
    public void Signing_in_after_voting_by_code_replaces_the_code_ballot()
    {
        var scenario = RoundWithLetters();
        scenario.Do(ByCode(BramsCode, 3));

        scenario.Do(SignedIn(Bram, 1, 2));

        var ballot = scenario.State.Ballots[Bram];
        Assert.Equal((BallotChannel.SignIn, BallotChannel.LetterCode, 2), (ballot.Channel, ballot.ReplacedChannel, ballot.Revision));
        Assert.Equal(1, scenario.State.Tally.Turnout);
        Assert.Equal(new ChannelCount(BallotChannel.LetterCode, 0, 1), scenario.State.Channels.For(BallotChannel.LetterCode));
    }

    [Fact]
    public void The_same_choices_through_another_channel_are_the_ballot_that_counts_from_then_on()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));

        scenario.Do(ByCode(AnnasCode, 1));

        Assert.Equal(BallotChannel.LetterCode, scenario.State.Ballots[Anna].Channel);
        Assert.True(scenario.Try(ByCode(AnnasCode, 1)).IsUnchanged);
    }

    [Fact]
    public void A_code_from_a_platform_batch_is_a_participant_of_its_own()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));

        var cast = Assert.IsType<BallotCast>(Assert.Single(scenario.Do(ByCode(BatchCode, 2))));

        // As before bindings existed: the code is the voter, and the event's bytes need no channel to say so.
        Assert.Equal((BatchCode, null, null), (cast.Voter, cast.Channel, cast.Code));
        Assert.DoesNotContain("channel", Encoding.UTF8.GetString(RoundEventCodec.Encode(cast).Payload), StringComparison.Ordinal);
        Assert.Equal(2, scenario.State.Tally.Turnout);
        Assert.Equal(BallotChannel.LetterCode, scenario.State.Ballots[BatchCode].Channel);
    }

    [Fact]
    public void A_sign_in_ballot_is_stored_in_the_same_bytes_as_before_channels_existed()
    {
        var scenario = RoundWithLetters();

        var cast = Assert.Single(scenario.Do(SignedIn(Anna, 1)));

        Assert.Equal(
            "{\"voter\":\"resident-0001\",\"choices\":[{\"proposal\":1,\"points\":1}],\"at\":\"" + scenario.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) + "\"}",
            Encoding.UTF8.GetString(RoundEventCodec.Encode(cast).Payload));
    }

    [Fact]
    public void A_code_the_round_does_not_know_is_refused()
    {
        var scenario = RoundWithLetters();

        scenario.Refused(ByCode(new ParticipantKey("letter-code-nobody"), 1), RoundErrors.UnknownVotingCode);
        // A person's sign-in key is not a code either.
        scenario.Refused(ByCode(Anna, 1), RoundErrors.UnknownVotingCode);
    }

    [Fact]
    public void A_code_bound_to_two_persons_is_refused()
    {
        var scenario = RoundScenario.Created();

        var error = scenario.Refused(
            new ImportVoterRegister(Sample.Coordinator, [Anna, Bram], [new CodeBinding(AnnasCode, Anna), new CodeBinding(AnnasCode, Bram)]),
            RoundErrors.VotingCodeBoundTwice);

        Assert.Equal(AnnasCode.Value, error["code"]);
    }

    [Fact]
    public void The_same_binding_twice_is_one_binding_and_a_person_may_hold_two_letters()
    {
        var scenario = RoundScenario.Created();
        var reprint = new ParticipantKey("letter-code-anna-reprint");

        var imported = Assert.IsType<VoterRegisterImported>(Assert.Single(scenario.Do(new ImportVoterRegister(
            Sample.Coordinator, [Anna], [new CodeBinding(reprint, Anna), new CodeBinding(AnnasCode, Anna), new CodeBinding(AnnasCode, Anna)]))));

        Assert.Equal([new CodeBinding(AnnasCode, Anna), new CodeBinding(reprint, Anna)], imported.Codes!.Value.ToArray());
        Assert.Equal(2, scenario.State.CodeHolders.Count);
    }

    [Theory]
    [InlineData("person-not-in-register")]
    [InlineData("code-is-a-person")]
    [InlineData("code-already-issued")]
    public void A_binding_that_cannot_hold_is_refused_with_its_reason(string reason)
    {
        var scenario = RoundScenario.Created();
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [BatchCode]));
        var binding = reason switch
        {
            CodeBindingReasons.PersonNotInRegister => new CodeBinding(AnnasCode, Sample.Resident(99)),
            CodeBindingReasons.CodeIsAPerson => new CodeBinding(Bram, Anna),
            _ => new CodeBinding(BatchCode, Anna),
        };

        var error = scenario.Refused(new ImportVoterRegister(Sample.Coordinator, [Anna, Bram], [binding]), RoundErrors.InvalidCodeBinding);

        Assert.Equal(reason, error["reason"]);
        Assert.Equal(binding.Code.Value, error["code"]);
    }

    [Fact]
    public void A_register_without_letters_is_stored_in_the_same_bytes_as_before()
    {
        var scenario = RoundScenario.Created();

        var imported = Assert.Single(scenario.Do(new ImportVoterRegister(Sample.Coordinator, [Bram, Anna])));

        Assert.Equal(
            "{\"count\":2,\"voters\":[\"resident-0001\",\"resident-0002\"],\"by\":\"coordinator-9f2a\",\"at\":\"2026-03-02T09:02:00+01:00\"}",
            Encoding.UTF8.GetString(RoundEventCodec.Encode(imported).Payload));
    }

    [Fact]
    public void Reading_back_by_code_finds_the_persons_ballot_whichever_way_it_came()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 3));

        Assert.Equal(Anna, ParticipantResolution.PersonOf(scenario.State, AnnasCode));
        Assert.Equal(BatchCode, ParticipantResolution.PersonOf(scenario.State, BatchCode));
        Assert.True(ParticipantResolution.IsCode(scenario.State, AnnasCode));
        Assert.False(ParticipantResolution.IsCode(scenario.State, Anna));
    }

    [Fact]
    public void A_log_of_mixed_channels_replays_and_verifies()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        scenario.Do(ByCode(AnnasCode, 2));
        scenario.Do(ByCode(BatchCode, 3));
        scenario.Do(ByCode(BramsCode, 1));
        scenario.Do(SignedIn(Bram, 2));
        scenario.Do(new CloseVoting(Sample.Coordinator));

        var replay = LogReplay.Replay(scenario.State.Id, LogReplayTests.Logged(scenario.History));

        Assert.True(replay.IsValid, replay.ToString());
        Assert.Equal(scenario.State.Channels, replay.State.Channels);
        Assert.Equal(3, replay.State.Tally.Turnout);
    }

    [Fact]
    public void The_open_data_export_counts_ballots_per_channel()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        scenario.Do(ByCode(AnnasCode, 2));
        scenario.Do(SignedIn(Bram, 3));
        scenario.Do(new CloseVoting(Sample.Coordinator));

        var file = PabulibRoundExport.From(scenario.State);

        Assert.Equal(("1", "1"), (file.MetaValue("counted_sign_in"), file.MetaValue("replaced_by_other_channel_sign_in")));
        Assert.Equal(("1", "0"), (file.MetaValue("counted_letter_code"), file.MetaValue("replaced_by_other_channel_letter_code")));
        Assert.Equal("2", file.MetaValue("num_votes"));
    }

    [Fact]
    public void A_round_with_sign_in_ballots_only_exports_no_channel_counts()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        scenario.Do(new CloseVoting(Sample.Coordinator));

        Assert.Null(PabulibRoundExport.From(scenario.State).MetaValue("counted_sign_in"));
    }

    [Fact]
    public void Verify_catches_a_person_counted_twice_under_their_letter_code()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        var events = LogReplayTests.Logged(scenario.History).ToList();
        var last = events[^1];

        // What the platform did before this change: the code ballot stored under the code, beside the sign-in ballot.
        events.Add(Log(last.Sequence + 1, new BallotCast(AnnasCode, Sample.Approve(2), last.At.AddMinutes(1))));
        var replay = LogReplay.Replay(scenario.State.Id, events);

        Assert.False(replay.IsValid);
        Assert.Equal((last.Sequence + 1, "ballot-cast"), (replay.Sequence, replay.Type));
        Assert.Contains("counted twice", replay.Reason, StringComparison.Ordinal);
        Assert.Contains(Anna.Value, replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_catches_a_second_ballot_cast_beside_the_first()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        var events = LogReplayTests.Logged(scenario.History).ToList();
        var last = events[^1];

        events.Add(Log(last.Sequence + 1, new BallotCast(Anna, Sample.Approve(2), last.At.AddMinutes(1), BallotChannel.LetterCode, AnnasCode)));
        var replay = LogReplay.Replay(scenario.State.Id, events);

        Assert.False(replay.IsValid);
        Assert.Contains("counted twice", replay.Reason, StringComparison.Ordinal);
        Assert.Contains($"event {last.Sequence}", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_written_before_channels_existed_still_replays_with_its_code_ballots_as_letter_codes()
    {
        // Payloads exactly as the platform stored them before this change: a code ballot's voter is the code's key.
        var at = Sample.Start;
        var roundId = RoundScenario.Empty().State.Id;
        string Time(int minutes) => at.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var before = RoundScenario.InVoting(null, 5_000);
        var log = LogReplayTests.Logged(before.History).ToList();
        var minutes = log.Count;
        LoggedEvent Raw(string type, string json) =>
            new(log.Count + 1, type, Encoding.UTF8.GetBytes(json), DateTimeOffset.Parse(JsonNode.Parse(json)!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        // Codes are issued during voting here, so they follow the events the scenario already logged.
        log.Add(Raw("voting-codes-issued", $"{{\"batch\":1,\"count\":1,\"codes\":[\"old-code-1\"],\"by\":\"coordinator-9f2a\",\"at\":\"{Time(++minutes)}\"}}"));
        log.Add(Raw("ballot-cast", $"{{\"voter\":\"old-code-1\",\"choices\":[{{\"proposal\":1,\"points\":1}}],\"at\":\"{Time(++minutes)}\"}}"));
        log.Add(Raw("ballot-cast", $"{{\"voter\":\"resident-0007\",\"choices\":[],\"at\":\"{Time(++minutes)}\"}}"));
        log.Add(Raw("ballot-replaced", $"{{\"voter\":\"old-code-1\",\"choices\":[],\"at\":\"{Time(++minutes)}\"}}"));

        var replay = LogReplay.Replay(roundId, log);

        Assert.True(replay.IsValid, replay.ToString());
        Assert.Equal(BallotChannel.LetterCode, replay.State.Ballots[new ParticipantKey("old-code-1")].Channel);
        Assert.Equal(BallotChannel.SignIn, replay.State.Ballots[Sample.Resident(7)].Channel);
        Assert.Equal(new ChannelCount(BallotChannel.LetterCode, 1, 0), replay.State.Channels.For(BallotChannel.LetterCode));
        Assert.Null(replay.State.Ballots[new ParticipantKey("old-code-1")].ReplacedChannel);
    }

    [Fact]
    public void A_snapshot_keeps_the_bindings_and_the_channel_counts()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        scenario.Do(ByCode(AnnasCode, 2));
        scenario.Do(ByCode(BatchCode, 3));

        var loaded = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));

        Assert.Equal(scenario.State.CodeHolders.OrderBy(p => p.Key.Value), loaded.CodeHolders.OrderBy(p => p.Key.Value));
        Assert.Equal(scenario.State.Channels, loaded.Channels);
        StructuralEquality.AssertEqual(scenario.State.Ballots[Anna], loaded.Ballots[Anna]);
    }

    [Fact]
    public void The_registers_letter_codes_are_issued_codes_and_each_counts_once_as_used_whatever_replaced_its_ballot()
    {
        var scenario = RoundWithLetters();
        Assert.Equal(new VotingCodeUse(3, 0, 1), VotingCodeUse.Of(scenario.State));

        scenario.Do(SignedIn(Anna, 1));
        Assert.Equal(0, VotingCodeUse.Of(scenario.State).Used);

        scenario.Do(ByCode(BramsCode, 3));
        scenario.Do(SignedIn(Bram, 1, 2));
        scenario.Do(ByCode(BramsCode, 2));
        Assert.Equal(1, VotingCodeUse.Of(scenario.State).Used);

        scenario.Do(ByCode(BatchCode, 3));
        Assert.Equal(new VotingCodeUse(3, 2, 1), VotingCodeUse.Of(scenario.State));
        Assert.Equal([BramsCode], scenario.State.UsedCodes);
    }

    [Fact]
    public void A_snapshot_keeps_which_letter_codes_were_used_and_one_that_binds_codes_without_saying_so_is_refused()
    {
        var scenario = RoundWithLetters();
        var unused = JsonNode.Parse(RoundSnapshotCodec.Encode(scenario.State))!.AsObject();
        Assert.Empty(unused["usedCodes"]!.AsArray());
        scenario.Do(ByCode(AnnasCode, 1));

        var loaded = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State));
        Assert.Equal(VotingCodeUse.Of(scenario.State), VotingCodeUse.Of(loaded));
        Assert.Equal([AnnasCode], loaded.UsedCodes);

        // The bytes a platform wrote before it kept used letter codes: it cannot say which bound code voted.
        var node = JsonNode.Parse(RoundSnapshotCodec.Encode(scenario.State))!.AsObject();
        Assert.True(node.Remove("usedCodes"));
        Assert.Throws<FormatException>(() => RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(node.ToJsonString())));
    }

    [Fact]
    public void A_round_without_bound_codes_writes_no_used_codes_into_its_snapshot()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);
        scenario.Vote(1, 1);

        Assert.False(JsonNode.Parse(RoundSnapshotCodec.Encode(scenario.State))!.AsObject().ContainsKey("usedCodes"));
    }

    [Fact]
    public void A_snapshot_from_before_channels_loads_with_code_ballots_as_letter_codes()
    {
        var scenario = RoundWithLetters();
        scenario.Do(SignedIn(Anna, 1));
        scenario.Do(ByCode(BatchCode, 3));

        // Strip what this change added, to get the bytes an older platform wrote.
        var node = JsonNode.Parse(RoundSnapshotCodec.Encode(scenario.State))!.AsObject();
        node.Remove("channels");
        node.Remove("codeHolders");
        foreach (var ballot in node["ballots"]!.AsArray())
        {
            ballot!.AsObject().Remove("channel");
            ballot.AsObject().Remove("replacedChannel");
        }

        var loaded = RoundSnapshotCodec.Decode(Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.Equal(BallotChannel.LetterCode, loaded.Ballots[BatchCode].Channel);
        Assert.Equal(BallotChannel.SignIn, loaded.Ballots[Anna].Channel);
        Assert.Equal(new ChannelCount(BallotChannel.LetterCode, 1, 0), loaded.Channels.For(BallotChannel.LetterCode));
        Assert.Equal(new ChannelCount(BallotChannel.SignIn, 1, 0), loaded.Channels.For(BallotChannel.SignIn));
    }

    private static (long, long) Support(RoundScenario scenario, int first, int second) =>
        (scenario.State.Tally.For(new ProposalId(first)).Voters, scenario.State.Tally.For(new ProposalId(second)).Voters);

    private static LoggedEvent Log(long sequence, RoundEvent roundEvent)
    {
        var (type, payload) = RoundEventCodec.Encode(roundEvent);
        using var json = JsonDocument.Parse(payload);
        return new LoggedEvent(sequence, type, payload, json.RootElement.GetProperty("at").GetDateTimeOffset());
    }
}
