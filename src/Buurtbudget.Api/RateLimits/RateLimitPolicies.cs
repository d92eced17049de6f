using System.Threading.RateLimiting;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.RateLimits;

/// <summary>The named rate-limit policies. An endpoint attaches one with <c>.RequireRateLimiting(name)</c> and gets
/// all of that policy's limits. Every limit sits in one chain, narrowest first: ASP.NET Core asks its global limiter
/// before an endpoint's, and a window or bucket keeps the permit of a request refused further on, so a shared bucket
/// asked first pays for requests the narrow one refuses. In this chain a request refused by its own limit (its
/// resident, its address) spends nothing that others share. The named policies themselves only mark the endpoint.</summary>
internal static class RateLimitPolicies
{
    /// <summary>Reading and casting one's own ballot: per resident, then per address (reads and writes apart).</summary>
    public const string Ballot = "ballot";

    /// <summary>Entering a voting code (anonymous): per address, then per IPv6 site; an alarm, never a refusal, per round.</summary>
    public const string VotingCode = "voting-code";

    /// <summary>Reading what is public (rounds, proposals, results, spending) without an account: per address, for
    /// anonymous callers only; a signed-in caller is not limited here.</summary>
    public const string PublicRead = "public-read";

    /// <summary>Posting an argument for or against a proposal: per resident (their participant key), over a sliding hour.</summary>
    public const string Argument = "argument";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddBuurtbudgetRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, ILoggerFactory, BuurtbudgetMetrics>((options, limits, loggers, metrics) =>
        {
            var configured = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, cancellationToken) =>
            {
                metrics.RateLimitRefused(PolicyOf(rejected.HttpContext));
                return RateLimitRejection.AnswerAsync(rejected, cancellationToken);
            };
            options.AddPolicy(Ballot, _ => RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(VotingCode, _ => RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(PublicRead, _ => RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(Argument, _ => RateLimitPartition.GetNoLimiter(""));
            options.GlobalLimiter = Chain(configured, loggers.CreateLogger(typeof(RoundAlarm)));
        });
        return services;
    }

    /// <summary>Every limit, in the order a request meets them: its own (resident, or address for code entry), then
    /// what it shares with others (address, IPv6 site), then the round's alarm, which only counts.</summary>
    public static PartitionedRateLimiter<HttpContext> Chain(RateLimitOptions limits, ILogger alarmLog) =>
        PartitionedRateLimiter.CreateChained(Own(limits), Shared(limits), Alarm(limits, alarmLog));

    /// <summary>The narrowest limit: per resident for ballots (keyed by the participant key, a keyed hash, never the
    /// identity provider's subject), per address for code entry. An anonymous ballot request has no resident:
    /// authorisation refuses it right after; it is counted per address in a bucket of its own, so that anonymous
    /// requests never use up what signed-in residents behind the same address share.</summary>
    public static PartitionedRateLimiter<HttpContext> Own(RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context => (limits.Enabled, PolicyOf(context)) switch
        {
            (true, Ballot) when context.TryGetCaller(out var caller) =>
                RateLimitPartition.GetSlidingWindowLimiter("resident " + caller.ParticipantKey.Value, _ => PerMinute(limits.Ballot.PerResidentPerMinute)),
            (true, Ballot) =>
                RateLimitPartition.GetSlidingWindowLimiter("anonymous " + AddressOf(context), _ => PerMinute(limits.Ballot.PerAddressPerMinute)),
            (true, VotingCode) =>
                RateLimitPartition.GetTokenBucketLimiter("code " + AddressOf(context), _ => Bucket(limits.VotingCode.PerAddressPerMinute)),
            // Keyed by the participant key only, never by address: neighbours behind one address each post their own.
            // An anonymous request has no key and is refused by authorisation right after, so it is not counted.
            (true, Argument) when context.TryGetCaller(out var author) =>
                RateLimitPartition.GetSlidingWindowLimiter("argument " + author.ParticipantKey.Value, _ => PerHour(limits.Argument.PerResidentPerHour)),
            (true, PublicRead) when !context.TryGetCaller(out _) =>
                RateLimitPartition.GetSlidingWindowLimiter("public " + AddressOf(context), _ => PerMinute(limits.PublicRead.AnonymousPerAddressPerMinute)),
            _ => RateLimitPartition.GetNoLimiter(""),
        });
    }

    /// <summary>What requests from one address (or IPv6 site) share, counted only for requests their own limit let
    /// through. Ballot reads and writes have a bucket each, so that residents reading their ballots never stop
    /// another resident behind the same address from casting one.</summary>
    public static PartitionedRateLimiter<HttpContext> Shared(RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context => (limits.Enabled, PolicyOf(context)) switch
        {
            (true, Ballot) when context.TryGetCaller(out _) =>
                RateLimitPartition.GetSlidingWindowLimiter(
                    (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? "read " : "write ") + AddressOf(context),
                    _ => PerMinute(limits.Ballot.PerAddressPerMinute)),
            (true, VotingCode) when ClientAddress.SitePartitionKey(context.Connection.RemoteIpAddress) is { } site =>
                RateLimitPartition.GetTokenBucketLimiter("site " + site, _ => Bucket(limits.VotingCode.PerSitePerMinute)),
            _ => RateLimitPartition.GetNoLimiter(""),
        });
    }

    /// <summary>Code entries per round, counted after every other limit: a warning in the log when a round sees more
    /// than the alarm level. Never a refusal, because a round-wide refusal is a switch any guesser with enough
    /// addresses could use to lock out every resident typing a real code.</summary>
    public static PartitionedRateLimiter<HttpContext> Alarm(RateLimitOptions limits, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
            limits.Enabled && string.Equals(PolicyOf(context), VotingCode, StringComparison.Ordinal) && RoundOf(context) is { } round
                ? RateLimitPartition.Get(round, key => new RoundAlarm(key, limits.VotingCode.AlarmPerRoundPerMinute, PerMinute, log))
                : RateLimitPartition.GetNoLimiter(""));
    }

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static string AddressOf(HttpContext context) => ClientAddress.PartitionKey(context.Connection.RemoteIpAddress);

    /// <summary>The route's round id in its one spelling; null when it is not a round id (the endpoint refuses it).
    /// Parsed, not taken as sent, so that another spelling of the same id cannot count apart.</summary>
    private static string? RoundOf(HttpContext context) =>
        context.Request.RouteValues.TryGetValue("roundId", out var value) && RoundId.TryParse(value as string, out var round) ? round.ToString() : null;

    private static SlidingWindowRateLimiterOptions PerHour(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromHours(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static SlidingWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = Minute,
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>A token bucket: this many at once, refilled at this many a minute, so a few mistypes in a row are fine
    /// and guessing is slow.</summary>
    private static TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = perMinute,
        ReplenishmentPeriod = Minute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
