using System.Globalization;

namespace Buurtbudget.LoadTests.Reporting;

/// <summary>The first ballot's ratio to the signed-in ceiling, measured in alternating windows of one shape: ceiling,
/// ballot, ceiling, ballot, …, ceiling. Each ballot window is compared with the mean of the ceiling windows on either
/// side of it, so that a machine that slows down or speeds up steadily during the run (other work on a shared machine)
/// moves both sides of each ratio alike; the median over the windows then leaves out a window that met a passing burst
/// of other work. On this machine one ceiling and one ballot window a minute apart gave ratios 0.15 apart for the same
/// build within 20 minutes (loadtests/README.md): more than the distance to the target.
/// <para>Beside the rates, the node's CPU per request in the same windows, when it was read: the ceiling's over the
/// ballot's is the ratio the rates would show if the load engine cost nothing on the node's cores. The rates' ratio is
/// the target; the CPU ratio says how much of it is the node's own.</para></summary>
public sealed class AlternatedRatio
{
    private readonly List<double> _ceilings = [];
    private readonly List<double> _ballots = [];
    private readonly List<double?> _ceilingCpu = [];
    private readonly List<double?> _ballotCpu = [];

    /// <param name="firstCeilingNodeCpuUs">The node's CPU per request in the first ceiling window, when read.</param>
    public AlternatedRatio(int threads, int connections, double firstCeilingRps, double? firstCeilingNodeCpuUs = null)
    {
        Threads = threads;
        Connections = connections;
        _ceilings.Add(firstCeilingRps);
        _ceilingCpu.Add(firstCeilingNodeCpuUs);
    }

    public int Threads { get; }

    public int Connections { get; }

    public int Windows => _ballots.Count;

    /// <summary>A ballot window and the ceiling window measured right after it; returns the ceiling that window is
    /// compared with (the mean of the ceiling windows either side).</summary>
    public double Add(double ballotRps, double nextCeilingRps, double? ballotNodeCpuUs = null, double? nextCeilingNodeCpuUs = null)
    {
        _ballots.Add(ballotRps);
        _ceilings.Add(nextCeilingRps);
        _ballotCpu.Add(ballotNodeCpuUs);
        _ceilingCpu.Add(nextCeilingNodeCpuUs);
        return CeilingOf(_ballots.Count - 1);
    }

    /// <summary>Each ballot window's node CPU ratio: the mean of the ceiling windows' node CPU per request either side of
    /// it over the ballot's; empty unless every window's was read.</summary>
    public IReadOnlyList<double> CpuRatios =>
        _ballotCpu.All(cpu => cpu > 0) && _ceilingCpu.All(cpu => cpu > 0)
            ? [.. _ballotCpu.Select((cpu, i) => (_ceilingCpu[i]!.Value + _ceilingCpu[i + 1]!.Value) / 2 / cpu!.Value)]
            : [];

    /// <summary>Each ballot window's rps over its ceiling, in the order measured (0 when the ceiling measured nothing).</summary>
    public IReadOnlyList<double> Ratios => [.. _ballots.Select((rps, i) => CeilingOf(i) > 0 ? rps / CeilingOf(i) : 0)];

    public double MedianRatio => Median(Ratios);

    /// <summary>The median ballot window's rate: what the open model's offered rate and the closing spike build on.</summary>
    public double MedianBallotRps => Median(_ballots);

    /// <summary>The median ceiling window's rate: what the other scenarios are compared with.</summary>
    public double MedianCeilingRps => Median(_ceilings);

    /// <summary>"median 0.49 (0.45 to 0.53) over 5 ballot windows …; all windows together 49,000 of 100,000 rps = 0.49":
    /// the pooled figure sums the ballot windows and the ceilings they were compared with.</summary>
    public string Describe()
    {
        if (Windows == 0)
        {
            return "no ballot window measured";
        }

        var ratios = Ratios;
        var ceilings = Enumerable.Range(0, Windows).Sum(CeilingOf);
        var cpu = CpuRatios;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"median {MedianRatio:0.00} ({ratios.Min():0.00} to {ratios.Max():0.00}) over {Windows} ballot windows alternated with the ceiling's; all windows together {_ballots.Sum():N0} of {ceilings:N0} rps = {(ceilings > 0 ? _ballots.Sum() / ceilings : 0):0.00}")
            + (cpu.Count == 0 ? "" : string.Create(
                CultureInfo.InvariantCulture,
                $"; the node's CPU per request, ceiling over ballot: median {Median(cpu):0.00} ({cpu.Min():0.00} to {cpu.Max():0.00}), {Median([.. _ceilingCpu.Select(c => c!.Value)]):0} against {Median([.. _ballotCpu.Select(c => c!.Value)]):0} µs"));
    }

    private double CeilingOf(int ballotWindow) => (_ceilings[ballotWindow] + _ceilings[ballotWindow + 1]) / 2;

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
