using System.Threading.RateLimiting;

namespace Buurtbudget.Api.RateLimits;

/// <summary>One rule (so many permits in so much time) that many keys (residents, addresses, rounds) each count against
/// on their own.
/// <para>Why not ASP.NET Core's partitioned limiter: it keeps a limiter object per key and replenishes every one of them
/// on a timer ten times a second, copying the whole set under its lock each time. A ballot's limit is per resident, so
/// on a city-wide voting day the set holds every resident who voted in the last minute: measured with 500,000 keys
/// (a minute at the hot path's rate), the timer alone took 0.59 to 0.64 s of CPU a second with no request arriving, 30 % of a
/// two-core node, and a request for a new key waited up to 8 to 11 ms behind the copy (<c>Buurtbudget.Benchmarks
/// rate-limits</c>, loadtests/README.md). A client spraying addresses from one IPv6 network could grow the set at
/// will.</para>
/// <para>Here a key's count is brought up to date only when that key is asked about, from the time alone, so a key
/// costs nothing between its requests. Keys live in two generations: each <see cref="ForgetAfter"/> the older one is
/// dropped whole and the newer one becomes the older; a key asked about in the older one moves to the newer. A key is
/// dropped only after <see cref="ForgetAfter"/> without a request, by when its rule has given it every permit back, so
/// a forgotten key starts again with exactly the permits it would have had, and the keys kept are those of the last
/// two periods at most. (A token bucket then counts its refills from the new first request.)</para></summary>
internal abstract class KeyedLimit
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _forgetAfterTicks;
    private readonly Lock _gate = new();
    private Dictionary<string, Counter> _current = new(StringComparer.Ordinal);
    private Dictionary<string, Counter> _previous = new(StringComparer.Ordinal);
    private long _generationStart;

    protected KeyedLimit(int permitLimit, TimeSpan forgetAfter, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(forgetAfter, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        PermitLimit = permitLimit;
        ForgetAfter = forgetAfter;
        _forgetAfterTicks = forgetAfter.Ticks;
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <summary>The most permits one key can hold at once.</summary>
    public int PermitLimit { get; }

    /// <summary>How long a key must go without a request before it may be forgotten: by then it holds every permit.</summary>
    public TimeSpan ForgetAfter { get; }

    /// <summary>Keys remembered now, in both generations.</summary>
    public int KeyCount
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    /// <summary>Takes <paramref name="permits"/> from <paramref name="key"/>'s count if it has them; a refusal takes
    /// nothing and says when to try again. Zero permits asks whether any is left, as ASP.NET Core's limiters do.</summary>
    public Verdict Acquire(string key, int permits)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(permits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, PermitLimit);
        var now = _time.GetElapsedTime(_origin).Ticks;
        lock (_gate)
        {
            return Decide(Find(key, now), permits, now);
        }
    }

    /// <summary>A key's count as it starts: every permit available.</summary>
    protected abstract Counter Start(long now);

    /// <summary>Brings <paramref name="counter"/> up to <paramref name="now"/> (ticks since the limit was made) and
    /// decides; called under the limit's lock.</summary>
    protected abstract Verdict Decide(Counter counter, int permits, long now);

    private Counter Find(string key, long now)
    {
        var age = now - _generationStart;
        if (age >= _forgetAfterTicks)
        {
            // Every key in the older generation has gone at least one period without a request: dropped whole.
            _previous = age >= 2 * _forgetAfterTicks ? new Dictionary<string, Counter>(StringComparer.Ordinal) : _current;
            _current = new Dictionary<string, Counter>(StringComparer.Ordinal);
            _generationStart = now;
        }

        if (_current.TryGetValue(key, out var counter))
        {
            return counter;
        }

        if (!_previous.Remove(key, out counter))
        {
            counter = Start(now);
        }

        _current.Add(key, counter);
        return counter;
    }

    /// <summary>One key's count; what it holds is up to the rule.</summary>
    protected abstract class Counter;
}

/// <summary>What a limit decided for one request.</summary>
/// <param name="Acquired">Whether the permits were taken.</param>
/// <param name="RetryAfter">When refused: how long until the key has the permits again.</param>
/// <param name="FirstRefusal">When refused: whether this is the key's first refusal since its last grant.</param>
internal readonly record struct Verdict(bool Acquired, TimeSpan RetryAfter, bool FirstRefusal)
{
    public static Verdict Granted => new(true, TimeSpan.Zero, false);

    public RateLimitLease ToLease() => Acquired ? KeyedLeases.Acquired : new KeyedLeases.Refused(RetryAfter);
}

/// <summary>So many permits in a sliding window split into segments: a permit comes back when the segment it was
/// taken in has left the window. The same rule as ASP.NET Core's sliding-window limiter.</summary>
internal sealed class SlidingWindowLimit : KeyedLimit
{
    private readonly long _segmentTicks;
    private readonly int _segments;

