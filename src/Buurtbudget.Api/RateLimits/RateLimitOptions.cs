using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.RateLimits;

/// <summary>How many requests a resident, an address and a round may make (section "RateLimits"). Validated at
/// start-up, so a bad value fails the start, not the first vote. A load test that must not be limited sets
/// <see cref="Enabled"/> to false (or the limits high) in its configuration; no code changes.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>False switches every limit off: for load tests on a closed network only, never in production.</summary>
    public bool Enabled { get; set; } = true;

    public BallotLimits Ballot { get; set; } = new();

    public VotingCodeLimits VotingCode { get; set; } = new();

    public PublicReadLimits PublicRead { get; set; } = new();

    public ArgumentRateLimits Argument { get; set; } = new();
}

/// <summary>Limits on posting arguments for and against proposals.</summary>
public sealed class ArgumentRateLimits
{
    /// <summary>Arguments per resident (their participant key) over a sliding hour. A resident with something to say
    /// about several proposals needs a handful; 10 stops one person from flooding a proposal's page.</summary>
    public int PerResidentPerHour { get; set; } = 10;
}

/// <summary>Limits on reading public pages (rounds, proposals, results, spending) without an account.</summary>
public sealed class PublicReadLimits
{
    /// <summary>Anonymous reads per client address (an IPv4 address, or an IPv6 /64) over a sliding minute. A page
    /// takes three or four reads; 300 lets a household, a library or a CGNAT'd phone browse freely and stops a scraper
    /// from making the platform activate every round in a loop. Signed-in callers are not counted here.</summary>
    public int AnonymousPerAddressPerMinute { get; set; } = 300;
}

/// <summary>Limits on reading and casting one's own ballot.</summary>
public sealed class BallotLimits
{
    /// <summary>Per resident (their participant key), PUT and GET together, over a sliding minute. Voting takes a
    /// handful of requests; 30 leaves room for changing one's mind many times and still stops a script hammering one
    /// round.</summary>
    public int PerResidentPerMinute { get; set; } = 30;

    /// <summary>Per client address (an IPv4 address, or an IPv6 /64), over a sliding minute, counted apart for reads
    /// and for writes, and only for requests the per-resident limit let through. High, because a household, a
    /// library, an office or a mobile carrier's CGNAT puts many residents behind one address.</summary>
    public int PerAddressPerMinute { get; set; } = 600;
}

/// <summary>Limits on entering a voting code (anonymous endpoints, so the address is all there is to partition on:
/// the code itself is in the body, which a limiter cannot read).</summary>
public sealed class VotingCodeLimits
{
    /// <summary>Per client address (an IPv4 address, or an IPv6 /64), as a token bucket: this many attempts at once,
    /// refilled at this many a minute. A person mistyping a code needs two or three.</summary>
    public int PerAddressPerMinute { get; set; } = 10;

    /// <summary>Per IPv6 /48 (one customer's site), as a token bucket, counted only for attempts its /64 let through:
    /// without it, one site could step through 65,536 /64s.</summary>
    public int PerSitePerMinute { get; set; } = 60;

    /// <summary>Code entries per round (from all addresses, after their own limits) over a sliding minute above which
    /// a warning is logged. An alarm and never a refusal: a round-wide refusal would let guessers lock every real
    /// code voter out. 1,200 a minute is 20 a second, far above what a wijk's residents need at peak.</summary>
    public int AlarmPerRoundPerMinute { get; set; } = 1_200;
}

/// <summary>The checks behind <see cref="RateLimitOptions"/>. Messages name the setting by its configuration
/// path, so the operator knows exactly what to fix.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    /// <summary>A limiter's permit count is an int; a million a minute is beyond any real use and a load test's needs.</summary>
    public const int Ceiling = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, "Ballot:PerResidentPerMinute", options.Ballot?.PerResidentPerMinute);
        Check(failures, "Ballot:PerAddressPerMinute", options.Ballot?.PerAddressPerMinute);
        Check(failures, "VotingCode:PerAddressPerMinute", options.VotingCode?.PerAddressPerMinute);
        Check(failures, "VotingCode:PerSitePerMinute", options.VotingCode?.PerSitePerMinute);
        Check(failures, "VotingCode:AlarmPerRoundPerMinute", options.VotingCode?.AlarmPerRoundPerMinute);
        Check(failures, "PublicRead:AnonymousPerAddressPerMinute", options.PublicRead?.AnonymousPerAddressPerMinute);
        if (options.Argument?.PerResidentPerHour is not (>= 1 and <= Ceiling))
        {
            failures.Add($"{RateLimitOptions.SectionName}:Argument:PerResidentPerHour must be between 1 and {Ceiling:N0} arguments an hour, not {options.Argument?.PerResidentPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "empty"}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, int? value)
    {
        if (value is not (>= 1 and <= Ceiling))
        {
            failures.Add($"{RateLimitOptions.SectionName}:{key} must be between 1 and {Ceiling:N0} requests a minute, not {value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "empty"}. To switch limits off for a load test, set {RateLimitOptions.SectionName}:Enabled to false.");
        }
    }
}
