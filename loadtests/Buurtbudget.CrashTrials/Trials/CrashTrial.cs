using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Buurtbudget.CrashTrials.Voting;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>One trial: a node on fresh data, a round in voting, residents voting concurrently, <c>kill -9</c> at a
/// random instant, a restart on the same data, and a check over HTTP that every acknowledged ballot is stored and
/// counted exactly once.</summary>
internal sealed class CrashTrial
{
    /// <summary>Between a failed attempt and its retry: a client's short pause, short against the seconds a dead
    /// silo takes to be declared dead, so the unavailability measured is the cluster's and not the pause's.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

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
        var killAfter = KillAfter(plans);

        string round;
        Vote vote;
        var refusals = new ConcurrentQueue<string>();
        await using (var node = running ?? await ApiNode.StartAsync(settings, _options.NodeStartTimeout, cancellationToken))
        {
            using var client = new BuurtbudgetClient(node.BaseAddress, _issuer, _options.Concurrency, _tokens);
            round = await client.PrepareRoundInVotingAsync(_options.Proposals, cancellationToken);

            // Signed before the vote starts, so that signing does not slow the voting down or shift the kill.
            client.SignResidentTokens(plans.Select(p => p.Subject));
            vote = await VoteAsync(client, round, plans, killAfter, node.KillAsync, afterKill: null, refusals, cancellationToken);
        }

