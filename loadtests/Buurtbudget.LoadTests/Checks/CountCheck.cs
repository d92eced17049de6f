using System.Globalization;
using Buurtbudget.LoadTesting.Voting;
using Buurtbudget.LoadTests.Engine;
using Buurtbudget.LoadTests.Residents;

namespace Buurtbudget.LoadTests.Checks;

/// <summary>After a write run: is every acknowledged ballot counted exactly once?</summary>
/// <param name="Acknowledged">Ballots the platform answered 200 to in the run.</param>
/// <param name="Counted">Ballot events the run added to the log, less those of ballots still in flight when wrk
/// stopped (read back as their residents to see whether they landed).</param>
public sealed record CountVerdict(long Acknowledged, long Counted, long Lost, long Duplicated, IReadOnlyList<string> Problems)
{
    public bool Correct => Problems.Count == 0;
}

public static class CountCheck
{
    /// <summary>Takes over the acknowledged ballots from <paramref name="stateFile"/> into <paramref name="ballots"/>,
    /// resolves the ballots in flight, and compares the live tally (as a coordinator reads it), per proposal, and the
    /// event log (as an auditor reads it, chain verified) with them.</summary>
    public static async Task<CountVerdict> CheckAsync(
        BuurtbudgetClient client, RoundBallots ballots, WrkResult result, string stateFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ballots);
        ArgumentNullException.ThrowIfNull(result);
        var problems = new List<string>();
        ballots.Read(stateFile);

        // The shared shape does not know whose ballots were answered (see scenarios.lua): every resident whose ballot
        // was sent is read back. Each was sent exactly one ballot (a first ballot), so the acknowledged ones are among
        // those that landed, and each that landed added exactly one event.
        var unresolved = ballots.Unresolved().ToList();
        var stored = new int[unresolved.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, unresolved.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) => stored[i] = SubsetOf(await client.GetBallotAsync(ballots.Round, Population.Subject(unresolved[i].Resident), token)));
        long sentLanded = 0;
        for (var i = 0; i < unresolved.Count; i++)
        {
            var (resident, sent) = unresolved[i];
            if (stored[i] == sent)
            {
                sentLanded++;
            }
            else if (stored[i] != 0)
            {
                problems.Add(Text($"resident {resident} has subset {stored[i]}, but was sent only {sent}"));
            }

            ballots[resident] = stored[i];
        }

        long landed = 0;
        foreach (var write in result.InFlight)
        {
            var subset = SubsetOf(await client.GetBallotAsync(ballots.Round, Population.Subject(write.Resident), cancellationToken));
            if (subset == write.Subset && ballots[write.Resident] != write.Subset)
            {
                landed++;
            }
            else if (subset != ballots[write.Resident])
            {
                problems.Add(Text($"resident {write.Resident} has subset {subset}: neither the acknowledged {ballots[write.Resident]} nor the one in flight ({write.Subset})"));
            }

            ballots[write.Resident] = subset;
        }

        var tally = await client.GetTallyAsync(ballots.Round, cancellationToken);
        if (tally.Turnout != ballots.Turnout)
        {
            problems.Add(Text($"the tally's turnout is {tally.Turnout}, the acknowledged ballots are {ballots.Turnout}"));
        }

        var counted = tally.Proposals.ToDictionary(p => p.ProposalId, p => p.Voters);
        foreach (var (proposal, expected) in ballots.ExpectedVoters())
        {
            var actual = counted.GetValueOrDefault(proposal);
            if (actual != expected)
            {
                problems.Add(Text($"proposal {proposal} has {actual} voters in the tally, {expected} by the acknowledged ballots"));
            }
        }

        var log = await client.GetEventLogAsync(ballots.Round, cancellationToken);
        if (!log.ChainValid)
        {
            problems.Add($"the event log's hash chain does not verify: {log.ChainError}");
        }

        var ballotEvents = log.Events.LongCount(e => e.Type is "ballot-cast" or "ballot-replaced");
        var added = ballotEvents - ballots.BallotEvents - landed;
        ballots.BallotEvents = ballotEvents;
        long lost, duplicated;
        if (unresolved.Count > 0)
        {
            // Shared shape: every acknowledged ballot must have landed, and every landed ballot added one event.
            lost = Math.Max(0, result.Acknowledged - sentLanded);
            duplicated = Math.Max(0, added - sentLanded);
            if (lost > 0 || duplicated > 0)
            {
                problems.Add(Text($"{result.Acknowledged} ballots acknowledged, {sentLanded} of the sent ones found stored, {added} ballot events added"));
            }
        }
        else
        {
            lost = Math.Max(0, result.Acknowledged - added);
            duplicated = Math.Max(0, added - result.Acknowledged);
            if (lost > 0 || duplicated > 0)
            {
                problems.Add(Text($"{result.Acknowledged} ballots acknowledged, {added} ballot events added"));
            }
        }

        if (result.Status5xx > 0)
        {
            problems.Add(Text($"{result.Status5xx} requests failed with a 5xx"));
        }

        return new CountVerdict(result.Acknowledged, added, lost, duplicated, problems);
    }

    private static int SubsetOf(BallotAnswer? ballot) =>
        ballot is null ? 0 : ballot.Choices.Select(c => c.ProposalId).FirstOrDefault(p => p != RoundBallots.SharedProposal);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
