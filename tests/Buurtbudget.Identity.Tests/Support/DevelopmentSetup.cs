using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>The development issuer and a validator that trusts it, over a key directory that no other test class shares.</summary>
public sealed class DevelopmentSetup : IDisposable
{
    public DevelopmentSetup(string keyDirectory, TimeProvider? clock = null)
    {
        KeyDirectory = keyDirectory;
        Clock = clock ?? new FixedClock();
        Key = DevelopmentSigningKey.LoadOrCreate(keyDirectory);
        Issuer = new DevelopmentTokenIssuer(Key, Clock);
        Validator = new BearerTokenValidator(Options(), Clock);
    }

    public string KeyDirectory { get; }

    public TimeProvider Clock { get; }

    public DevelopmentSigningKey Key { get; }

    public DevelopmentTokenIssuer Issuer { get; }

    public BearerTokenValidator Validator { get; }

    public BearerTokenOptions Options() => new() { Development = { Enabled = true, KeyDirectory = KeyDirectory } };

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
