using System.Security.Cryptography;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Development;

/// <summary>Signs access tokens for demo personas with the <see cref="DevelopmentSigningKey"/>: the local
/// stand-in for an identity provider. The API trusts these tokens only in the Development environment.</summary>
public sealed class DevelopmentTokenIssuer
{
    public const string Issuer = "buurtbudget-development";
    public const string Audience = "buurtbudget-api";

    /// <summary>Long enough for a working day or a long load test; a development token is still a credential.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(7);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly DevelopmentSigningKey _key;
    private readonly TimeProvider _timeProvider;

    public DevelopmentTokenIssuer(DevelopmentSigningKey key, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>An RS256 access token (typ <c>at+jwt</c>) for <paramref name="subject"/> with the given roles
    /// and districts, valid from now for <paramref name="lifetime"/>.</summary>
    /// <param name="verified">Further claims a real broker would verify (e.g. <c>birthdate</c>, <c>postal_code</c>,
    /// <c>ondernemer</c>), for demo personas and tests of eligibility.</param>
    public string CreateToken(
        string subject,
        IEnumerable<Role> roles,
        IEnumerable<DistrictCode> districts,
        TimeSpan lifetime,
        IReadOnlyDictionary<string, object>? verified = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(districts);
        if (lifetime <= TimeSpan.Zero || lifetime > MaximumLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A development token lives longer than zero and at most {MaximumLifetime.TotalDays} days.");
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            TokenType = TokenRules.AccessTokenType,
            SigningCredentials = new SigningCredentials(_key.SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = subject,
                [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                [CallerClaimTypes.Roles] = roles.Distinct().Select(role => role.ToName()).ToArray(),
                [CallerClaimTypes.Districts] = districts.Distinct().Select(district => district.Value).ToArray(),
            },
        };
        foreach (var (type, value) in verified ?? new Dictionary<string, object>(StringComparer.Ordinal))
        {
            descriptor.Claims[type] = value;
        }

        return Handler.CreateToken(descriptor);
    }

    /// <summary>An OpenID Connect ID token (RS256, typ <c>JWT</c>) for the platform's development sign-in: who signed
    /// in, for <paramref name="clientId"/>, from the development provider at <paramref name="providerIssuer"/> (a URL,
    /// unlike the access tokens' fixed <see cref="Issuer"/>). It proves nothing to the API; only the client reads it.</summary>
    /// <param name="nonce">The client's nonce from the authorization request, echoed so that it can detect replay.</param>
    public string CreateIdToken(string providerIssuer, string subject, string clientId, string? nonce, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerIssuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [JwtRegisteredClaimNames.Name] = subject,
        };
        if (!string.IsNullOrEmpty(nonce))
        {
            claims[JwtRegisteredClaimNames.Nonce] = nonce;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = providerIssuer,
            Audience = clientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(_key.SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = claims,
        });
    }
}
