namespace Buurtbudget.LoadTests.Engine;

/// <summary>What the scenario script measured in one wrk run (written by its <c>done()</c>). Latencies are in
/// milliseconds from the moment each request was due; in the closed model that is when it was sent.</summary>
public sealed record WrkResult(
    string Scenario,
    double OfferedRps,
    double MeasureSeconds,
    long Sent,
    long Answered,
    long Measured,
    long Acknowledged,
    long Status2xx,
    long Status4xx,
    long Status429,
    long Status5xx,
    long StatusOther,
    SocketErrors SocketErrors,
    long Unsent,
    bool Exhausted,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    IReadOnlyList<InFlightWrite> InFlight)
{
    /// <summary>Answered requests whose due time fell in the measured window, per second.</summary>
    public double Rps => Measured / MeasureSeconds;

    /// <summary>The CPU the node and wrk used in the measured window (set by <see cref="WrkRunner"/>, not by the script);
    /// null when it could not be read.</summary>
    public CpuUse? Cpu { get; init; }

    /// <summary>Everything that was not a 2xx answer: 4xx (429 included), 5xx, anything else, and socket errors.</summary>
    public long Errors => Status4xx + Status429 + Status5xx + StatusOther + SocketErrors.Total;
}

public sealed record SocketErrors(long Connect, long Read, long Write, long Timeout)
{
    public long Total => Connect + Read + Write + Timeout;
}

/// <summary>A ballot that was sent but not answered when wrk stopped: it may or may not have been stored.</summary>
public sealed record InFlightWrite(int Resident, int Subset);
