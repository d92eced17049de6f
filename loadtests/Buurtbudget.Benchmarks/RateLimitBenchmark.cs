using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Buurtbudget.Api.RateLimits;

namespace Buurtbudget.Benchmarks;

/// <summary>What a per-resident limit costs when many residents vote: ASP.NET Core's partitioned limiter (a limiter
/// object per key, every one replenished on a timer ten times a second) against the platform's keyed limits (a key
/// brought up to date only when asked about), the same sliding window for both, in one run.</summary>
/// <remarks>For each: the CPU per request while <c>--keys</c> residents each cast a first ballot (each a new key); the
/// CPU the process spends per second afterwards while no request arrives (the limiter's own upkeep, with the idle
/// process's own cost measured before and taken off); the longest and the 99.9th-percentile wait of a request for a
/// new key while that upkeep runs; and the managed memory each key keeps. Process CPU time, not wall time, except for
/// the waits.</remarks>
internal static class RateLimitBenchmark
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static int Run(string[] args)
    {
        var keys = Arguments.Option(args, "--keys") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : 500_000;
        var idle = TimeSpan.FromSeconds(Arguments.Option(args, "--idle-seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 5);
        var baseline = IdleCpuPerSecond(idle);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{keys:N0} residents, one first ballot each, 30 a minute per resident in a sliding minute of 6 segments; the idle process alone: {baseline:F1} ms CPU a second"));

        var aspNet = Measure(
            "ASP.NET Core's partitioned limiter",
            () => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = 30,
                Window = Window,
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            })),
            keys,
            idle,
            baseline);
        var keyed = Measure(
            "keyed limits",
            () =>
            {
                var limit = new SlidingWindowLimit(30, Window, 6, TimeProvider.System);
                return new KeyedLimiter<string>(key => new LimitedKey(limit, key));
            },
            keys,
            idle,
            baseline);

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"keyed against ASP.NET Core's, same run: CPU per request {keyed.CpuPerRequest / aspNet.CpuPerRequest:F2}x, upkeep {keyed.UpkeepPerSecond / Math.Max(0.1, aspNet.UpkeepPerSecond):F3}x, longest wait {keyed.LongestWait / aspNet.LongestWait:F3}x, memory per key {keyed.BytesPerKey / aspNet.BytesPerKey:F2}x"));
        return 0;
    }

    private static Figures Measure(string name, Func<PartitionedRateLimiter<string>> create, int keys, TimeSpan idle, double baseline)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        using var limiter = create();

        var cpu = process.TotalProcessorTime;
        for (var resident = 0; resident < keys; resident++)
        {
            using var lease = limiter.AttemptAcquire("resident " + resident.ToString(CultureInfo.InvariantCulture));
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException($"{name} refused a resident's first ballot.");
            }
        }

        process.Refresh();
        var cpuPerRequest = (process.TotalProcessorTime - cpu).TotalMicroseconds / keys;
        var bytesPerKey = (double)(GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / keys;

        var upkeep = IdleCpuPerSecond(idle) - baseline;

        // New keys one by one, paced, while the upkeep runs beside them: how long a single request can wait.
        var waits = new List<double>();
        var until = Stopwatch.GetTimestamp() + (long)(idle.TotalSeconds * Stopwatch.Frequency);
        for (var next = 0; Stopwatch.GetTimestamp() < until; next++)
        {
            var started = Stopwatch.GetTimestamp();
            using (limiter.AttemptAcquire("new " + next.ToString(CultureInfo.InvariantCulture)))
            {
                waits.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Thread.Sleep(1);
        }

        waits.Sort();
        var figures = new Figures(cpuPerRequest, Math.Max(0, upkeep), waits[^1], waits[(int)(waits.Count * 0.999)], bytesPerKey);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-36} CPU per request {figures.CpuPerRequest,6:F2} µs   upkeep with no request {figures.UpkeepPerSecond,7:F1} ms CPU a second   wait for a new key p99.9 {figures.WaitP999,7:F3} ms, longest {figures.LongestWait,7:F3} ms ({waits.Count:N0} requests)   memory {figures.BytesPerKey,5:F0} B a key"));
        return figures;
    }

    /// <summary>Milliseconds of CPU the process spends per second while this thread sleeps.</summary>
    private static double IdleCpuPerSecond(TimeSpan idle)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        Thread.Sleep(idle);
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMilliseconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private readonly record struct Figures(double CpuPerRequest, double UpkeepPerSecond, double LongestWait, double WaitP999, double BytesPerKey);
}
