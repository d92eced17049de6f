using System.Collections.Concurrent;
using System.Globalization;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.LoadTesting.Nodes;
using Buurtbudget.LoadTesting.Voting;
using Buurtbudget.LoadTests.Checks;
using Buurtbudget.LoadTests.Engine;
using Buurtbudget.LoadTests.Reporting;
using Buurtbudget.LoadTests.Residents;

namespace Buurtbudget.LoadTests;

/// <summary>One load-test run: a node, the residents, the ceilings, every scenario closed and open, the checks, the
/// report.</summary>
public sealed class LoadTestRun
{
    private const int Proposals = RoundBallots.SharedProposal;
    private const string SignedInCeiling = "ping-signed-in";
    private const string ClosingSpike = "closing-spike";

    private const string Method = """
        - **Load engine.** `wrk` 4.1 (Debian) with `loadtests/wrk/scenarios.lua`, one connection per wrk thread, on the
          same machine as the node (both share its cores, as the ceilings do).
        - **Shared shape.** The ceiling and the first ballot are measured a second time with the same connections over
          few wrk threads (`--threads`, default 2), as a load engine on few cores drives a node. wrk does not tell the
          script which connection answered, so there the latencies are wrk's own (sending to answer, whole run), and
          the residents whose ballots were sent are read back afterwards to learn which landed: every acknowledged
          ballot must be among them and each added exactly one event.
        - **Steady state.** Before anything is measured, the node serves signed-in pings and then first ballots in a
          round of their own, unmeasured (`--node-warm-up`, default 30 s each), so that the runtime's tiered compiler
          has optimised the voting path: with only each scenario's own 5-second warm-up, its thread still took 16% of
          the node's CPU in the first ballot's measured window, and about none in the ceiling's.
        - **Closed model** (saturation): every connection sends its next request as soon as the previous one is
          answered, for a warm-up and then the measured window. Its requests per second is the saturation rate.
        - **Open model**: requests are due on a fixed schedule at a fraction of that saturation rate, spread evenly
          over the connections. When a connection's previous answer came only after its next request was due, that
          request's latency is measured from the moment it was *due*, not from when it could be sent
          (`clock_gettime(CLOCK_MONOTONIC)` through LuaJIT's FFI): when the node stalls, the requests that should
          have gone out meanwhile carry the stall in their latency, so slow periods are not hidden (no coordinated
          omission, as in wrk2). The schedule never moves, so the offered rate holds even though wrk's timers count
          whole milliseconds. Requests due in the window but never sent are reported as `unsent`; a run with unsent
          requests did not sustain its rate. Percentiles come from buckets 1% wide (upper bounds).
        - **Ceiling.** The same run measures `GET /api/ping` (no work, no token) and `GET /api/ping/signed-in` (no
          work, token validated) in the closed model with the same connections. Every scenario's ratio is its rps over
          the signed-in ceiling; the anonymous ping's is over itself.
        - **Alternated windows.** The first ballot's ratio is measured in `--alternations` closed windows per shape
          (default 5), each in a fresh round and each between two windows of the signed-in ceiling: ceiling, ballot,
          ceiling, …, ceiling. Each ballot window's ratio is to the mean of the ceilings either side of it, so that a
          machine slowing down or speeding up during the run moves both sides alike, and the target is the median of
          the windows' ratios (their range and the ratio of all windows together are given beside it). The other
          scenarios are compared with the median ceiling window, and the open run is offered its fraction of the
          median ballot window.
        - **Latency floor.** The signed-in ping also runs in the open model, at the same fraction of its own
          saturation: what the machine and the load engine alone add to a request's latency at that load, to read the
          first ballot's open run against.
        - **CPU per request.** In every measured window the driver reads from `/proc` the CPU time (user and system,
          all threads) the node and wrk used, and the share of the machine that stood idle, and divides by the
          requests answered in the window. wrk runs on the node's cores, so a scenario's rps also depends on what wrk
          spends per request; the node's own CPU per request does not. Beside each alternated ratio of rates the
          report gives the node's CPU ratio (the ceiling's CPU per request over the ballot's, same windows): the ratio
          the rates would show if the load engine cost the node's cores nothing.
        - **Correctness.** After each run that writes, the driver compares the live tally (turnout and voters per
          proposal, as the wijk's coordinator reads it) with the ballots the load engine saw acknowledged, and the
          ballot events added to the hash-chained log (as an auditor reads it, chain verified) with the number of
          acknowledged ballots. Every write changes the resident's ballot, so each acknowledged one must add exactly
          one event. Ballots still in flight when wrk stopped are read back as their resident. `acknowledged` is the
          200 answers, `counted` the events they added.
        - **Scenarios.** `first-ballot`: residents who have not voted cast a ballot (every request a new resident; the
          saturation run and the open run each in a fresh round). `replace`: residents change their ballot.
          `tally`: coordinators and auditors read the live tally. `proposals`: residents read the proposal list.
          `mixed`: 10% ballots, 50% proposal list, 35% own ballot, 5% live tally. `closing-spike`: a fresh round in
          which every resident votes at once, offered at the first ballot's saturation rate from a cold start, with
          no warm-up.
        - **The node.** The Release build, Development environment (the development token issuer, RS256), SQLite
          in WAL mode with `synchronous=FULL`: every acknowledged ballot is on disk. Rate limits are switched off
          (every request comes from one loopback address) and the log level is Warning.
        """;

