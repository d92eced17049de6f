using System.Collections.Immutable;
using System.Text.Json;
using Buurtbudget.CrashTrials.Trials;
using Buurtbudget.CrashTrials.Voting;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.CrashTrials.Tests.Trials;

/// <summary>The judgement the crash trials rest on, over crafted evidence: it must pass a consistent outcome, accept
/// either fate of a ballot in flight, and find every kind of loss and double count.</summary>
public sealed class TrialVerdictTests
{
    private static readonly int[] OneTwo = [1, 2];
    private static readonly int[] Three = [3];
    private static readonly int[] TwoThree = [2, 3];

    [Fact]
    public void Consistent_evidence_passes()
    {
        var anne = Plan("anne", OneTwo, Three);
        anne.Acknowledge(0, 1);
        anne.Acknowledge(1, 2);
        var bram = Plan("bram", TwoThree);
        bram.Acknowledge(0, 1);

        var verdict = Judge([anne, bram], [Stored(2, Three), Stored(1, TwoThree)]);

        Assert.Empty(verdict.Problems);
        Assert.Equal(0, verdict.Lost);
        Assert.Equal(0, verdict.Duplicated);
        Assert.True(verdict.ChainValid);
    }

    [Fact]
    public void A_ballot_in_flight_at_the_kill_may_have_landed_or_not()
    {
        var landed = Plan("anne", OneTwo, Three);
        landed.Acknowledge(0, 1);
        landed.LeaveUnconfirmed(1);
        var notLanded = Plan("bram", TwoThree, OneTwo);
        notLanded.Acknowledge(0, 1);
        notLanded.LeaveUnconfirmed(1);
        var firstNotLanded = Plan("cor", Three);
        firstNotLanded.LeaveUnconfirmed(0);

        var verdict = Judge([landed, notLanded, firstNotLanded], [Stored(2, Three), Stored(1, TwoThree), null]);

        Assert.Empty(verdict.Problems);
        Assert.Equal(1, verdict.UnconfirmedLanded);
        Assert.Equal(0, verdict.Lost);
        Assert.Equal(0, verdict.Duplicated);
    }

    [Fact]
    public void A_missing_acknowledged_ballot_is_lost()
    {
        var anne = Plan("anne", OneTwo);
        anne.Acknowledge(0, 1);
        var bram = Plan("bram", TwoThree);
        bram.Acknowledge(0, 1);

        var verdict = Judge([anne, bram], [Stored(1, OneTwo), null]);

        Assert.Equal(1, verdict.Lost);
        Assert.Contains(verdict.Problems, p => p.Contains("bram's acknowledged ballot 1 is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledged_replacement_rolled_back_to_the_earlier_ballot_is_lost()
    {
        var anne = Plan("anne", OneTwo, Three);
        anne.Acknowledge(0, 1);
        anne.Acknowledge(1, 2);

        var verdict = Judge([anne], [Stored(1, OneTwo)]);

        Assert.Equal(1, verdict.Lost);
        Assert.Equal(0, verdict.Duplicated);
    }

    [Fact]
    public void A_revision_no_request_could_have_made_is_a_duplicate()
    {
        var anne = Plan("anne", OneTwo);
        anne.Acknowledge(0, 1);

        // The same ballot applied twice shows as revision 2 with the same choices.
        var verdict = Judge([anne], [Stored(2, OneTwo)], ballotEvents: 2);

        Assert.True(verdict.Duplicated >= 1);
    }

    [Fact]
    public void A_second_cast_event_for_one_resident_is_a_duplicate_even_when_the_ballots_look_right()
    {
        var anne = Plan("anne", OneTwo);
        anne.Acknowledge(0, 1);
        var events = ImmutableArray.Create(Event(1, "ballot-cast", "v-anne"), Event(2, "ballot-cast", "v-anne"));

        var verdict = TrialVerdict.Judge([anne], [Stored(1, OneTwo)], Tally([Stored(1, OneTwo)]), new EventLogAnswer(2, true, null, events));

        Assert.Equal(1, verdict.Duplicated);
        Assert.Equal(0, verdict.Lost);
    }

    [Fact]
    public void A_tally_above_the_stored_ballots_is_a_duplicate_and_below_them_a_loss()
    {
        var anne = Plan("anne", OneTwo);
        anne.Acknowledge(0, 1);
        BallotAnswer?[] stored = [Stored(1, OneTwo)];
        var log = Log(stored);

        var over = TrialVerdict.Judge([anne], stored, new TallyAnswer("voting", 2, [new(1, 2), new(2, 2), new(3, 0)]), log);
        var under = TrialVerdict.Judge([anne], stored, new TallyAnswer("voting", 0, [new(1, 0), new(2, 0), new(3, 0)]), log);

        Assert.Equal((0, 1), (over.Lost, over.Duplicated));
        Assert.Equal((1, 0), (under.Lost, under.Duplicated));
    }

    [Fact]
    public void A_broken_chain_is_reported()
    {
        var anne = Plan("anne", OneTwo);
        anne.Acknowledge(0, 1);
        BallotAnswer?[] stored = [Stored(1, OneTwo)];

        var verdict = TrialVerdict.Judge([anne], stored, Tally(stored), Log(stored) with { ChainValid = false, ChainError = "event 7: hash mismatch" });

        Assert.False(verdict.ChainValid);
        Assert.Contains(verdict.Problems, p => p.Contains("hash mismatch", StringComparison.Ordinal));
    }

    private static ResidentPlan Plan(string subject, params int[][] attempts) =>
        new(subject, [.. attempts.Select(a => a.ToImmutableArray())]);

    private static BallotAnswer Stored(int revision, int[] proposals) =>
        new(true, revision, [.. proposals.Select(p => new ChoiceAnswer(p))]);

    /// <summary>Judged against a tally and log that agree with the stored ballots, so only the residents' evidence
    /// decides; <paramref name="ballotEvents"/> overrides how many ballot events the log holds.</summary>
    private static TrialVerdict Judge(ResidentPlan[] plans, BallotAnswer?[] stored, int? ballotEvents = null) =>
        TrialVerdict.Judge(plans, stored, Tally(stored), Log(stored, ballotEvents));

    private static TallyAnswer Tally(BallotAnswer?[] stored)
    {
        var ballots = stored.OfType<BallotAnswer>().ToList();
        return new TallyAnswer(
            "voting",
            ballots.Count,
            [.. Enumerable.Range(1, 3).Select(p => new ProposalTallyAnswer(p, ballots.Count(b => b.Choices.Any(c => c.ProposalId == p))))]);
    }

    /// <summary>One ballot-cast per stored ballot and a ballot-replaced per later revision, as the round writes them.</summary>
    private static EventLogAnswer Log(BallotAnswer?[] stored, int? ballotEvents = null)
    {
        var events = new List<EventAnswer>();
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] is not { } ballot)
            {
                continue;
            }

            var revisions = ballotEvents ?? ballot.Revision;
            for (var revision = 1; revision <= revisions; revision++)
            {
                events.Add(Event(events.Count + 1, revision == 1 ? "ballot-cast" : "ballot-replaced", $"v-{i}"));
            }
        }

        return new EventLogAnswer(events.Count, true, null, events);
    }

    private static EventAnswer Event(long sequence, string type, string voter)
    {
        using var payload = JsonDocument.Parse(JsonSerializer.Serialize(new { voter }));
        return new EventAnswer(sequence, type, payload.RootElement.Clone());
    }
}
