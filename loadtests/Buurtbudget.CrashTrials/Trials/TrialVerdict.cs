using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.CrashTrials.Voting;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>What a trial's evidence says: the residents' plans with their answers from before the kill, and what the
/// restarted node reports (each resident's stored ballot, the tally, the event log). Pure, so that the judgement
/// itself is tested: a harness that could never find a lost vote would prove nothing.</summary>
/// <param name="Lost">Acknowledged ballots that are not what is stored and counted, and ballots the counts miss.</param>
/// <param name="Duplicated">Ballots counted more than once, or revisions that no request could have made.</param>
/// <param name="UnconfirmedLanded">Ballots without an answer (in flight at the kill) that were found stored.</param>
public sealed record TrialVerdict(int Lost, int Duplicated, int UnconfirmedLanded, bool ChainValid, ImmutableArray<string> Problems)
{
    public static TrialVerdict Judge(IReadOnlyList<ResidentPlan> plans, IReadOnlyList<BallotAnswer?> stored, TallyAnswer tally, EventLogAnswer log)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(log);
        if (plans.Count != stored.Count)
        {
            throw new ArgumentException("One stored ballot (or none) per resident plan.", nameof(stored));
        }

        var problems = ImmutableArray.CreateBuilder<string>();
        var (lost, duplicated, unconfirmedLanded) = JudgeResidents(plans, stored, problems);
        var ballots = stored.OfType<BallotAnswer>().ToList();
        var (tallyLost, tallyDuplicated) = JudgeTally(ballots, tally, problems);
        var (logLost, logDuplicated) = JudgeEventLog(ballots, log, problems);
        return new TrialVerdict(
            lost + tallyLost + logLost,
            duplicated + tallyDuplicated + logDuplicated,
            unconfirmedLanded,
            log.ChainValid,
            problems.ToImmutable());
    }

    /// <summary>Each resident's stored ballot must be their last acknowledged one, or the attempt after it that had
    /// no answer (it may or may not have landed); a resident with nothing acknowledged may have nothing stored.</summary>
    private static (int Lost, int Duplicated, int UnconfirmedLanded) JudgeResidents(
        IReadOnlyList<ResidentPlan> plans, IReadOnlyList<BallotAnswer?> stored, ImmutableArray<string>.Builder problems)
    {
        var lost = 0;
        var duplicated = 0;
        var unconfirmedLanded = 0;
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var last = plan.LastAcknowledged;
            var unconfirmed = plan.Unconfirmed;
            for (var attempt = 0; attempt <= last; attempt++)
            {
                // Each acknowledged replacement must have been answered as the next revision; anything else means
                // the round counted some ballot of this resident twice (or lost one) while the node was running.
                if (plan.AcknowledgedRevision(attempt) != attempt + 1)
                {
                    problems.Add(Text($"{plan.Subject}'s ballot {attempt + 1} was acknowledged as revision {plan.AcknowledgedRevision(attempt)}"));
                    duplicated++;
                }
            }

            if (stored[i] is not { } ballot)
            {
                if (last >= 0)
                {
                    lost++;
                    problems.Add(Text($"{plan.Subject}'s acknowledged ballot {last + 1} is missing after the restart"));
                }

                continue;
            }

            var landed = Landed(plan, ballot);
            if (landed >= 0 && landed == last)
            {
                continue;
            }

            if (landed >= 0 && landed == unconfirmed)
            {
                unconfirmedLanded++;
                continue;
            }

            var couldHaveLanded = (unconfirmed >= 0 ? unconfirmed : last) + 1;
            if (ballot.Revision > couldHaveLanded)
            {
                duplicated++;
                problems.Add(Text($"{plan.Subject}'s stored ballot is revision {ballot.Revision}, but at most {couldHaveLanded} of their ballots could have landed"));
            }
            else
            {
                lost++;
                problems.Add(last >= 0
                    ? Text($"{plan.Subject}'s stored ballot (revision {ballot.Revision}) is not their last acknowledged ballot {last + 1}")
                    : Text($"{plan.Subject} has a stored ballot (revision {ballot.Revision}) that matches none of their ballots"));
            }
        }

        return (lost, duplicated, unconfirmedLanded);
    }

    /// <summary>The attempt whose ballot is stored: the same proposals and the revision that attempt makes when it
    /// lands (attempt n lands as revision n, since a resident's ballots are sent one after the other). -1 if none.</summary>
    private static int Landed(ResidentPlan plan, BallotAnswer ballot)
    {
        var attempt = ballot.Revision - 1;
        if (attempt < 0 || attempt >= plan.Attempts.Length)
        {
            return -1;
        }

        var chosen = ballot.Choices.Select(c => c.ProposalId).Order();
        return chosen.SequenceEqual(plan.Attempts[attempt].Order()) ? attempt : -1;
    }

    /// <summary>The tally must count exactly the stored ballots: turnout is the number of residents with a stored
    /// ballot, and each proposal's voters are a recount of those ballots.</summary>
    private static (int Lost, int Duplicated) JudgeTally(List<BallotAnswer> ballots, TallyAnswer tally, ImmutableArray<string>.Builder problems)
    {
        var over = tally.Turnout - ballots.Count;
        if (over != 0)
        {
            problems.Add(Text($"turnout is {tally.Turnout}, but {ballots.Count} residents have a stored ballot"));
        }

        foreach (var proposal in tally.Proposals)
        {
            var recount = ballots.Count(b => b.Choices.Any(c => c.ProposalId == proposal.ProposalId));
            var difference = proposal.Voters - recount;
            if (difference != 0)
            {
                problems.Add(Text($"proposal {proposal.ProposalId} has {proposal.Voters} voters in the tally, {recount} in a recount of the stored ballots"));
            }

            // The largest difference over the turnout and every proposal: one ballot counted twice shows in both.
            over = Math.Abs(difference) > Math.Abs(over) ? difference : over;
        }

        return ((int)Math.Max(0, -over), (int)Math.Max(0, over));
    }

    /// <summary>The event log must verify, hold one cast per resident with a ballot, and exactly as many ballot
    /// events as the stored revisions add up to (each landed ballot is one event, no more).</summary>
    private static (int Lost, int Duplicated) JudgeEventLog(List<BallotAnswer> ballots, EventLogAnswer log, ImmutableArray<string>.Builder problems)
    {
        if (!log.ChainValid)
        {
            problems.Add($"the event log's hash chain does not verify: {log.ChainError}");
        }

        var casts = log.Events
            .Where(e => string.Equals(e.Type, "ballot-cast", StringComparison.Ordinal))
            .GroupBy(e => e.Payload.GetProperty("voter").GetString(), StringComparer.Ordinal)
            .ToList();
        var duplicated = casts.Sum(g => g.Count() - 1);
        if (duplicated > 0)
        {
            problems.Add(Text($"{casts.Count(g => g.Count() > 1)} residents have more than one ballot-cast event"));
        }

        var lost = 0;
        if (casts.Count != ballots.Count)
        {
            problems.Add(Text($"{casts.Count} residents cast a ballot in the event log, {ballots.Count} have one stored"));
            lost += Math.Max(0, ballots.Count - casts.Count);
        }

        var ballotEvents = log.Events.Count(e => e.Type is "ballot-cast" or "ballot-replaced");
        var revisions = ballots.Sum(b => b.Revision);
        if (ballotEvents != revisions)
        {
            problems.Add(Text($"the event log holds {ballotEvents} ballot events, the stored ballots' revisions add up to {revisions}"));

            // A second cast of one resident also shows here as an extra event: count it once.
            duplicated = Math.Max(duplicated, ballotEvents - revisions);
            lost += Math.Max(0, revisions - ballotEvents);
        }

        return (lost, duplicated);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
