using System.Threading.RateLimiting;

namespace Buurtbudget.Api.RateLimits;

/// <summary>A limiter that never refuses: it counts one round's code entries in a sliding minute and logs a warning
/// when they go above the alarm level, so that an operator sees a guessing flood (and can block it at the proxy)
/// without the platform itself turning real code voters away. It warns once each time the count crosses the level,
/// not once per request, so a flood cannot flood the log too.</summary>
internal sealed partial class RoundAlarm(string round, int perMinute, Func<int, SlidingWindowRateLimiterOptions> window, ILogger log) : RateLimiter
{
    private readonly SlidingWindowRateLimiter _count = new(window(perMinute));
    private int _raised;

    public override TimeSpan? IdleDuration => _count.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _count.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        using var counted = _count.AttemptAcquire(permitCount);
        if (counted.IsAcquired)
        {
            Volatile.Write(ref _raised, 0);
        }
        else if (Interlocked.Exchange(ref _raised, 1) == 0)
        {
            LogFlood(log, round, perMinute);
        }

        return Granted.Lease;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _count.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voting-code entries for round {RoundId} passed {AlarmPerMinute} a minute: codes may be being guessed from many addresses. Nobody is refused for it; block the sources at the proxy if it goes on")]
    private static partial void LogFlood(ILogger logger, string roundId, int alarmPerMinute);

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
