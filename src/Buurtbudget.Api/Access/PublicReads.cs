using Buurtbudget.Api.RateLimits;

namespace Buurtbudget.Api.Access;

/// <summary>What anyone may read without an account: rounds (never one in draft, see
/// <see cref="RoundAccess.LoadWithIntegrityAsync"/>), proposals, results, the bulletin board, spending, the audit's
/// verdict and open data. Signing in is asked only to propose or vote. A ballot, the tally before it is public, the event
/// log, codes, voter registers and wijk budgets stay behind their own policies.</summary>
internal static class PublicReads
{
    /// <summary>Opens a read endpoint to anonymous callers, who are rate limited per address
    /// (<see cref="RateLimitPolicies.PublicRead"/>); a signed-in caller's token is still read, so the answer may say
    /// what is theirs.</summary>
    public static TBuilder AllowPublicRead<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().RequireRateLimiting(RateLimitPolicies.PublicRead);
}
