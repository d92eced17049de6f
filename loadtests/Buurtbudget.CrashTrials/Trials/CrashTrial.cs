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
        var stored = new BallotAnswer?[plans.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, token) => stored[i] = await client.GetBallotAsync(round, plans[i].Subject, token));
        var tally = await client.GetTallyAsync(round, cancellationToken);
        var log = await client.GetEventLogAsync(round, cancellationToken);

        var verdict = TrialVerdict.Judge(plans, stored, tally, log);
        return new TrialResult(
            _number,
            plans.Length,
            plans.Sum(p => Enumerable.Range(0, p.Attempts.Length).Count(a => p.Outcome(a) != AttemptOutcome.NotSent)),
            plans.Sum(p => p.AcknowledgedCount),
            plans.Count(p => p.Unconfirmed >= 0),
            verdict.UnconfirmedLanded,
            killedAt,
            tally.Turnout,
            log.LastSequence,
            log.ChainValid,
            verdict.Lost,
            verdict.Duplicated,
            [.. refusals, .. verdict.Problems],
            started.Elapsed);
    }
}
