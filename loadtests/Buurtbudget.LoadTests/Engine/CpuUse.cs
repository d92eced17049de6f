using System.Globalization;

namespace Buurtbudget.LoadTests.Engine;

/// <summary>Where the machine's CPU went during one measured window: the node's, the load engine's, and the share of
/// the machine that stood idle. The load engine runs on the node's machine, so a scenario's rps depends on what the
/// engine spends per request too; the node's own CPU per request does not, and is the figure to compare scenarios by
/// when the ratio of their rps could owe something to the engine.</summary>
/// <param name="NodeSeconds">CPU seconds (user and system, every thread) the node used in the window.</param>
/// <param name="EngineSeconds">CPU seconds wrk used in the window.</param>
/// <param name="IdleShare">The machine's idle time (and time waiting for the disk) in the window, over its whole
/// capacity (every core): 0.05 means 5 % of the machine stood idle.</param>
public sealed record CpuUse(double NodeSeconds, double EngineSeconds, double IdleShare)
{
    /// <summary>The node's CPU per request answered in the window, in microseconds; null when none was.</summary>
    public double? NodeMicrosecondsPer(long requests) => PerRequest(NodeSeconds, requests);

    /// <summary>wrk's CPU per request answered in the window, in microseconds; null when none was.</summary>
    public double? EngineMicrosecondsPer(long requests) => PerRequest(EngineSeconds, requests);

    private static double? PerRequest(double seconds, long requests) => requests > 0 ? seconds * 1e6 / requests : null;
}

/// <summary>Reads CPU times from Linux's /proc: a process's user and system time over all its threads
/// (<c>/proc/&lt;pid&gt;/stat</c>), and the whole machine's time by state (<c>/proc/stat</c>), both in clock ticks of
/// 1/100 s: Linux reports /proc in USER_HZ, 100 a second, whatever its kernel's own tick rate.</summary>
public static class ProcCpu
{
    public const double TicksPerSecond = 100;

    /// <summary>A process's user plus system ticks from the text of its <c>/proc/&lt;pid&gt;/stat</c>. The process's
    /// name (second field) is in parentheses and may hold spaces and parentheses itself, so the fields are counted from
    /// the last closing one: after it come state (field 3) … utime (14) and stime (15).</summary>
    public static long ProcessTicks(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            throw new FormatException("A process's stat line names the process in parentheses.");
        }

        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13)
        {
            throw new FormatException($"A process's stat line has at least 15 fields; this one has {fields.Length + 2}.");
        }

        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The machine's ticks from the first line of <c>/proc/stat</c> ("cpu  user nice system idle iowait irq
    /// softirq steal …"): all of them, and those idle or waiting for the disk. Guest time is left out: it is counted in
    /// user time already.</summary>
    public static (long Total, long Idle) MachineTicks(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var newline = stat.IndexOf('\n');
        var line = newline >= 0 ? stat[..newline] : stat;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || !string.Equals(fields[0], "cpu", StringComparison.Ordinal))
        {
            throw new FormatException("/proc/stat begins with the machine's 'cpu' line.");
        }

        long total = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            total += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + (fields.Length > 5 ? long.Parse(fields[5], CultureInfo.InvariantCulture) : 0);
        return (total, idle);
    }

    /// <summary>The node's, the engine's and the machine's ticks now; null where /proc cannot be read (not Linux, or a
    /// process that has ended).</summary>
    public static CpuReading? Read(int nodeProcessId, int engineProcessId)
    {
        try
        {
            var (total, idle) = MachineTicks(File.ReadAllText("/proc/stat"));
            return new CpuReading(
                ProcessTicks(File.ReadAllText($"/proc/{nodeProcessId}/stat")),
                ProcessTicks(File.ReadAllText($"/proc/{engineProcessId}/stat")),
                total,
                idle);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>The ticks at one moment; two of them make a <see cref="CpuUse"/>.</summary>
public sealed record CpuReading(long NodeTicks, long EngineTicks, long MachineTicks, long IdleTicks)
{
    public static CpuUse? Between(CpuReading? start, CpuReading? end)
    {
        if (start is null || end is null || end.MachineTicks <= start.MachineTicks)
        {
            return null;
        }

        return new CpuUse(
            (end.NodeTicks - start.NodeTicks) / ProcCpu.TicksPerSecond,
            (end.EngineTicks - start.EngineTicks) / ProcCpu.TicksPerSecond,
            (double)(end.IdleTicks - start.IdleTicks) / (end.MachineTicks - start.MachineTicks));
    }
}
