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
    TimeSpan Elapsed)
{
    public bool Passed => Lost == 0 && Duplicated == 0 && ChainValid && Problems.Count == 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"trial {Trial}: {Residents} residents, {Sent} ballots sent, {Acknowledged} acknowledged, kill sent at {KilledAfterAcknowledged} acknowledged, " +
        $"{Unconfirmed} in flight ({UnconfirmedLanded} landed), turnout {Turnout}, {Events} events, chain {(ChainValid ? "valid" : "BROKEN")}, " +
        $"lost {Lost}, duplicated {Duplicated}, {Elapsed.TotalSeconds:0.0} s");
}

/// <summary>The run's totals; <see cref="ToString"/> is the report's last line.</summary>
public sealed record RunSummary(int Trials, int Requested, long Acknowledged, long Lost, long Duplicated, int Failed, int BrokenChains, IReadOnlyList<string> Failures)
{
    /// <summary>Every requested trial ran and found nothing lost, nothing duplicated and every chain intact.</summary>
    public bool Passed => Trials == Requested && Lost == 0 && Duplicated == 0 && Failed == 0 && BrokenChains == 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"trials {Trials}, acknowledged {Acknowledged}, lost {Lost}, duplicated {Duplicated}");
}
