using System.Collections.Immutable;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Tests.Rounds;
using FsCheck;
using FsCheck.Fluent;

namespace Buurtbudget.Domain.Tests.Participants;

/// <summary>Issue 17's property: over random interleavings of sign-in and letter-code ballots of the same people, each
/// person is counted once, with their last ballot, and the log of it all replays and verifies.</summary>
public class OnePersonOneBallotPropertyTests
{
    /// <summary>How many random interleavings FsCheck tries per run.</summary>
    private const int Interleavings = 400;

    /// <summary>Each credential someone can vote with, and the person it stands for. Residents 1–3 are in the register with
    /// a letter (resident 3 with a reprinted second letter too), resident 4 is in the register without one, resident 5
    /// signs in without being in it, and two codes of a platform batch belong to nobody (each its own participant).</summary>
    private static readonly (ParticipantKey Key, BallotChannel Channel, ParticipantKey Person)[] Credentials =
    [
        (Sample.Resident(1), BallotChannel.SignIn, Sample.Resident(1)),
        (Letter(1), BallotChannel.LetterCode, Sample.Resident(1)),
        (Sample.Resident(2), BallotChannel.SignIn, Sample.Resident(2)),
        (Letter(2), BallotChannel.LetterCode, Sample.Resident(2)),
        (Sample.Resident(3), BallotChannel.SignIn, Sample.Resident(3)),
        (Letter(3), BallotChannel.LetterCode, Sample.Resident(3)),
        (Letter(33), BallotChannel.LetterCode, Sample.Resident(3)),
        (Sample.Resident(4), BallotChannel.SignIn, Sample.Resident(4)),
        (Sample.Resident(5), BallotChannel.SignIn, Sample.Resident(5)),
        (Batch(1), BallotChannel.LetterCode, Batch(1)),
        (Batch(2), BallotChannel.LetterCode, Batch(2)),
    ];

    private static readonly Lazy<RoundScenario> Opened = new(() =>
    {
        var scenario = RoundScenario.InReview(null, 5_000, 6_000, 7_000);
        scenario.Do(new ImportVoterRegister(
            Sample.Coordinator,
            [Sample.Resident(1), Sample.Resident(2), Sample.Resident(3), Sample.Resident(4)],
            [new CodeBinding(Letter(1), Sample.Resident(1)), new CodeBinding(Letter(2), Sample.Resident(2)), new CodeBinding(Letter(3), Sample.Resident(3)), new CodeBinding(Letter(33), Sample.Resident(3))]));
        scenario.Do(new IssueVotingCodes(Sample.Coordinator, [Batch(1), Batch(2)]));
        for (var proposal = 1; proposal <= 3; proposal++)
        {
            scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(proposal), Money.FromEuros(4_000 + (1_000 * proposal)), null));
        }

        scenario.Do(new OpenVoting(Sample.Coordinator));
        return scenario;
    });

    /// <summary>A cast: a credential and a subset of the three proposals (every subset fits the budget; the empty one is
    /// a blank ballot).</summary>
    private static readonly Gen<(int Credential, int Proposals)> Cast =
        from credential in Gen.Choose(0, Credentials.Length - 1)
        from proposals in Gen.Choose(0, 7)
        select (credential, proposals);

    [Fact]
    public void Each_person_is_counted_once_with_their_last_ballot_whatever_the_channels()
    {
        Prop.ForAll(Gen.ArrayOf(Cast).Resize(60).ToArbitrary(), casts => Holds(casts))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Interleavings));
    }

    [Fact]
    public void The_generated_interleavings_switch_channels_often()
    {
        // The property is only as good as its data: it must exercise a person's ballot replaced through another channel.
        var switches = Gen.ArrayOf(Cast).Resize(60).Sample(30, new Rnd(20_261_205), 50)
            .Sum(casts => Play(casts).State.Channels.Channels.Sum(count => count.ReplacedByOtherChannel));

        Assert.True(switches > 100, $"Only {switches} channel switches were generated.");
    }

    private static bool Holds((int Credential, int Proposals)[] casts)
    {
        var (state, history) = Play(casts);
        var last = new Dictionary<ParticipantKey, (BallotChannel Channel, ImmutableArray<BallotChoice> Choices)>();
        var switches = new Dictionary<BallotChannel, long>();
        foreach (var (credential, proposals) in casts)
        {
            var (_, channel, person) = Credentials[credential];
            if (last.TryGetValue(person, out var before) && before.Channel != channel)
            {
                switches[before.Channel] = switches.GetValueOrDefault(before.Channel) + 1;
            }

            last[person] = (channel, Choices(proposals));
        }

        Assert.Equal(last.Keys.OrderBy(k => k.Value), state.Ballots.Keys.OrderBy(k => k.Value));
        foreach (var (person, expected) in last)
        {
            var ballot = state.Ballots[person];
            Assert.Equal(expected.Channel, ballot.Channel);
            Assert.Equal(expected.Choices.ToArray(), ballot.Choices.ToArray());
        }

        Assert.Equal(Tally.Recount(state.BallotOptions, state.Ballots.Values), state.Tally);
        Assert.Equal(last.Count, state.Tally.Turnout);
        Assert.Equal(last.Count, state.Channels.Counted);
        foreach (var channel in Enum.GetValues<BallotChannel>())
        {
            Assert.Equal(last.Values.Count(v => v.Channel == channel), state.Channels.For(channel).Counted);
            Assert.Equal(switches.GetValueOrDefault(channel), state.Channels.For(channel).ReplacedByOtherChannel);
        }

        Assert.DoesNotContain(state.Ballots.Keys, state.CodeHolders.ContainsKey);
        var replay = LogReplay.Replay(state.Id, LogReplayTests.Logged(history));
        Assert.True(replay.IsValid, replay.ToString());
        Assert.Equal(state.Channels, replay.State.Channels);
        return true;
    }

    private static (RoundState State, List<RoundEvent> History) Play((int Credential, int Proposals)[] casts)
    {
        var state = Opened.Value.State;
        var history = Opened.Value.History.ToList();
        var at = Opened.Value.Now;
        foreach (var (credential, proposals) in casts)
        {
            at = at.AddMinutes(1);
            var (key, channel, _) = Credentials[credential];
            var decision = BudgetRound.Decide(state, new CastBallot(key, Choices(proposals), channel), at);
            Assert.True(decision.IsAccepted, decision.Error?.ToString());
            foreach (var roundEvent in decision.Events)
            {
                state = state.Apply(roundEvent);
                history.Add(roundEvent);
            }
        }

        return (state, history);
    }

    private static ImmutableArray<BallotChoice> Choices(int proposals) =>
        [.. Enumerable.Range(1, 3).Where(p => (proposals & (1 << (p - 1))) != 0).Select(p => new BallotChoice(new ProposalId(p)))];

    private static ParticipantKey Letter(int person) => new($"letter-code-{person:D4}");

    private static ParticipantKey Batch(int number) => new($"batch-code-{number:D4}");
}
