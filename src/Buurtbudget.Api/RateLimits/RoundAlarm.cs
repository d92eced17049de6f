using System.Threading.RateLimiting;

namespace Buurtbudget.Api.RateLimits;

/// <summary>A limiter that never refuses: it counts each round's code entries in a sliding minute and logs a warning
/// when they go above the alarm level, so that an operator sees a guessing flood (and can block it at the proxy)
/// without the platform itself turning real code voters away. It warns once each time a round's count crosses the
/// level, not once per request, so a flood cannot flood the log too.</summary>
internal sealed partial class RoundAlarm(Func<HttpContext, string?> roundOf, SlidingWindowLimit count, ILogger log) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (roundOf(resource) is { } round && count.Acquire(round, permitCount) is { Acquired: false, FirstRefusal: true })
        {
            LogFlood(log, round, count.PermitLimit);
        }

        return KeyedLeases.Acquired;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voting-code entries for round {RoundId} passed {AlarmPerMinute} a minute: codes may be being guessed from many addresses. Nobody is refused for it; block the sources at the proxy if it goes on")]
    private static partial void LogFlood(ILogger logger, string roundId, int alarmPerMinute);
}
