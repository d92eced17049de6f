using Buurtbudget.Identity.Callers;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tokens;

/// <summary>The rules every token is held to, whether an OpenID Connect provider or the development issuer signed it.</summary>
public static class TokenRules
{
    /// <summary>The RFC 9068 access-token type.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>The type Entra ID, Keycloak and most brokers put in access tokens.</summary>
    public const string JwtType = "JWT";

    public static IReadOnlyList<string> AcceptedTypes { get; } = [JwtType, AccessTokenType];

    /// <summary>Asymmetric only: with a symmetric algorithm anyone holding the validation key could mint tokens.</summary>
    public static IReadOnlyList<string> AcceptedAlgorithms { get; } =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>Tolerates clocks that drift a little between the provider and this server, no more.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    internal static TokenValidationParameters BaseParameters(TimeProvider timeProvider) => new()
    {
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireAudience = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        ValidAlgorithms = AcceptedAlgorithms,
        ValidTypes = AcceptedTypes,
        // The library reads the system clock; this keeps "now" injectable, with the same skew rule.
        LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(timeProvider.GetUtcNow().UtcDateTime, notBefore, expires),
        // Claims keep their JWT names; the caller is read from them explicitly.
        NameClaimType = CallerClaimTypes.Subject,
        RoleClaimType = CallerClaimTypes.Roles,
        AuthenticationType = BearerTokenDefaults.AuthenticationScheme,
    };

    /// <summary>Throws the library's own lifetime exceptions, so a refusal reads the same as the built-in check's.</summary>
    internal static bool ValidateLifetime(DateTime now, DateTime? notBefore, DateTime? expires)
    {
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry time.");
        }

        if (notBefore > expires)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's not-before time is after its expiry time.")
            {
                NotBefore = notBefore,
                Expires = expires,
            };
        }

        if (notBefore > now + ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notBefore.Value };
        }

        if (expires < now - ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token expired.") { Expires = expires.Value };
        }

        return true;
    }
}