    public SlidingWindowLimit(int permitLimit, TimeSpan window, int segmentsPerWindow, TimeProvider time)
        : base(permitLimit, window, time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentsPerWindow, 1);
        if (window.Ticks < segmentsPerWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be at least one tick per segment.");
        }
        _segments = segmentsPerWindow;
        _segmentTicks = window.Ticks / segmentsPerWindow;
    }

    protected override Counter Start(long now) => new Window(now / _segmentTicks, _segments);

    protected override Verdict Decide(Counter counter, int permits, long now)
    {
        var window = (Window)counter;
        var segment = now / _segmentTicks;
        window.MoveTo(segment);
        var used = window.Used;
        if (permits == 0 ? used < PermitLimit : used + permits <= PermitLimit)
        {
            window.Take(segment, permits);
            window.Refused = false;
            return Verdict.Granted;
        }

        // The permits come back oldest segment first; the one that frees enough of them sets the time.
        var toFree = Math.Max(1, used + permits - PermitLimit);
        var freed = 0;
        var freedBy = segment;
        for (var oldest = segment - _segments + 1; oldest <= segment; oldest++)
        {
            freed += window.CountIn(oldest);
            if (freed >= toFree)
            {
                freedBy = oldest;
                break;
            }
        }

        var first = !window.Refused;
        window.Refused = true;
        return new Verdict(false, TimeSpan.FromTicks(((freedBy + _segments) * _segmentTicks) - now), first);
    }

    private sealed class Window(long segment, int segments) : Counter
    {
        private readonly int[] _counts = new int[segments];
        private long _segment = segment;

        public bool Refused { get; set; }

        public int Used
        {
            get
            {
                var used = 0;
                foreach (var count in _counts)
                {
                    used += count;
                }

                return used;
            }
        }

        /// <summary>Empties the segments that left the window since the last request.</summary>
        public void MoveTo(long segment)
        {
            if (segment - _segment >= _counts.Length)
            {
                Array.Clear(_counts);
            }
            else
            {
                for (var next = _segment + 1; next <= segment; next++)
                {
                    _counts[Slot(next)] = 0;
                }
            }

            _segment = Math.Max(_segment, segment);
        }

        /// <summary>The permits taken in <paramref name="segment"/>; none before the limit's first segment (0) nor
        /// before the window.</summary>
        public int CountIn(long segment) => segment < 0 || segment <= _segment - _counts.Length ? 0 : _counts[Slot(segment)];

        public void Take(long segment, int permits) => _counts[Slot(segment)] += permits;

        private int Slot(long segment) => (int)(segment % _counts.Length);
    }
}

/// <summary>A bucket of tokens, refilled by so many each period up to its size. The same rule as ASP.NET Core's
/// token-bucket limiter, counted from each key's first request.</summary>
internal sealed class TokenBucketLimit : KeyedLimit
{
    private readonly int _tokensPerPeriod;
    private readonly long _periodTicks;

    public TokenBucketLimit(int tokenLimit, int tokensPerPeriod, TimeSpan period, TimeProvider time)
        : base(tokenLimit, period * Math.Ceiling((double)tokenLimit / Math.Max(1, tokensPerPeriod)), time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _tokensPerPeriod = tokensPerPeriod;
        _periodTicks = period.Ticks;
    }

    protected override Counter Start(long now) => new Bucket(now, PermitLimit);

    protected override Verdict Decide(Counter counter, int permits, long now)
    {
        var bucket = (Bucket)counter;
        var periods = (now - bucket.PeriodStart) / _periodTicks;
        if (periods > 0)
        {
            bucket.Tokens = (int)Math.Min(PermitLimit, bucket.Tokens + (periods * _tokensPerPeriod));
            bucket.PeriodStart += periods * _periodTicks;
        }

        if (permits == 0 ? bucket.Tokens > 0 : bucket.Tokens >= permits)
        {
            bucket.Tokens -= permits;
            bucket.Refused = false;
            return Verdict.Granted;
        }

        var periodsNeeded = (Math.Max(1, permits - bucket.Tokens) + _tokensPerPeriod - 1) / _tokensPerPeriod;
        var first = !bucket.Refused;
        bucket.Refused = true;
        return new Verdict(false, TimeSpan.FromTicks(bucket.PeriodStart + (periodsNeeded * _periodTicks) - now), first);
    }

    private sealed class Bucket(long periodStart, int tokens) : Counter
    {
        public long PeriodStart { get; set; } = periodStart;

        public int Tokens { get; set; } = tokens;

        public bool Refused { get; set; }
    }
}

/// <summary>The leases a keyed limit hands out: one shared lease for every grant (nothing to give back: a window or
/// bucket keeps what it granted), and a refusal that says when to try again.</summary>
internal static class KeyedLeases
{
    public static readonly RateLimitLease Acquired = new Granted();

    private sealed class Granted : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    public sealed class Refused(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (string.Equals(metadataName, MetadataName.RetryAfter.Name, StringComparison.Ordinal))
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

/// <summary>A request's limit and the key it counts under; <see cref="None"/> when nothing limits it.</summary>
internal readonly record struct LimitedKey(KeyedLimit? Limit, string Key)
{
    public static LimitedKey None => default;
}

/// <summary>ASP.NET Core's view of a set of keyed limits: each request is mapped to at most one limit and key.</summary>
internal sealed class KeyedLimiter<TResource>(Func<TResource, LimitedKey> select) : PartitionedRateLimiter<TResource>
{
    public override RateLimiterStatistics? GetStatistics(TResource resource) => null;

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount)
    {
        var limited = select(resource);
        return limited.Limit is null ? KeyedLeases.Acquired : limited.Limit.Acquire(limited.Key, permitCount).ToLease();
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
}