    private readonly LoadTestOptions _options;
    private readonly TextWriter _log;
    private readonly WrkRunner _wrk;
    private readonly BuurtbudgetClient _client;
    private readonly WrkShape _oneEach;
    private readonly WrkShape? _shared;
    private readonly List<ScenarioResult> _results = [];
    private readonly List<AlternatedRatio> _alternations = [];
    private double _signedInCeiling;

    private LoadTestRun(LoadTestOptions options, TextWriter log, WrkRunner wrk, BuurtbudgetClient client, WrkShape oneEach, WrkShape? shared)
    {
        _options = options;
        _log = log;
        _wrk = wrk;
        _client = client;
        _oneEach = oneEach;
        _shared = shared;
    }

    public static async Task<LoadReport> RunAsync(LoadTestOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(options.ScriptPath))
        {
            throw new TrialException($"The scenario script '{options.ScriptPath}' does not exist.");
        }

        var started = DateTimeOffset.UtcNow;
        var loadAverage = LoadAverage();
        var runDirectory = Directory.CreateDirectory(Path.Combine(
            options.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"run-{started:yyyyMMdd-HHmmss}-{Environment.ProcessId}"))).FullName;
        try
        {
            // The signing key and the residents' tokens outlive the run, so that the next run need not sign them again.
            var keys = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, "residents")).FullName;
            var settings = new ApiNodeSettings(
                options.ApiAssemblyPath,
                StoreKind.Sqlite,
                Directory.CreateDirectory(Path.Combine(runDirectory, "data")).FullName,
                keys,
                Directory.CreateDirectory(Path.Combine(runDirectory, "logs")).FullName);
            await using var node = await ApiNode.StartAsync(settings, TimeSpan.FromSeconds(60), cancellationToken);
            using var client = new BuurtbudgetClient(
                node.BaseAddress, new DevelopmentTokenIssuer(DevelopmentSigningKey.LoadOrCreate(keys)), 8, new ConcurrentDictionary<(string Subject, Role Role), string>());

            await Say(log, $"load test ({options.Mode}): node at {node.BaseAddress}, {options.Residents:N0} residents' tokens (signed once, kept for {Population.CacheLifetime.TotalHours} hours in {keys}) ...");
            var inputs = Directory.CreateDirectory(Path.Combine(runDirectory, "inputs")).FullName;
            var population = Population.LoadOrMint(client, options.Residents, Path.Combine(keys, "resident-tokens.txt"), cancellationToken);
            population.WriteTokens(inputs, options.Connections);
            WrkShape? shared = null;
            if (options.MeasuresSharedShape)
            {
                shared = new WrkShape(options.SharedThreads, options.Connections, Directory.CreateDirectory(Path.Combine(runDirectory, "inputs-shared")).FullName);
                population.WriteTokens(shared.Inputs, shared.Threads);
            }

            var run = new LoadTestRun(
                options, log, new WrkRunner(options.Wrk, options.ScriptPath, node.BaseAddress, options.OpenStartAllowance, node.ProcessId), client, new WrkShape(options.Connections, options.Connections, inputs), shared);
            await run.RunScenariosAsync(cancellationToken);
            if (node.HasExited)
            {
                throw new TrialException($"The node stopped during the run: {node.LogTail()}");
            }

            var report = new LoadReport(
                started, options.Mode, Environment.ProcessorCount, loadAverage, options.Residents, options.Connections, options.LoadFraction,
                "SQLite", Method, run._results, run.Targets());
            var written = report.Write(options.ResultsDirectory);
            await Say(log, $"report: {written}");
            foreach (var target in report.Targets)
            {
                await Say(log, $"{(target.Met ? "met    " : "NOT MET")}  {target.Target}: {target.Measured}");
            }

            return report;
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    private async Task RunScenariosAsync(CancellationToken cancellationToken)
    {
        await WarmUpNodeAsync(cancellationToken);
        var ping = await ReadsAsync("ping", null, rate: 0, cancellationToken);
        Add(ping, _oneEach, "ping", ping.Rps, null);

        // The first ballot's ratio, alternated with the signed-in ceiling; then its open run at a fraction of its rate.
        var oneEach = await AlternateAsync(_oneEach, ping.Rps, "Verzadiging", cancellationToken);
        _signedInCeiling = oneEach.MedianCeilingRps;
        var firstBallotRate = oneEach.MedianBallotRps;
        var votingDay = await RoundAsync("Stemdag", cancellationToken);
        await WritesAsync("first-ballot", votingDay, _options.LoadFraction * firstBallotRate, cancellationToken);

        // The latency floor: the signed-in ping at the same fraction of its own saturation. What the machine and the load
        // engine alone add to every request's latency at that load, to read the first ballot's open run against.
        Add(await ReadsAsync(SignedInCeiling, null, _options.LoadFraction * _signedInCeiling, cancellationToken), _oneEach, "ping", ping.Rps, null);
        if (_shared is not null)
        {
            // The same ratio with the connections over few load-engine threads, its own ceiling measured the same way.
            await AlternateAsync(_shared, ping.Rps, "Verzadiging, gedeelde threads", cancellationToken);
        }

        if (_options.HotPathOnly)
        {
            return;
        }

        var replaceRate = await WritesAsync("replace", votingDay, rate: 0, cancellationToken);
        await WritesAsync("replace", votingDay, _options.LoadFraction * replaceRate, cancellationToken);

        foreach (var scenario in new[] { "tally", "proposals" })
        {
            var saturation = await ReadsAsync(scenario, votingDay.Round, rate: 0, cancellationToken);
            Add(saturation, _oneEach, SignedInCeiling, _signedInCeiling, null);
            Add(await ReadsAsync(scenario, votingDay.Round, _options.LoadFraction * saturation.Rps, cancellationToken), _oneEach, SignedInCeiling, _signedInCeiling, null);
        }

        var mixedRate = await WritesAsync("mixed", votingDay, rate: 0, cancellationToken);
        await WritesAsync("mixed", votingDay, _options.LoadFraction * mixedRate, cancellationToken);

        // Closing time: everyone votes at once in a round nobody has voted in yet, from a cold start.
        var spike = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(_options.Residents / firstBallotRate)));
        await WritesAsync("first-ballot", await RoundAsync("Sluitingstijd", cancellationToken), firstBallotRate, cancellationToken, (TimeSpan.Zero, spike), ClosingSpike);
    }

    /// <summary>The first ballot in the closed model in <see cref="LoadTestOptions.Alternations"/> windows, each in a
    /// fresh round and each between two windows of the signed-in ceiling in the same shape (see
    /// <see cref="AlternatedRatio"/>). Every window is reported; each ballot window's ratio is to the mean of the
    /// ceilings either side of it.</summary>
    private async Task<AlternatedRatio> AlternateAsync(WrkShape shape, double pingRps, string title, CancellationToken cancellationToken)
    {
        var (warmUp, measured) = Window(0);
        var ceiling = await _wrk.RunAsync(shape, SignedInCeiling, null, 0, warmUp, measured, stateOut: null, cancellationToken);
        Add(ceiling, shape, "ping", pingRps, null);
        var series = new AlternatedRatio(shape.Threads, shape.Connections, ceiling.Rps, NodeCpu(ceiling));
        for (var window = 1; window <= _options.Alternations; window++)
        {
            var ballots = await RoundAsync(string.Create(CultureInfo.InvariantCulture, $"{title} {window}"), cancellationToken);
            var (result, verdict) = await RunWritesAsync("first-ballot", ballots, 0, shape, (warmUp, measured), cancellationToken);
            ceiling = await _wrk.RunAsync(shape, SignedInCeiling, null, 0, warmUp, measured, stateOut: null, cancellationToken);
            Add(result, shape, SignedInCeiling, series.Add(result.Rps, ceiling.Rps, NodeCpu(result), NodeCpu(ceiling)), verdict);
            Add(ceiling, shape, "ping", pingRps, null);
        }

        _alternations.Add(series);
        await _log.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"first ballot against the signed-in ceiling, {shape.Threads}×{shape.Connections}: {series.Describe()}"));
        return series;
    }

    private static double? NodeCpu(WrkResult result) => result.Cpu?.NodeMicrosecondsPer(result.Measured);

    /// <summary>Brings the node to its steady state before anything is measured (see
    /// <see cref="LoadTestOptions.NodeWarmUp"/>): signed-in pings, then first ballots in a round of their own, each
    /// checked like a measured run but not reported.</summary>
    private async Task WarmUpNodeAsync(CancellationToken cancellationToken)
    {
        if (_options.NodeWarmUp <= TimeSpan.Zero)
        {
            return;
        }

        await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warming the node up: signed-in pings, then first ballots, {_options.NodeWarmUp.TotalSeconds:0.#} s each (not measured) ..."));
        await _wrk.RunAsync(_oneEach, SignedInCeiling, null, 0, TimeSpan.Zero, _options.NodeWarmUp, stateOut: null, cancellationToken);
        var ballots = await RoundAsync("Opwarmen", cancellationToken);
        var (_, verdict) = await RunWritesAsync("first-ballot", ballots, 0, _oneEach, (TimeSpan.Zero, _options.NodeWarmUp), cancellationToken);
        if (!verdict.Correct)
        {
            throw new TrialException($"The warm-up's ballots were not counted correctly: {string.Join("; ", verdict.Problems)}");
        }
    }

    /// <summary>A write scenario in <paramref name="ballots"/>'s round: closed when <paramref name="rate"/> is 0, else
    /// open at that rate; checked afterwards. Returns the measured rps.</summary>
    /// <param name="window">The warm-up and the measured window, when not the options' for the model.</param>
    /// <param name="reportAs">The name in the report, when not the script's scenario.</param>
    private async Task<double> WritesAsync(
        string scenario, RoundBallots ballots, double rate, CancellationToken cancellationToken, (TimeSpan WarmUp, TimeSpan Measured)? window = null,
        string? reportAs = null)
    {
        var (result, verdict) = await RunWritesAsync(scenario, ballots, rate, _oneEach, window ?? Window(rate), cancellationToken);
        Add(result with { Scenario = reportAs ?? result.Scenario }, _oneEach, SignedInCeiling, _signedInCeiling, verdict);
        return result.Rps;
    }

    /// <summary>Runs a write scenario in <paramref name="shape"/> and checks its counts, without reporting it.</summary>
    private async Task<(WrkResult Result, CountVerdict Verdict)> RunWritesAsync(
        string scenario, RoundBallots ballots, double rate, WrkShape shape, (TimeSpan WarmUp, TimeSpan Measured) window, CancellationToken cancellationToken)
    {
        ballots.WriteSlices(shape.Inputs, shape.Threads);
        var stateOut = Path.Combine(shape.Inputs, "state-out.txt");
        var result = await _wrk.RunAsync(shape, scenario, ballots.Round, rate, window.WarmUp, window.Measured, stateOut, cancellationToken);
        return (result, await CountCheck.CheckAsync(_client, ballots, result, stateOut, cancellationToken));
    }

    /// <summary>A scenario that writes nothing: closed when <paramref name="rate"/> is 0, else open at that rate.</summary>
    private Task<WrkResult> ReadsAsync(string scenario, string? round, double rate, CancellationToken cancellationToken)
    {
        var (warmUp, measured) = Window(rate);
        return _wrk.RunAsync(_oneEach, scenario, round, rate, warmUp, measured, stateOut: null, cancellationToken);
    }

    private (TimeSpan WarmUp, TimeSpan Measured) Window(double rate) =>
        (_options.WarmUp, rate > 0 ? _options.Duration : _options.SaturationDuration);

    private async Task<RoundBallots> RoundAsync(string title, CancellationToken cancellationToken)
    {
        var round = await _client.PrepareRoundInVotingAsync(Proposals, cancellationToken, $"Buurtbudget onder belasting: {title}");
        return new RoundBallots(round, _options.Residents);
    }

    private void Add(WrkResult result, WrkShape shape, string ceiling, double ceilingRps, CountVerdict? verdict)
    {
        var model = result.OfferedRps > 0 ? ScenarioResult.Open : ScenarioResult.Closed;
        var problems = new List<string>(verdict?.Problems ?? []);
        if (result.Status5xx > 0 && verdict is null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Status5xx} requests failed with a 5xx"));
        }

        // Running out of residents ends a closing spike (everyone has voted); anywhere else it caps the rate.
        if (result.Exhausted && !string.Equals(result.Scenario, ClosingSpike, StringComparison.Ordinal))
        {
            problems.Add("the run ran out of residents (raise --residents): its rate is lower than the platform's");
        }

        var entry = new ScenarioResult(
            result.Scenario, model, shape.Threads, shape.Connections, result.OfferedRps, result.Rps,
            result.P50Ms, result.P90Ms, result.P99Ms, result.P999Ms, result.MaxMs,
            result.Answered, result.Errors, result.Status5xx, result.Unsent,
            ceiling, ceilingRps, ceilingRps > 0 ? result.Rps / ceilingRps : 0,
            verdict?.Acknowledged, verdict?.Counted, verdict?.Lost, verdict?.Duplicated, verdict?.Correct, problems,
            result.Cpu?.NodeMicrosecondsPer(result.Measured), result.Cpu?.EngineMicrosecondsPer(result.Measured), result.Cpu?.IdleShare);
        _results.Add(entry);
        _log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{entry.Scenario,-15} {entry.Model,-6} {(entry.IsOpen ? entry.OfferedRps.ToString("N0", CultureInfo.InvariantCulture) + "/s" : entry.Threads + "×" + entry.Connections + " conn."),12} {entry.Rps,9:N0} rps  p50 {entry.P50Ms,7:0.0} p99 {entry.P99Ms,7:0.0} p99.9 {entry.P999Ms,7:0.0} ms  errors {entry.Errors}  ratio {entry.Ratio:0.00}{Cpu(entry)}{(verdict is null ? "" : $"  acknowledged {verdict.Acknowledged} counted {verdict.Counted}")}{(problems.Count > 0 ? "  PROBLEMS: " + string.Join("; ", problems) : "")}"));
    }

    /// <summary>"  CPU/req node 150 µs engine 40 µs, idle 7 %", or nothing when it could not be read.</summary>
    private static string Cpu(ScenarioResult entry) =>
        entry is { NodeCpuUs: { } node, EngineCpuUs: { } engine, IdleShare: { } idle }
            ? string.Create(CultureInfo.InvariantCulture, $"  CPU/req node {node:0} µs engine {engine:0} µs, idle {idle:P0}")
            : "";

    private List<TargetResult> Targets()
    {
        var open = _results.First(r => r.Is("first-ballot", ScenarioResult.Open));
        var floor = _results.First(r => r.Is(SignedInCeiling, ScenarioResult.Open));
        var writes = _results.Where(r => r.Correct is not null).ToList();
        var lost = writes.Sum(r => r.Lost ?? 0);
        var duplicated = writes.Sum(r => r.Duplicated ?? 0);
        var serverErrors = _results.Sum(r => r.Status5xx);
        List<TargetResult> targets = [];
        foreach (var series in _alternations)
        {
            targets.Add(new(
                series.Threads == series.Connections
                    ? "first ballot at ≥ 50% of the signed-in no-work ceiling"
                    : Text($"the same with {series.Connections} connections over {series.Threads} load-engine threads"),
                series.Describe(),
                series.MedianRatio >= 0.5,
                Performance: true));
        }

        targets.Add(new(
            Text($"first ballot p99 < 25 ms at {_options.LoadFraction:P0} of saturation"),
            Text($"p99 {open.P99Ms:0.0} ms at {open.OfferedRps:N0}/s, {open.Unsent} unsent (the signed-in ping at {_options.LoadFraction:P0} of its own saturation: p99 {floor.P99Ms:0.0} ms)"),
            open.P99Ms < 25 && open.Unsent == 0,
            Performance: true));
        targets.Add(new(
            "0 lost, 0 duplicated, 0 5xx",
            Text($"{lost} lost, {duplicated} duplicated, {serverErrors} 5xx over {writes.Sum(r => r.Acknowledged ?? 0):N0} acknowledged ballots"),
            lost == 0 && duplicated == 0 && serverErrors == 0 && writes.All(r => r.Correct == true),
            Performance: false));
        return targets;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static Task Say(TextWriter log, FormattableString text) => log.WriteLineAsync(text.ToString(CultureInfo.InvariantCulture));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
