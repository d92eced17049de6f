using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Buurtbudget.CrashTrials.Nodes;
using Buurtbudget.CrashTrials.Voting;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>One trial: a node on fresh data, a round in voting, residents voting concurrently, <c>kill -9</c> at a
/// random instant, a restart on the same data, and a check over HTTP that every acknowledged ballot is stored and
/// counted exactly once.</summary>
internal sealed class CrashTrial
{
    private readonly CrashTrialOptions _options;
    private readonly int _number;
    private readonly Random _random;
    private readonly DevelopmentTokenIssuer _issuer;
    private readonly ConcurrentDictionary<(string Subject, Role Role), string> _tokens;

    /// <param name="tokens">Signed tokens, shared by the trials of a run: the same residents vote in each trial's
    /// own round, and signing thousands of tokens would otherwise cost each trial more than its vote.</param>
    public CrashTrial(
        CrashTrialOptions options,
        int number,
        Random random,
        DevelopmentTokenIssuer issuer,
        ConcurrentDictionary<(string Subject, Role Role), string> tokens)
    {
        _tokens = tokens;
        _options = options;
        _number = number;
        _random = random;
        _issuer = issuer;
    }

    /// <summary>Runs the trial on <paramref name="running"/> (a node the previous trial restarted on the same data),
    /// or on a node started now. Returns the restarted node, which the caller disposes or hands to the next trial.</summary>
    public async Task<(TrialResult Result, ApiNode Restarted)> RunAsync(ApiNodeSettings settings, ApiNode? running, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var plans = ResidentPlan.Many("bewoner", _options.Residents, _options.Proposals, _random);
        var planned = plans.Sum(p => p.Attempts.Length);
        var killAfter = _random.Next(0, (int)Math.Floor(planned * _options.LatestKill) + 1);

        string round;
        int killedAt;
        var refusals = new ConcurrentQueue<string>();
        await using (var node = running ?? await ApiNode.StartAsync(settings, _options.NodeStartTimeout, cancellationToken))
        {
            using var client = new BuurtbudgetClient(node.BaseAddress, _issuer, _options.Concurrency, _tokens);
            round = await client.PrepareRoundInVotingAsync(_options.Proposals, cancellationToken);

            // Signed before the vote starts, so that signing does not slow the voting down or shift the kill.
            client.SignResidentTokens(plans.Select(p => p.Subject));
            killedAt = await VoteAndKillAsync(node, client, round, plans, killAfter, refusals, cancellationToken);
        }

        var restarted = await ApiNode.StartAsync(settings, _options.NodeStartTimeout, cancellationToken);
        try
        {
            using var verifier = new BuurtbudgetClient(restarted.BaseAddress, _issuer, _options.Concurrency, _tokens);
            return (await VerifyAsync(verifier, round, plans, killedAt, refusals, started, cancellationToken), restarted);
        }
        catch
        {
            await restarted.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns how many ballots were acknowledged when the kill was sent.</summary>
    private async Task<int> VoteAndKillAsync(
        ApiNode node,
        BuurtbudgetClient client,
        string round,
        ImmutableArray<ResidentPlan> plans,
        int killAfter,
        ConcurrentQueue<string> refusals,
        CancellationToken cancellationToken)
    {
        // Residents wait in a queue; after an acknowledged ballot, a resident who will replace it goes to the back,
        // so that replacements are spread over the vote. A resident is never in the queue and in flight at once:
        // each resident has at most one ballot in flight, so "their last acknowledged ballot" is well defined.
        var queue = new ConcurrentQueue<ResidentPlan>(plans);
        var unfinished = plans.Length;
        var acknowledged = 0;
        var stop = false;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (killAfter == 0)
        {
            killNow.TrySetResult();
        }

        async Task WorkAsync()
        {
            while (!Volatile.Read(ref stop) && Volatile.Read(ref unfinished) > 0)
            {
                if (!queue.TryDequeue(out var plan))
                {
                    // Everyone left is in flight; one of them may come back with a replacement.
                    await Task.Delay(1, cancellationToken);
                    continue;
                }

                var attempt = plan.NextAttempt;
                var again = false;
                try
                {
                    var (saved, status) = await client.CastBallotAsync(round, plan.Subject, plan.Attempts[attempt], cancellationToken);
                    if (saved is not null)
                    {
                        plan.Acknowledge(attempt, saved.Revision);
                        again = plan.NextAttempt >= 0;
                        if (Interlocked.Increment(ref acknowledged) >= killAfter)
                        {
                            killNow.TrySetResult();
                        }
                    }
                    else
                    {
                        plan.LeaveUnconfirmed(attempt);
                        if ((int)status is >= 400 and < 500)
                        {
                            // Every planned ballot is valid: a refusal means the trial's setup is wrong.
                            refusals.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{plan.Subject}'s ballot {attempt + 1} was refused with {(int)status}"));
                        }
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException
                    || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // No answer: the node died with the ballot in flight (or it timed out). It may have landed.
                    plan.LeaveUnconfirmed(attempt);
                }

                if (again)
                {
                    queue.Enqueue(plan);
                }
                else
                {
                    Interlocked.Decrement(ref unfinished);
                }
            }
        }

        var workers = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(WorkAsync, cancellationToken)).ToArray();
        var allDone = Task.WhenAll(workers);
        await Task.WhenAny(killNow.Task, allDone);

        // A little later still, so the kill does not always fall right after an answer but also inside a turn.
        var jitter = _random.Next(0, 3);
        if (jitter > 0)
        {
            await Task.Delay(jitter, cancellationToken);
        }

        Volatile.Write(ref stop, true);
        var killedAt = Volatile.Read(ref acknowledged);
        await node.KillAsync();
        await allDone;
        return killedAt;
    }

    private async Task<TrialResult> VerifyAsync(
        BuurtbudgetClient client,
        string round,
        ImmutableArray<ResidentPlan> plans,
        int killedAt,
        ConcurrentQueue<string> refusals,
        Stopwatch started,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>(refusals);
        var stored = new BallotAnswer?[plans.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, token) => stored[i] = await client.GetBallotAsync(round, plans[i].Subject, token));

        var lost = 0;
        var duplicated = 0;
        var unconfirmedLanded = 0;
        for (var i = 0; i < plans.Length; i++)
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
                    problems.Add($"{plan.Subject}'s ballot {attempt + 1} was acknowledged as revision {plan.AcknowledgedRevision(attempt)}");
                    duplicated++;
                }
            }

