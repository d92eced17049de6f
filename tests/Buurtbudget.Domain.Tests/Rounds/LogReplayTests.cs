using System.Text.Json;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class LogReplayTests
{
    [Fact]
    public void An_honest_round_with_every_kind_of_event_follows_the_rules()
    {
        var scenario = RealisticRound.Build();

        var replay = LogReplay.Replay(scenario.State.Id, Logged(scenario.History));

        Assert.True(replay.IsValid, replay.ToString());
        Assert.Equal(scenario.History.Count, replay.State.Version);
        Assert.Equal(Encoded(new OutcomeDetermined(scenario.State.Outcome!, default)), Encoded(new OutcomeDetermined(replay.State.Outcome!, default)));
        Assert.NotNull(replay.State.Audit);
    }

    [Fact]
    public void A_ballot_over_the_budget_breaks_the_rules_and_is_named()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 10_000), 6_000, 5_000);
        scenario.Vote(1, 1);
        var events = Logged(scenario.History);
        var honest = events[^1];

        // Both proposals together cost 11,000 euros of a 10,000 euro budget: the platform would have refused it.
        var forged = Log(honest.Sequence, new BallotCast(Sample.Resident(1), Sample.Approve(1, 2), honest.At));
        var replay = LogReplay.Replay(scenario.State.Id, [.. events.SkipLast(1), forged]);

        Assert.False(replay.IsValid);
        Assert.Equal(honest.Sequence, replay.Sequence);
        Assert.Equal("ballot-cast", replay.Type);
        Assert.Contains("rules refuse it", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spend_approved_by_the_coordinator_who_recorded_it_breaks_the_four_eyes_rule()
    {
        var scenario = RealisticRound.Build();
        var events = Logged(scenario.History).ToList();
        var index = events.FindIndex(e => e.Type == "spend-approved");
        var approved = (SpendApproved)RoundEventCodec.Decode(events[index].Type, events[index].Payload.Span);

        // The approval rewritten as if the recording coordinator had given it: one pair of eyes.
        events[index] = Log(events[index].Sequence, approved with { By = Sample.Coordinator });
        var replay = LogReplay.Replay(scenario.State.Id, events);

        Assert.False(replay.IsValid);
        Assert.Equal((events[index].Sequence, "spend-approved"), (replay.Sequence, replay.Type));
        Assert.Contains(RoundErrors.SpendNeedsSecondCoordinator, replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_outcome_that_the_ballots_do_not_give_is_found()
    {
        var scenario = RealisticRound.Build();
        var events = Logged(scenario.History).ToList();
        var index = events.FindIndex(e => e.Type == "outcome-determined");
        var published = scenario.State.Outcome!;

        // One ballot more than were cast: the kind of change a forger makes to move a result.
        var forged = published with { Turnout = published.Turnout + 1 };
        events[index] = Log(events[index].Sequence, new OutcomeDetermined(forged, events[index].At));
        var replay = LogReplay.Replay(scenario.State.Id, events);

        Assert.False(replay.IsValid);
        Assert.Equal(events[index].Sequence, replay.Sequence);
        Assert.Contains("does not follow from the counted ballots", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outcome_that_no_closing_of_the_vote_caused_is_invalid()
    {
        var scenario = RealisticRound.Build();
        var events = Logged(scenario.History).ToList();
        var outcome = events.Single(e => e.Type == "outcome-determined");
        events.Add(outcome with { Sequence = events.Count + 1 });

        var replay = LogReplay.Replay(scenario.State.Id, events);

        Assert.False(replay.IsValid);
        Assert.Equal(events.Count, replay.Sequence);
        Assert.Contains("follows no voting-closed", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_the_vote_without_publishing_its_outcome_is_invalid()
    {
        var scenario = RealisticRound.Build();
        var events = Logged(scenario.History).ToList();
        var index = events.FindIndex(e => e.Type == "outcome-determined");
        events.RemoveAt(index);
        var renumbered = events.Select((e, i) => e with { Sequence = i + 1 }).ToList();

        var replay = LogReplay.Replay(scenario.State.Id, renumbered);

        Assert.False(replay.IsValid);
        Assert.Equal(index + 1, replay.Sequence);
        Assert.Contains("outcome computed from the counted ballots must follow", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ballot_cast_twice_by_the_same_voter_must_be_a_replacement()
    {
        var scenario = RoundScenario.InVoting(null, 6_000, 5_000);
        scenario.Vote(1, 1);
        var events = Logged(scenario.History);
        var cast = events[^1];
        var again = Log(cast.Sequence + 1, new BallotCast(Sample.Resident(1), Sample.Approve(2), cast.At.AddMinutes(1)));

        var replay = LogReplay.Replay(scenario.State.Id, [.. events, again]);

        Assert.False(replay.IsValid);
        Assert.Equal(again.Sequence, replay.Sequence);
        Assert.Contains("ballot-replaced", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_stored_at_another_time_than_it_records_is_invalid()
    {
        var scenario = RoundScenario.InSubmission();
        var events = Logged(scenario.History);

        var replay = LogReplay.Replay(scenario.State.Id, [events[0], events[1] with { At = events[1].At.AddTicks(1) }]);

        Assert.False(replay.IsValid);
        Assert.Equal(2, replay.Sequence);
        Assert.Contains("stored at", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_type_this_verifier_does_not_know_is_invalid_with_a_clear_reason()
    {
        var scenario = RoundScenario.InSubmission();
        var events = Logged(scenario.History);
        var unknown = new LoggedEvent(events.Count + 1, "budget-transferred", "{}"u8.ToArray(), events[^1].At);

        var replay = LogReplay.Replay(scenario.State.Id, [.. events, unknown]);

        Assert.False(replay.IsValid);
        Assert.Equal(unknown.Sequence, replay.Sequence);
        Assert.Contains("'budget-transferred' is not an event type this verifier knows", replay.Reason, StringComparison.Ordinal);
    }

    /// <summary>The events as a store holds them: sequence 1, 2, …, the encoded payload, and the time each records.</summary>
    internal static IReadOnlyList<LoggedEvent> Logged(IReadOnlyList<RoundEvent> history) =>
        [.. history.Select((e, i) => Log(i + 1, e))];

    private static LoggedEvent Log(long sequence, RoundEvent roundEvent)
    {
        var (type, payload) = RoundEventCodec.Encode(roundEvent);
        using var json = JsonDocument.Parse(payload);
        return new LoggedEvent(sequence, type, payload, json.RootElement.GetProperty("at").GetDateTimeOffset());
    }

    private static byte[] Encoded(RoundEvent roundEvent) => RoundEventCodec.Encode(roundEvent).Payload;
}
