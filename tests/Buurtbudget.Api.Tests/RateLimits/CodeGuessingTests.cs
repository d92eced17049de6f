using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Tests.RateLimits;

/// <summary>Voting codes are 60 random bits; the "voting-code" policy makes guessing one hopeless long before it
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

        // Each guess hits one of the issued codes with chance N / 2^60, so a hit takes 2^60 / N guesses on average.
        var guessesPerHit = CodeSpace / CodesIssued;
        var oneAddress = guessesPerHit / limits.VotingCode.PerAddressPerMinute / MinutesPerYear;
        var manyAddresses = guessesPerHit / (10_000.0 * limits.VotingCode.PerAddressPerMinute) / MinutesPerYear;
        var anyNumberOfAddresses = guessesPerHit / limits.VotingCode.PerRoundPerMinute / MinutesPerYear;

        Assert.True(oneAddress > 1e6, $"One address would need {oneAddress:E2} years.");
        Assert.True(manyAddresses > 100, $"10,000 addresses would need {manyAddresses:F0} years, even without the per-round ceiling.");
        Assert.True(anyNumberOfAddresses > 100, $"The per-round ceiling alone allows a hit in {anyNumberOfAddresses:F0} years.");
    }

    [Fact]
    public async Task The_eleventh_attempt_within_a_minute_from_one_address_is_refused()
    {
        var limits = await ConfiguredLimitsAsync();
        Assert.Equal(10, limits.VotingCode.PerAddressPerMinute);
        var context = CodeEntry("203.0.113.9", RoundA);
        var partition = RateLimitPolicies.CodeEntryPerAddress(context, limits);
        using var limiter = partition.Factory(partition.PartitionKey);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var granted = limiter.AttemptAcquire();
            Assert.True(granted.IsAcquired, $"Attempt {attempt} was refused.");
        }

        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.InRange(RateLimitRejection.RetryAfterSeconds(refused), 1, 60);

        // Another address has its own bucket.
        var other = RateLimitPolicies.CodeEntryPerAddress(CodeEntry("203.0.113.10", RoundA), limits);
        Assert.NotEqual(partition.PartitionKey, other.PartitionKey);
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
    public void Many_addresses_together_hit_the_per_round_ceiling_and_other_rounds_do_not()
    {
        var limits = new RateLimitOptions { VotingCode = { PerRoundPerMinute = 5 } };
        using var ceiling = RateLimitPolicies.SecondDimension(limits);

        for (var address = 1; address <= 5; address++)
        {
            using var granted = ceiling.AttemptAcquire(CodeEntry($"192.0.2.{address}", RoundA));
            Assert.True(granted.IsAcquired);
        }

        using var refused = ceiling.AttemptAcquire(CodeEntry("192.0.2.99", RoundA));
        Assert.False(refused.IsAcquired);
        using var otherRound = ceiling.AttemptAcquire(CodeEntry("192.0.2.99", RoundB));
        Assert.True(otherRound.IsAcquired);
    }

    private const string RoundA = "0195a1b2-0000-7000-8000-00000000c0de";
    private const string RoundB = "0195a1b2-0000-7000-8000-00000000c0df";

    private async Task<RateLimitOptions> ConfiguredLimitsAsync()
    {
        await using var app = new BuurtbudgetApp(_directory);
        return app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
    }

    /// <summary>A request to an endpoint that attached the policy as the code-entry endpoints will.</summary>
    private static DefaultHttpContext CodeEntry(string address, string round)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.RouteValues = new RouteValueDictionary { ["roundId"] = round };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new EnableRateLimitingAttribute(RateLimitPolicies.VotingCode)), "code entry"));
        return context;
    }
}