            if (stored[i] is not { } ballot)
            {
                if (last >= 0)
                {
                    lost++;
                    problems.Add($"{plan.Subject}'s acknowledged ballot {last + 1} is missing after the restart");
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
                problems.Add($"{plan.Subject}'s stored ballot is revision {ballot.Revision}, but at most {couldHaveLanded} of their ballots could have landed");
            }
            else
            {
                lost++;
                problems.Add(last >= 0
                    ? $"{plan.Subject}'s stored ballot (revision {ballot.Revision}) is not their last acknowledged ballot {last + 1}"
                    : $"{plan.Subject} has a stored ballot (revision {ballot.Revision}) that matches none of their ballots");
            }
        }

        var (tallyLost, tallyDuplicated, turnout) = await CheckTallyAsync(client, round, stored, problems, cancellationToken);
        var (logLost, logDuplicated, events, chainValid) = await CheckEventLogAsync(client, round, stored, problems, cancellationToken);

        return new TrialResult(
            _number,
            plans.Length,
            plans.Sum(p => Enumerable.Range(0, p.Attempts.Length).Count(a => p.Outcome(a) != AttemptOutcome.NotSent)),
            plans.Sum(p => p.AcknowledgedCount),
            plans.Count(p => p.Unconfirmed >= 0),
            unconfirmedLanded,
            killedAt,
            turnout,
            events,
            chainValid,
            lost + tallyLost + logLost,
            duplicated + tallyDuplicated + logDuplicated,
            problems,
            started.Elapsed);
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
    private static async Task<(int Lost, int Duplicated, long Turnout)> CheckTallyAsync(
        BuurtbudgetClient client, string round, BallotAnswer?[] stored, List<string> problems, CancellationToken cancellationToken)
    {
        var tally = await client.GetTallyAsync(round, cancellationToken);
        var ballots = stored.OfType<BallotAnswer>().ToList();
        var over = tally.Turnout - ballots.Count;
        if (over != 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"turnout is {tally.Turnout}, but {ballots.Count} residents have a stored ballot"));
        }

        foreach (var proposal in tally.Proposals)
        {
            var recount = ballots.Count(b => b.Choices.Any(c => c.ProposalId == proposal.ProposalId));
            var difference = proposal.Voters - recount;
            if (difference != 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"proposal {proposal.ProposalId} has {proposal.Voters} voters in the tally, {recount} in a recount of the stored ballots"));
            }

            // The largest difference over the turnout and every proposal: one ballot counted twice shows in both.
            over = Math.Abs(difference) > Math.Abs(over) ? difference : over;
        }

        return ((int)Math.Max(0, -over), (int)Math.Max(0, over), tally.Turnout);
    }

    /// <summary>The event log must verify, hold one cast per resident with a ballot, and exactly as many ballot
    /// events as the stored revisions add up to (each landed ballot is one event, no more).</summary>
    private static async Task<(int Lost, int Duplicated, long Events, bool ChainValid)> CheckEventLogAsync(
        BuurtbudgetClient client, string round, BallotAnswer?[] stored, List<string> problems, CancellationToken cancellationToken)
    {
        var log = await client.GetEventLogAsync(round, cancellationToken);
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
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{casts.Count(g => g.Count() > 1)} residents have more than one ballot-cast event"));
        }

        var ballots = stored.OfType<BallotAnswer>().ToList();
        var lost = 0;
        if (casts.Count != ballots.Count)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{casts.Count} residents cast a ballot in the event log, {ballots.Count} have one stored"));
            lost += Math.Max(0, ballots.Count - casts.Count);
        }

        var ballotEvents = log.Events.Count(e => e.Type is "ballot-cast" or "ballot-replaced");
        var revisions = ballots.Sum(b => b.Revision);
        if (ballotEvents != revisions)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the event log holds {ballotEvents} ballot events, the stored ballots' revisions add up to {revisions}"));
            // A second cast of one resident also shows here as an extra event: count it once.
            duplicated = Math.Max(duplicated, ballotEvents - revisions);
            lost += Math.Max(0, revisions - ballotEvents);
        }

        return (lost, duplicated, log.LastSequence, log.ChainValid);
    }
}
