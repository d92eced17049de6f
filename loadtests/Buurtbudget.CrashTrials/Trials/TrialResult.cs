using System.Globalization;

namespace Buurtbudget.CrashTrials.Trials;

/// <summary>What one trial found.</summary>
/// <param name="Acknowledged">Ballots answered with a success status before the kill (replacements included).</param>
/// <param name="Lost">Residents whose last acknowledged ballot is not what is stored and counted, plus any ballot
/// the tally misses.</param>
/// <param name="Duplicated">Ballots counted more than once: a resident with two cast events, a revision no request
/// could have made, or a tally above the ballots stored.</param>
/// <param name="KilledAfterAcknowledged">How many were acknowledged when the kill was sent; answers already on
/// their way may still arrive after it.</param>
/// <param name="Unconfirmed">Ballots in flight at the kill (no answer came); each may or may not have landed.</param>
/// <param name="UnconfirmedLanded">Of those, how many were found stored after the restart.</param>
/// <param name="Problems">What was wrong, one line each, for the report.</param>
/// <param name="Cluster">For a silo-kill trial: which node was killed, how often residents retried, and the
/// longest time no ballot was acknowledged while residents kept trying. Null for a single node.</param>
public sealed record TrialResult(
    int Trial,
    int Residents,
    int Sent,
    int Acknowledged,
    int Unconfirmed,
    int UnconfirmedLanded,
    int KilledAfterAcknowledged,
    long Turnout,
    long Events,
    bool ChainValid,
    int Lost,
    int Duplicated,
    IReadOnlyList<string> Problems,
    TimeSpan Elapsed,
    ClusterTrialFigures? Cluster = null)
{
    public bool Passed => Lost == 0 && Duplicated == 0 && ChainValid && Problems.Count == 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"trial {Trial}: {Residents} residents, {Sent} ballots sent, {Acknowledged} acknowledged, kill sent at {KilledAfterAcknowledged} acknowledged, " +
        $"{Unconfirmed} in flight ({UnconfirmedLanded} landed), turnout {Turnout}, {Events} events, chain {(ChainValid ? "valid" : "BROKEN")}, " +
        $"lost {Lost}, duplicated {Duplicated}, {Elapsed.TotalSeconds:0.0} s{Cluster}");
}

/// <summary>What only a silo-kill trial has.</summary>
/// <param name="KilledNode">The node killed, numbered from 1.</param>
/// <param name="Retries">Ballots sent again through the proxy after an attempt failed, by what the failed attempt got:
/// its status code, or "no answer".</param>
/// <param name="LongestUnavailability">The longest stretch of the vote with no ballot acknowledged, while residents
/// kept trying: from the start of the vote to the first acknowledgement, and between any two.</param>
public sealed record ClusterTrialFigures(int KilledNode, IReadOnlyDictionary<string, int> Retries, TimeSpan LongestUnavailability)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $", node {KilledNode} killed, {Retries.Values.Sum()} retries{Why()}, longest unavailability {LongestUnavailability.TotalSeconds:0.0} s");

    private string Why() => Retries.Count == 0
        ? ""
        : " (after " + string.Join(", ", Retries.OrderByDescending(r => r.Value).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value} × {r.Key}"))) + ")";
}

/// <summary>The run's totals; <see cref="ToString"/> is the report's last line.</summary>
/// <param name="LongestUnavailability">For silo-kill trials, the longest of any trial; null for a single node, whose
/// trials stop voting at the kill.</param>
public sealed record RunSummary(
    int Trials,
    int Requested,
    long Acknowledged,
    long Lost,
    long Duplicated,
    int Failed,
    int BrokenChains,
    IReadOnlyList<string> Failures,
    TimeSpan? LongestUnavailability = null)
{
    /// <summary>Every requested trial ran and found nothing lost, nothing duplicated and every chain intact.</summary>
    public bool Passed => Trials == Requested && Lost == 0 && Duplicated == 0 && Failed == 0 && BrokenChains == 0;

    public override string ToString() => LongestUnavailability is { } longest
        ? string.Create(CultureInfo.InvariantCulture, $"trials {Trials}, acknowledged {Acknowledged}, lost {Lost}, duplicated {Duplicated}, longest unavailability {longest.TotalSeconds:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"trials {Trials}, acknowledged {Acknowledged}, lost {Lost}, duplicated {Duplicated}");
}
