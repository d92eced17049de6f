using System.Threading.RateLimiting;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.RateLimits;

/// <summary>The named rate-limit policies. An endpoint attaches one with <c>.RequireRateLimiting(name)</c> and gets
/// all of that policy's limits. Every limit sits in one chain, narrowest first, asked by <see cref="RateLimiting"/>:
/// a window or bucket keeps the permit of a request refused further on, so a shared bucket asked first would pay for
/// requests the narrow one refuses. In this chain a request refused by its own limit (its resident, its address)
/// spends nothing that others share. The policy names themselves only mark the endpoint.</summary>
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

    /// <summary>Leaving an e-mail address for a wijk's news: per client address (a household shares one).</summary>
    public const string NewsSubscription = "news-subscribe";

    /// <summary>News sign-ups per client address per hour: a household may sign up a few addresses in a row; a script
    /// may not sign up a street.</summary>
    public const int NewsSubscriptionsPerAddressPerHour = 10;

    // Windows are counted in six segments: a permit comes back within a sixth of the window after it leaves it.
    private const int Segments = 6;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddBuurtbudgetRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddSingleton(provider => Chain(
            provider.GetRequiredService<IOptions<RateLimitOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RoundAlarm))));
        return services;
    }

    /// <summary>Every limit, in the order a request meets them: its own (resident, or address for code entry), then
    /// what it shares with others (address, IPv6 site), then the round's alarm, which only counts. Each limit counts
    /// per key without a timer (see <see cref="KeyedLimit"/>).</summary>
    public static PartitionedRateLimiter<HttpContext> Chain(RateLimitOptions limits, ILogger alarmLog, TimeProvider? time = null) =>
        PartitionedRateLimiter.CreateChained(Own(limits, time), Shared(limits, time), Alarm(limits, alarmLog, time));

    /// <summary>The narrowest limit: per resident for ballots (keyed by the participant key, a keyed hash, never the
    /// identity provider's subject), per address for code entry and news sign-ups. An anonymous ballot request has no
    /// resident: authorisation refuses it right after; it is counted per address in a limit of its own, so that
    /// anonymous requests never use up what signed-in residents behind the same address share.</summary>
    public static PartitionedRateLimiter<HttpContext> Own(RateLimitOptions limits, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        time ??= TimeProvider.System;
        var resident = PerMinute(limits.Ballot.PerResidentPerMinute, time);
        var anonymousBallot = PerMinute(limits.Ballot.PerAddressPerMinute, time);
        var code = Bucket(limits.VotingCode.PerAddressPerMinute, Minute, time);
        var argument = new SlidingWindowLimit(limits.Argument.PerResidentPerHour, TimeSpan.FromHours(1), Segments, time);
        var publicRead = PerMinute(limits.PublicRead.AnonymousPerAddressPerMinute, time);
        var news = Bucket(NewsSubscriptionsPerAddressPerHour, TimeSpan.FromHours(1), time);
        return new KeyedLimiter<HttpContext>(context => (limits.Enabled, PolicyOf(context)) switch
        {
            (true, Ballot) when context.TryGetCaller(out var caller) => new(resident, caller.ParticipantKey.Value),
            (true, Ballot) => new(anonymousBallot, AddressOf(context)),
            (true, VotingCode) => new(code, AddressOf(context)),
            // Keyed by the participant key only, never by address: neighbours behind one address each post their own.
            // An anonymous request has no key and is refused by authorisation right after, so it is not counted.
            (true, Argument) when context.TryGetCaller(out var author) => new(argument, author.ParticipantKey.Value),
            (true, PublicRead) when !context.TryGetCaller(out _) => new(publicRead, AddressOf(context)),
            (true, NewsSubscription) => new(news, AddressOf(context)),
            _ => LimitedKey.None,
        });
    }

    /// <summary>What requests from one address (or IPv6 site) share, counted only for requests their own limit let
    /// through. Ballot reads and writes have a limit each, so that residents reading their ballots never stop
    /// another resident behind the same address from casting one.</summary>
    public static PartitionedRateLimiter<HttpContext> Shared(RateLimitOptions limits, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        time ??= TimeProvider.System;
        var ballotReads = PerMinute(limits.Ballot.PerAddressPerMinute, time);
        var ballotWrites = PerMinute(limits.Ballot.PerAddressPerMinute, time);
        var site = Bucket(limits.VotingCode.PerSitePerMinute, Minute, time);
        return new KeyedLimiter<HttpContext>(context => (limits.Enabled, PolicyOf(context)) switch
        {
            (true, Ballot) when context.TryGetCaller(out _) =>
                new(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? ballotReads : ballotWrites, AddressOf(context)),
            (true, VotingCode) when ClientAddress.SitePartitionKey(context.Connection.RemoteIpAddress) is { } key => new(site, key),
            _ => LimitedKey.None,
        });
    }

    /// <summary>Code entries per round, counted after every other limit: a warning in the log when a round sees more
    /// than the alarm level. Never a refusal, because a round-wide refusal is a switch any guesser with enough
    /// addresses could use to lock out every resident typing a real code.</summary>
    public static PartitionedRateLimiter<HttpContext> Alarm(RateLimitOptions limits, ILogger log, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new RoundAlarm(
            context => limits.Enabled && string.Equals(PolicyOf(context), VotingCode, StringComparison.Ordinal) ? RoundOf(context) : null,
            PerMinute(limits.VotingCode.AlarmPerRoundPerMinute, time ?? TimeProvider.System),
            log);
    }

    /// <summary>The policy the request's endpoint names, or null when none limits it.</summary>
    public static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static string AddressOf(HttpContext context) => ClientAddress.PartitionKey(context.Connection.RemoteIpAddress);

    /// <summary>The route's round id in its one spelling; null when it is not a round id (the endpoint refuses it).
    /// Parsed, not taken as sent, so that another spelling of the same id cannot count apart.</summary>
    private static string? RoundOf(HttpContext context) =>
        context.Request.RouteValues.TryGetValue("roundId", out var value) && RoundId.TryParse(value as string, out var round) ? round.ToString() : null;

    private static SlidingWindowLimit PerMinute(int permits, TimeProvider time) => new(permits, Minute, Segments, time);

    /// <summary>A token bucket: this many at once, refilled with as many each period, so a few mistypes in a row are
    /// fine and guessing is slow.</summary>
    private static TokenBucketLimit Bucket(int perPeriod, TimeSpan period, TimeProvider time) => new(perPeriod, perPeriod, period, time);
}
