using System.Threading.RateLimiting;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.RateLimits;

/// <summary>The named rate-limit policies. An endpoint attaches one with <c>.RequireRateLimiting(name)</c> and gets
/// both of that policy's limits: the named policy partitions per resident (ballot) or per address (voting code),
/// and the global limiter, which reads the same name from the endpoint, adds the second dimension (per address for
/// ballots, per round for voting codes). One call, so an endpoint cannot get half its limits.</summary>
internal static class RateLimitPolicies
{
    /// <summary>Reading and casting one's own ballot: per resident, and per address.</summary>
    public const string Ballot = "ballot";

    /// <summary>Entering a voting code (anonymous): per address as a token bucket, and a ceiling per round.</summary>
    public const string VotingCode = "voting-code";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddBuurtbudgetRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var configured = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.AnswerAsync;
            options.AddPolicy(Ballot, context => PerResident(context, configured));
            options.AddPolicy(VotingCode, context => CodeEntryPerAddress(context, configured));
            options.GlobalLimiter = SecondDimension(configured);
        });
        return services;
    }

    /// <summary>The limits a ballot request counts against per resident. Keyed by the participant key (a keyed
    /// hash), never the identity provider's subject. An anonymous request has no resident: authorisation refuses it
    /// right after, and the per-address limit still counts it.</summary>
    public static RateLimitPartition<string> PerResident(HttpContext context, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (!limits.Enabled || !context.TryGetCaller(out var caller))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.GetSlidingWindowLimiter(caller.ParticipantKey.Value, _ => PerMinute(limits.Ballot.PerResidentPerMinute));
    }

    /// <summary>Code entry per address: a token bucket, so a few mistypes in a row are fine and guessing is slow.</summary>
    public static RateLimitPartition<string> CodeEntryPerAddress(HttpContext context, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        if (!limits.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var perMinute = limits.VotingCode.PerAddressPerMinute;
        return RateLimitPartition.GetTokenBucketLimiter(ClientAddress.PartitionKey(context.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = Minute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The limit each policy adds beside its named one, chosen by the policy name on the endpoint.</summary>
    public static PartitionedRateLimiter<HttpContext> SecondDimension(RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!limits.Enabled)
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            return PolicyOf(context) switch
            {
                Ballot => RateLimitPartition.GetSlidingWindowLimiter(
                    Ballot + " " + ClientAddress.PartitionKey(context.Connection.RemoteIpAddress), _ => PerMinute(limits.Ballot.PerAddressPerMinute)),
                VotingCode => RateLimitPartition.GetSlidingWindowLimiter(
                    VotingCode + " " + RoundOf(context), _ => PerMinute(limits.VotingCode.PerRoundPerMinute)),
                _ => RateLimitPartition.GetNoLimiter(""),
            };
        });
    }

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    // The route's round id as it came (it is not a secret); a malformed one is refused by the endpoint anyway.
    private static string RoundOf(HttpContext context) =>
        context.Request.RouteValues.TryGetValue("roundId", out var round) ? round as string ?? "" : "";

    private static SlidingWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = Minute,
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
