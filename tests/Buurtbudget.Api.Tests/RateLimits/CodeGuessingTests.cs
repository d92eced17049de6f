using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Tests.RateLimits;

/// <summary>Voting codes are at least 60 random bits (78.5 in fact); the "voting-code" policy makes guessing one hopeless long before it
/// could succeed. Checked against the limits the API actually starts with (appsettings.json), and against the
/// limiters those policies build.</summary>
public sealed class CodeGuessingTests : IDisposable
{
    private const double CodeSpace = 1L << 60;
    private const double CodesIssued = 50_000;
    private const double MinutesPerYear = 60 * 24 * 365.25;

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Guessing_one_of_fifty_thousand_codes_takes_over_a_hundred_years_even_from_ten_thousand_addresses()
    {
        var limits = await ConfiguredLimitsAsync();

        // Each guess hits one of the issued codes with chance N / 2^bits, so a hit takes 2^bits / N guesses on average.
        var guessesPerHit = CodeSpace / CodesIssued;
        var oneAddress = guessesPerHit / limits.VotingCode.PerAddressPerMinute / MinutesPerYear;
        var manyAddresses = guessesPerHit / (10_000.0 * limits.VotingCode.PerAddressPerMinute) / MinutesPerYear;
        var oneIPv6Site = guessesPerHit / limits.VotingCode.PerSitePerMinute / MinutesPerYear;

        // No round-wide ceiling bounds a botnet (it would lock real voters out); the codes' full entropy does.
        var realGuessesPerHit = Math.Pow(2, Domain.VotingCodes.VotingCode.EntropyBits) / CodesIssued;
        var millionAddresses = realGuessesPerHit / (1_000_000.0 * limits.VotingCode.PerAddressPerMinute) / MinutesPerYear;

        Assert.True(oneAddress > 1e6, $"One address would need {oneAddress:E2} years.");
        Assert.True(oneIPv6Site > 1e5, $"One IPv6 /48 would need {oneIPv6Site:E2} years.");
        Assert.True(manyAddresses > 100, $"10,000 addresses would need {manyAddresses:F0} years.");
        Assert.True(millionAddresses > 100_000, $"A million addresses would need {millionAddresses:E2} years with the codes' {Domain.VotingCodes.VotingCode.EntropyBits:F1} bits.");
    }

    [Fact]
    public async Task The_eleventh_attempt_within_a_minute_from_one_address_is_refused()
    {
        var limits = await ConfiguredLimitsAsync();
        Assert.Equal(10, limits.VotingCode.PerAddressPerMinute);
        using var limiter = RateLimitPolicies.Chain(limits, NullLogger.Instance);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var granted = limiter.AttemptAcquire(CodeEntry("203.0.113.9", RoundA));
            Assert.True(granted.IsAcquired, $"Attempt {attempt} was refused.");
        }

        using var refused = limiter.AttemptAcquire(CodeEntry("203.0.113.9", RoundA));
        Assert.False(refused.IsAcquired);
        Assert.InRange(RateLimitRejection.RetryAfterSeconds(refused), 1, 60);

        // Another address has its own bucket.
        using var other = limiter.AttemptAcquire(CodeEntry("203.0.113.10", RoundA));
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public void Stepping_through_the_64s_of_one_IPv6_site_is_stopped_by_the_site_limit_and_refused_steps_cost_the_site_nothing()
    {
        var limits = new RateLimitOptions { VotingCode = { PerAddressPerMinute = 2, PerSitePerMinute = 5 } };
        using var limiter = RateLimitPolicies.Chain(limits, NullLogger.Instance);

        // One /64 spends its own two attempts and is then refused, however often it tries: the site's five are untouched.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var lease = limiter.AttemptAcquire(CodeEntry("2001:db8:aa:1::1", RoundA));
            Assert.Equal(attempt < 2, lease.IsAcquired);
        }

        // Three more /64s of the same /48 get the site's other three attempts, then the site is spent.
        var granted = 0;
        for (var subnet = 2; subnet <= 6; subnet++)
        {
            using var lease = limiter.AttemptAcquire(CodeEntry($"2001:db8:aa:{subnet}::1", RoundA));
            granted += lease.IsAcquired ? 1 : 0;
        }

        Assert.Equal(3, granted);
        using var otherSite = limiter.AttemptAcquire(CodeEntry("2001:db8:bb:1::1", RoundA));
        Assert.True(otherSite.IsAcquired);
    }

    [Fact]
    public async Task Over_http_the_eleventh_invented_code_from_one_address_is_refused_before_it_is_checked()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var guesser = BuurtbudgetApp.From(app.Anonymous(), "198.51.100.7");

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var guess = new { code = $"KX7F-9QPM-3TRW-H4N{"23456789AB"[attempt - 1]}", choices = new[] { new { proposalId = 1 } } };
            await (await guesser.PutAsJsonAsync($"/api/rounds/{round}/ballot/by-code", guess)).Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
        }

        var eleventh = await guesser.PutAsJsonAsync($"/api/rounds/{round}/ballot/by-code", new { code = "KX7F-9QPM-3TRW-H4NC", choices = new[] { new { proposalId = 1 } } });
        await eleventh.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(eleventh.Headers.RetryAfter);
        var lookup = await guesser.PostAsJsonAsync($"/api/rounds/{round}/ballot/by-code/lookup", new { code = "KX7F-9QPM-3TRW-H4NC" });
        Assert.Equal(HttpStatusCode.TooManyRequests, lookup.StatusCode);

        // Another address still gets its answer.
        await (await BuurtbudgetApp.From(app.Anonymous(), "198.51.100.8").PutAsJsonAsync($"/api/rounds/{round}/ballot/by-code", new { code = "KX7F-9QPM-3TRW-H4NC", choices = new[] { new { proposalId = 1 } } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "unknown-voting-code");
    }

    [Fact]
    public void Many_addresses_together_pass_the_round_alarm_level_and_are_warned_about_not_refused()
    {
        var limits = new RateLimitOptions { VotingCode = { AlarmPerRoundPerMinute = 5 } };
        var log = new CountingLogger();
        using var limiter = RateLimitPolicies.Chain(limits, log);

        for (var address = 1; address <= 50; address++)
        {
            using var granted = limiter.AttemptAcquire(CodeEntry($"192.0.2.{address}", RoundA));
            Assert.True(granted.IsAcquired, $"Address {address} was refused.");
        }

        // One warning for the flood, not one per request; another round is not part of it.
        Assert.Equal(1, log.Warnings);
        using var otherRound = limiter.AttemptAcquire(CodeEntry("192.0.2.99", RoundB));
        Assert.True(otherRound.IsAcquired);
        Assert.Equal(1, log.Warnings);
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Warnings += logLevel == LogLevel.Warning ? 1 : 0;
    }

    private const string RoundA = "0195a1b2-0000-7000-8000-00000000c0de";
    private const string RoundB = "0195a1b2-0000-7000-8000-00000000c0df";

    private async Task<RateLimitOptions> ConfiguredLimitsAsync()
    {
        await using var app = new BuurtbudgetApp(_directory);
        return app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
    }

    /// <summary>A request to an endpoint that attached the policy as the code-entry endpoints will.</summary>
    internal static DefaultHttpContext CodeEntry(string address, string round)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.RouteValues = new RouteValueDictionary { ["roundId"] = round };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new EnableRateLimitingAttribute(RateLimitPolicies.VotingCode)), "code entry"));
        return context;
    }
}