        var restarted = await ApiNode.StartAsync(settings, _options.NodeStartTimeout, cancellationToken);
        try
        {
            using var verifier = new BuurtbudgetClient(restarted.BaseAddress, _issuer, _options.Concurrency, _tokens);
            return (await VerifyAsync(verifier, round, plans, vote, refusals, started, killedNode: null, cancellationToken), restarted);
        }
        catch
        {
            await restarted.DisposeAsync();
            throw;
        }
    }

    /// <summary>A silo-kill trial: residents vote through the proxy in front of <paramref name="cluster"/>; at a
    /// random instant a random node is killed, and the residents go on voting, retrying through the proxy what got
    /// no answer, as a real client would. Once a ballot is acknowledged again (Orleans has moved what it needed) the
    /// node is restarted on its own settings while the vote goes on. Then the cluster is checked through the proxy.
    /// The cluster is left with every node running, for the next trial.</summary>
    public async Task<TrialResult> RunInClusterAsync(TrialCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var started = Stopwatch.StartNew();
        var plans = ResidentPlan.Many("bewoner", _options.Residents, _options.Proposals, _random);
        var killAfter = KillAfter(plans);
        var victim = _random.Next(cluster.Nodes);
        var refusals = new ConcurrentQueue<string>();

        using var client = new BuurtbudgetClient(cluster.BaseAddress, _issuer, _options.Concurrency, _tokens);
        var round = await client.PrepareRoundInVotingAsync(_options.Proposals, cancellationToken);
        client.SignResidentTokens(plans.Select(p => p.Subject));
        var vote = await VoteAsync(
            client,
            round,
            plans,
            killAfter,
            () => cluster.KillAsync(victim),
            recovered => RestartAfterAsync(cluster, victim, recovered, _options.StallLimit, cancellationToken),
            refusals,
            cancellationToken);
        return await VerifyAsync(client, round, plans, vote, refusals, started, victim, cancellationToken);
    }

    /// <summary>Restarts the killed node once the survivors have declared it dead and acknowledge ballots sent after
    /// the kill (or the vote is over): the survivors alone must take over its rounds, and the rejoin then happens
    /// while residents may still vote.</summary>
    private static async Task RestartAfterAsync(TrialCluster cluster, int victim, Task recovered, TimeSpan limit, CancellationToken cancellationToken)
    {
        await cluster.WaitUntilDeclaredDeadAsync(victim, limit, cancellationToken);
        await recovered;
        await cluster.StartNodeAsync(victim, cancellationToken);
    }

    /// <summary>The kill falls once this many ballots are acknowledged: anywhere from before the first ballot to
    /// <see cref="CrashTrialOptions.LatestKill"/> of the planned ones.</summary>
    private int KillAfter(ImmutableArray<ResidentPlan> plans)
    {
        var planned = plans.Sum(p => p.Attempts.Length);
        return _random.Next(0, (int)Math.Floor(planned * _options.LatestKill) + 1);
    }

    /// <summary>What the vote saw: how many ballots were acknowledged when the kill was sent, how many attempts were
    /// sent again, and the longest stretch without an acknowledgement.</summary>
    private sealed record Vote(int KilledAt, IReadOnlyDictionary<string, int> Retries, TimeSpan LongestUnavailability, bool Stalled);

    /// <param name="kill">Kills the node (or one node of the cluster).</param>
    /// <param name="afterKill">Null: voting stops at the kill, as with one node, where nothing could answer. Else the
    /// residents keep voting, retrying failed attempts, and this runs alongside, given a task that completes at the
    /// first acknowledgement after the kill (or at the end of the vote).</param>
    private async Task<Vote> VoteAsync(
        BuurtbudgetClient client,
        string round,
        ImmutableArray<ResidentPlan> plans,
        int killAfter,
        Func<Task> kill,
        Func<Task, Task>? afterKill,
        ConcurrentQueue<string> refusals,
        CancellationToken cancellationToken)
    {
        var keepVoting = afterKill is not null;

        // Residents wait in a queue; after an acknowledged ballot, a resident who will replace it goes to the back,
        // so that replacements are spread over the vote. A resident is never in the queue and in flight at once:
        // each resident has at most one ballot in flight, so "their last acknowledged ballot" is well defined.
        var queue = new ConcurrentQueue<ResidentPlan>(plans);
        var unfinished = plans.Length;
        var acknowledged = 0;
        var retries = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var stop = false;
        var killed = false;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (killAfter == 0)
        {
            killNow.TrySetResult();
        }

        // Unavailability as residents see it: the gaps between acknowledgements, measured where the answers arrive.
        var clock = Stopwatch.StartNew();
        var gapLock = new Lock();
        var lastAcknowledgement = TimeSpan.Zero;
        var longestGap = TimeSpan.Zero;
        TimeSpan? ended = null;

        // The vote ends when the last resident is done (or when it is stopped): time spent afterwards, waiting
        // for the restarted node, is nobody's unavailability.
        void EndVote()
        {
            lock (gapLock)
            {
                ended ??= clock.Elapsed;
            }
        }

        void OnAcknowledged(bool sentAfterKill)
        {
            lock (gapLock)
            {
                var now = clock.Elapsed;
                longestGap = now - lastAcknowledgement > longestGap ? now - lastAcknowledgement : longestGap;
                lastAcknowledgement = now;
            }

            if (Interlocked.Increment(ref acknowledged) >= killAfter)
            {
                killNow.TrySetResult();
            }

            // Answers to ballots sent before the kill say nothing about whether the survivors took over.
            if (sentAfterKill)
            {
                recovered.TrySetResult();
            }
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
                while (true)
                {
                    string? failed = null;
                    var sentAfterKill = Volatile.Read(ref killed);
                    try
                    {
                        var (saved, status) = await client.CastBallotAsync(round, plan.Subject, plan.Attempts[attempt], cancellationToken);
                        if (saved is not null)
                        {
                            plan.Acknowledge(attempt, saved.Revision);
                            again = plan.NextAttempt >= 0;
                            OnAcknowledged(sentAfterKill);
                        }
                        else
                        {
                            plan.LeaveUnconfirmed(attempt);
                            if ((int)status is >= 400 and < 500)
                            {
                                // Every planned ballot is valid: a refusal means the trial's setup is wrong.
                                refusals.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{plan.Subject}'s ballot {attempt + 1} was refused with {(int)status}"));
                            }
                            else
                            {
                                failed = ((int)status).ToString(CultureInfo.InvariantCulture);
                            }
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException
                        || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        // No answer: the node died with the ballot in flight (or it timed out). It may have landed.
                        plan.LeaveUnconfirmed(attempt);
                        failed = "no answer";
                    }

                    // A resident whose vote failed tries the same ballot again, as a real client would: the same
                    // ballot again stores nothing new. Until it is answered it stays unconfirmed, so a vote that
                    // ends first leaves it to the verdict as a ballot that may or may not have landed.
                    if (failed is null || !keepVoting || Volatile.Read(ref stop))
                    {
                        break;
                    }

                    retries.AddOrUpdate(failed, 1, (_, count) => count + 1);
                    await Task.Delay(RetryDelay, cancellationToken);
                }

                if (again)
                {
                    queue.Enqueue(plan);
                }
                else if (Interlocked.Decrement(ref unfinished) == 0)
                {
                    EndVote();
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

        if (!keepVoting)
        {
            Volatile.Write(ref stop, true);
        }

        var killedAt = Volatile.Read(ref acknowledged);
        await kill();
        Volatile.Write(ref killed, true);
        var stalled = false;
        if (afterKill is not null)
        {
            var afterwards = afterKill(Task.WhenAny(recovered.Task, allDone));

            // Residents would retry for ever against a cluster that never recovers; past the limit the vote stops
            // and the trial fails on it.
            while (!allDone.IsCompleted)
            {
                await Task.WhenAny(allDone, Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken));
                lock (gapLock)
                {
                    stalled = clock.Elapsed - lastAcknowledgement > _options.StallLimit;
                }

                if (stalled)
                {
                    EndVote();
                    Volatile.Write(ref stop, true);
                    break;
                }
            }

            await allDone;
            await afterwards;
        }

        await allDone;
        lock (gapLock)
        {
            // The stretch after the last acknowledgement counts too, when residents were still trying in it.
            var tail = (ended ?? clock.Elapsed) - lastAcknowledgement;
            longestGap = keepVoting && tail > longestGap ? tail : longestGap;
            return new Vote(killedAt, retries, longestGap, stalled);
        }
    }

    private async Task<TrialResult> VerifyAsync(
        BuurtbudgetClient client,
        string round,
        ImmutableArray<ResidentPlan> plans,
        Vote vote,
        ConcurrentQueue<string> refusals,
        Stopwatch started,
        int? killedNode,
        CancellationToken cancellationToken)
    {
        var stored = new BallotAnswer?[plans.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, token) => stored[i] = await client.GetBallotAsync(round, plans[i].Subject, token));
        var tally = await client.GetTallyAsync(round, cancellationToken);
        var log = await client.GetEventLogAsync(round, cancellationToken);

        var verdict = TrialVerdict.Judge(plans, stored, tally, log);
        if (vote.Stalled)
        {
            refusals.Enqueue(string.Create(CultureInfo.InvariantCulture, $"no ballot was acknowledged for {_options.StallLimit.TotalSeconds:0} s after the kill: the cluster did not recover"));
        }

        return new TrialResult(
            _number,
            plans.Length,
            plans.Sum(p => Enumerable.Range(0, p.Attempts.Length).Count(a => p.Outcome(a) != AttemptOutcome.NotSent)),
            plans.Sum(p => p.AcknowledgedCount),
            plans.Count(p => p.Unconfirmed >= 0),
            verdict.UnconfirmedLanded,
            vote.KilledAt,
            tally.Turnout,
            log.LastSequence,
            log.ChainValid,
            verdict.Lost,
            verdict.Duplicated,
            [.. refusals, .. verdict.Problems],
            started.Elapsed,
            killedNode is { } node ? new ClusterTrialFigures(node + 1, vote.Retries, vote.LongestUnavailability) : null);
    }
}
