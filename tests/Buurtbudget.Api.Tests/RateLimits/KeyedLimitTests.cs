using Buurtbudget.Api.RateLimits;
using Microsoft.Extensions.Logging.Abstractions;

namespace Buurtbudget.Api.Tests.RateLimits;

/// <summary>The keyed limits count each key from the time alone, with no timer, and forget a key only once it holds
/// every permit again. A stopped clock moved by hand makes every answer exact.</summary>
public sealed class KeyedLimitTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_sliding_window_gives_a_permit_back_when_the_segment_it_was_taken_in_leaves_the_window()
    {
        var clock = new HandClock();
        var limit = new SlidingWindowLimit(3, Minute, 6, clock);

        Assert.True(limit.Acquire("a", 1).Acquired);
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True(limit.Acquire("a", 1).Acquired);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(limit.Acquire("a", 1).Acquired);

        // At 50 s all three are taken; the first (segment 0 to 10 s) leaves the window at 60 s.
        clock.Advance(TimeSpan.FromSeconds(5));
        var refused = limit.Acquire("a", 1);
        Assert.False(refused.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);
        Assert.True(limit.Acquire("b", 1).Acquired);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limit.Acquire("a", 1).Acquired);

        // The next comes back when the one taken at 25 s (segment 20 to 30 s) leaves, at 80 s.
        var again = limit.Acquire("a", 1);
        Assert.False(again.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(20), again.RetryAfter);
    }

    [Fact]
    public void A_refusal_takes_nothing_and_only_the_first_in_a_row_is_marked_first()
    {
        var clock = new HandClock();
        var limit = new SlidingWindowLimit(2, Minute, 6, clock);
        limit.Acquire("a", 2);

        var first = limit.Acquire("a", 1);
        var second = limit.Acquire("a", 1);
        Assert.True(first is { Acquired: false, FirstRefusal: true });
        Assert.True(second is { Acquired: false, FirstRefusal: false });

        // Refusals spent nothing: after a minute both permits are back.
        clock.Advance(Minute);
        Assert.True(limit.Acquire("a", 2).Acquired);
        Assert.True(limit.Acquire("a", 1) is { Acquired: false, FirstRefusal: true });
    }

    [Fact]
    public void A_token_bucket_refills_a_period_after_the_keys_first_request()
    {
        var clock = new HandClock();
        var limit = new TokenBucketLimit(10, 10, Minute, clock);
        clock.Advance(TimeSpan.FromSeconds(7));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.True(limit.Acquire("203.0.113.9", 1).Acquired);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var refused = limit.Acquire("203.0.113.9", 1);
        Assert.False(refused.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(50), refused.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(50));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.True(limit.Acquire("203.0.113.9", 1).Acquired);
        }

        Assert.False(limit.Acquire("203.0.113.9", 1).Acquired);
    }

    [Fact]
    public void Keys_quiet_for_a_whole_window_are_forgotten_and_a_key_still_holding_permits_back_is_not()
    {
        var clock = new HandClock();
        var limit = new SlidingWindowLimit(3, Minute, 6, clock);
        for (var resident = 0; resident < 10_000; resident++)
        {
            limit.Acquire($"resident {resident}", 1);
        }

        clock.Advance(TimeSpan.FromSeconds(50));
        limit.Acquire("eager", 3);
        Assert.Equal(10_001, limit.KeyCount);

        // A minute after the first requests the keys move to the older generation, still remembered.
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(limit.Acquire("eager", 1).Acquired);
        Assert.Equal(10_001, limit.KeyCount);

        // Another minute on, the 10,000 quiet keys (their permits long back) are dropped whole; the eager key, asked
        // about in between, was kept, and is still refused until its permits leave the window.
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.False(limit.Acquire("eager", 1).Acquired);
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True(limit.Acquire("someone new", 1).Acquired);
        Assert.Equal(2, limit.KeyCount);
        Assert.True(limit.Acquire("eager", 3).Acquired);
    }

    [Fact]
    public void Concurrent_requests_for_one_key_are_granted_exactly_the_limit()
    {
        var limit = new SlidingWindowLimit(5_000, TimeSpan.FromHours(1), 6, new HandClock());
        var granted = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (limit.Acquire("one resident", 1).Acquired)
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(5_000, granted);
    }

    [Fact]
    public void The_chain_refuses_through_the_keyed_limits_with_the_time_to_wait()
    {
        var clock = new HandClock();
        var limits = new RateLimitOptions { VotingCode = { PerAddressPerMinute = 2 } };
        using var limiter = RateLimitPolicies.Chain(limits, NullLogger.Instance, clock);
        var entry = CodeGuessingTests.CodeEntry("203.0.113.9", "0195a1b2-0000-7000-8000-00000000c0de");

        using (var first = limiter.AttemptAcquire(entry))
        using (var second = limiter.AttemptAcquire(entry))
        {
            Assert.True(first.IsAcquired && second.IsAcquired);
        }

        clock.Advance(TimeSpan.FromSeconds(45));
        using var refused = limiter.AttemptAcquire(entry);
        Assert.False(refused.IsAcquired);
        Assert.Equal(15, RateLimitRejection.RetryAfterSeconds(refused));
    }

    /// <summary>Time that moves only when the test moves it; a limit that asked for a timer would fail the test.</summary>
    private sealed class HandClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            throw new InvalidOperationException("A keyed limit counts from the time alone and needs no timer.");

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
