using System.Text.Json.Serialization;

namespace Buurtbudget.LoadTests.Reporting;

/// <summary>One run of one scenario, as the report gives it. Serialised in snake case: <c>scenario</c>, <c>rps</c>,
/// <c>p50_ms</c>, <c>p99_ms</c>, <c>errors</c>, <c>ceiling_rps</c>, <c>ratio</c>, <c>acknowledged</c>, <c>counted</c>
/// and the rest.</summary>
/// <param name="Model">"closed" (a fixed number of connections, each sending as soon as it is answered: the
/// saturation rate) or "open" (a fixed offered rate; latency from each request's due time).</param>
/// <param name="Threads">wrk's threads; fewer than <see cref="Connections"/> in the shared shape (wrk's own latencies,
/// closed model only: see scenarios.lua).</param>
/// <param name="Ceiling">Which no-work endpoint <see cref="CeilingRps"/> was measured on.</param>
/// <param name="Ratio"><see cref="Rps"/> divided by <see cref="CeilingRps"/>, both from this run.</param>
/// <param name="Unsent">Open model: requests due in the window that were never sent (the rate was not sustained).</param>
/// <param name="Correct">Write scenarios: every acknowledged ballot counted exactly once and no 5xx.</param>
/// <param name="NodeCpuUs">The node's CPU per request answered in the measured window, in microseconds (all its threads,
/// user and system); null when it could not be read. Unlike <see cref="Rps"/>, it owes nothing to what the load engine
/// spends on the same cores.</param>
/// <param name="EngineCpuUs">wrk's CPU per request in the same window, in microseconds.</param>
/// <param name="IdleShare">The share of the whole machine (every core) that stood idle in the window.</param>
public sealed record ScenarioResult(
    string Scenario,
    string Model,
    int Threads,
    int Connections,
    double OfferedRps,
    double Rps,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long Requests,
    long Errors,
    long Status5xx,
    long Unsent,
    string Ceiling,
    double CeilingRps,
    double Ratio,
    long? Acknowledged,
    long? Counted,
    long? Lost,
    long? Duplicated,
    bool? Correct,
    IReadOnlyList<string> Problems,
    double? NodeCpuUs = null,
    double? EngineCpuUs = null,
    double? IdleShare = null)
{
    public const string Closed = "closed";
    public const string Open = "open";

    [JsonIgnore]
    public bool IsOpen => string.Equals(Model, Open, StringComparison.Ordinal);

    public bool Is(string scenario, string model) =>
        string.Equals(Scenario, scenario, StringComparison.Ordinal) && string.Equals(Model, model, StringComparison.Ordinal);
}

/// <summary>A target of the issue, checked against this run's figures. A smoke run's figures mean nothing, so only
/// its correctness targets decide whether it passed.</summary>
public sealed record TargetResult(string Target, string Measured, bool Met, bool Performance);
