using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>The development issuer and a host that trusts it, over a key directory that no other test class shares.</summary>
public sealed class DevelopmentSetup : IDisposable
{
    public DevelopmentSetup(string keyDirectory, TimeProvider? clock = null)
    {
        KeyDirectory = keyDirectory;
        Clock = clock ?? new FixedClock();
        Key = DevelopmentSigningKey.LoadOrCreate(keyDirectory);
        Issuer = new DevelopmentTokenIssuer(Key, Clock);
        Validator = new TokenProbe(Settings(), Clock);
    }

    public string KeyDirectory { get; }

    public TimeProvider Clock { get; }

    public DevelopmentSigningKey Key { get; }

    public DevelopmentTokenIssuer Issuer { get; }

    /// <summary>A host that trusts the development issuer, started on first use.</summary>
    public TokenProbe Validator { get; }

    public IDictionary<string, string?> Settings() => TestApi.DevelopmentSettings(KeyDirectory);

    /// <summary>A token like the development issuer's, but with whatever the test changes about it.</summary>
    public string Sign(Action<SecurityTokenDescriptor> change, SigningCredentials? credentials = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokenIssuer.Issuer,
            Audience = DevelopmentTokenIssuer.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            TokenType = TokenRules.AccessTokenType,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = "alice", ["roles"] = new[] { "resident" } },
            SigningCredentials = credentials ?? new SigningCredentials(Key.SigningKey, SecurityAlgorithms.RsaSha256),
        };
        change(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public void Dispose() => Validator.Dispose();
}
