using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.Api.Development.Oidc;

/// <summary>What a code stands for: who signed in, for which client and callback, and the PKCE challenge the code
/// must be redeemed with.</summary>
internal sealed record AuthorizationGrant(DemoPersona Persona, string ClientId, string RedirectUri, string CodeChallenge, string? Nonce, string Scope);

/// <summary>The development provider's authorization codes: 256 random bits each, kept in memory, valid for
/// <see cref="Lifetime"/> and redeemed at most once. Only the codes' hashes are kept as keys, so a memory dump
/// holds no redeemable code.</summary>
internal sealed class AuthorizationCodes(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (AuthorizationGrant Grant, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);

    public string Issue(AuthorizationGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = timeProvider.GetUtcNow();
        foreach (var (key, issued) in _codes)
        {
            if (issued.ExpiresAt <= now)
            {
                _codes.TryRemove(key, out _);
            }
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _codes[Key(code)] = (grant, now + Lifetime);
        return code;
    }

    /// <summary>The code's grant, once: any attempt uses the code up, so that a wrong verifier cannot be retried.</summary>
    public CodeRedemption Redeem(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!_codes.TryRemove(Key(code), out var issued))
        {
            return new CodeRedemption(null, "The code is unknown or was already used.");
        }

        return issued.ExpiresAt > timeProvider.GetUtcNow()
            ? new CodeRedemption(issued.Grant, null)
            : new CodeRedemption(null, "The code has expired; codes are valid for 60 seconds.");
    }

    private static string Key(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}

/// <summary>A grant, or why the code gives none (an RFC 6749 error description).</summary>
internal readonly record struct CodeRedemption(AuthorizationGrant? Grant, string? Failure);
