using System.Buffers.Text;
using System.Text.Json;
using Buurtbudget.Identity.Callers;
using Microsoft.IdentityModel.JsonWebTokens;
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

    /// <summary>Claims only an OpenID Connect ID token carries (OIDC Core §2, §3.1.3.6, §3.3.2.11). An ID token
    /// tells a client who signed in; it is not a grant to call this API, even when its issuer and audience match.</summary>
    public static IReadOnlyList<string> IdTokenClaims { get; } = ["nonce", "at_hash", "c_hash"];

    /// <summary>Keycloak's own token-type claim; its ID tokens say <c>ID</c>, its access tokens <c>Bearer</c>.</summary>
    public const string KeycloakTypeClaim = "typ";

    public const string KeycloakIdTokenType = "ID";

    /// <summary>Far above any real access token (an Entra token with many groups stays under 8 KB), far below
    /// what it costs to parse: a larger token is refused before its JSON is read.</summary>
    public const int MaximumTokenLength = 16 * 1024;

    /// <summary>Tolerates clocks that drift a little between the provider and this server, no more.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>Sets the rules on a handler's parameters, keeping what its library set (issuer, audiences, keys).</summary>
    internal static void Harden(TokenValidationParameters parameters, TimeProvider timeProvider)
    {
        parameters.ValidateIssuer = true;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.ValidateIssuerSigningKey = true;
        parameters.RequireAudience = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        // A token's kid must name a trusted key. Trying every key instead would accept a token whose header names
        // a key of the attacker's choosing (a path, a URL, a query) as long as some trusted key verifies it.
        parameters.TryAllIssuerSigningKeys = false;
        parameters.IssuerSigningKeyResolverUsingConfiguration = KeyNamedByToken;
        parameters.ClockSkew = ClockSkew;
        parameters.ValidAlgorithms = AcceptedAlgorithms;
        parameters.ValidTypes = AcceptedTypes;
        // The library reads the system clock; this keeps "now" injectable, with the same skew rule.
        parameters.LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(timeProvider.GetUtcNow().UtcDateTime, notBefore, expires);
        // Claims keep their JWT names; the caller is read from them explicitly.
        parameters.NameClaimType = CallerClaimTypes.Subject;
        parameters.RoleClaimType = CallerClaimTypes.Roles;
    }

    /// <summary>The one trusted key whose id the token's <c>kid</c> names, from the provider's JWKS or the configured
    /// key; none when it names no key, or when there is no <c>kid</c>. Never a guess among the others: the library
    /// then reports the key as not found, which is also what makes it fetch the JWKS again after a key rollover.</summary>
    internal static IEnumerable<SecurityKey> KeyNamedByToken(
        string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        if (string.IsNullOrEmpty(kid))
        {
            return [];
        }

        var trusted = (configuration?.SigningKeys ?? [])
            .Concat(parameters.IssuerSigningKeys ?? [])
            .Append(parameters.IssuerSigningKey);
        var named = trusted.FirstOrDefault(key => key is not null && string.Equals(key.KeyId, kid, StringComparison.Ordinal));
        return named is null ? [] : [named];
    }

    /// <summary>Whether the token is an ID token, by the claims only ID tokens carry. Providers that put
    /// <c>JWT</c> in both kinds' <c>typ</c> header leave these claims as the only way to tell them apart.</summary>
    public static bool IsIdToken(JsonWebToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (IdTokenClaims.Any(claim => token.TryGetClaim(claim, out _)))
        {
            return true;
        }

        return token.TryGetPayloadValue<string>(KeycloakTypeClaim, out var type)
            && string.Equals(type, KeycloakIdTokenType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The time claims, which RFC 7519 requires to be JSON numbers (NumericDate).</summary>
    public static IReadOnlyList<string> TimeClaims { get; } = ["exp", "nbf", "iat"];

    /// <summary>Whether every time claim present is a JSON number. The token library also reads <c>"exp":"…"</c>,
    /// a string, as a time; a token that does not follow the format is refused rather than interpreted.</summary>
    public static bool HasNumericTimes(JsonWebToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.EncodedPayload));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && TimeClaims.All(name => !payload.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Number);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return false;
        }
    }

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
