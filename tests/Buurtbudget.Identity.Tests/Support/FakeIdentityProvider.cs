using System.Security.Cryptography;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>An OpenID Connect provider on a real socket (Kestrel on 127.0.0.1, any free port): discovery and a
/// JWKS whose keys the test can roll. The one thing outside the project that the tests stand in for.</summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Audience = "buurtbudget-api";

    private readonly WebApplication _app;
    private volatile SigningKeys _keys = SigningKeys.Create();
    private int _keySetRequests;

    private FakeIdentityProvider(WebApplication app, string issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public string Issuer { get; }

    /// <summary>How often the JWKS was fetched: a refresh shows up here.</summary>
    public int KeySetRequests => Volatile.Read(ref _keySetRequests);

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        FakeIdentityProvider? provider = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["issuer"] = provider!.Issuer,
            ["jwks_uri"] = provider.Issuer + "/jwks",
            ["authorization_endpoint"] = provider.Issuer + "/authorize",
            ["token_endpoint"] = provider.Issuer + "/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref provider!._keySetRequests);
            return Results.Json(new { keys = provider._keys.PublicJwks() });
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider = new FakeIdentityProvider(app, address.TrimEnd('/'));
        return provider;
    }

    public BearerTokenOptions Options() => new()
    {
        Authority = Issuer,
        Audience = Audience,
        RequireHttpsMetadata = false,
    };

    /// <summary>The provider publishes new keys and drops the old ones, as at a key rollover.</summary>
    public void RollKeys() => _keys = SigningKeys.Create();

    public string CreateToken(
        string subject,
        string[]? roles = null,
        object? districts = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string? audience = Audience,
        string? issuer = null,
        string tokenType = "JWT",
        TimeSpan? lifetime = null,
        DateTime? issuedAt = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var keys = _keys;
        SecurityKey key = algorithm.StartsWith("ES", StringComparison.Ordinal) ? keys.Ecdsa : keys.Rsa;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = subject };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        if (districts is not null)
        {
            claims["districts"] = districts;
        }

        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>(StringComparer.Ordinal))
        {
            claims[name] = value;
        }

        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(30)),
            TokenType = tokenType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class SigningKeys
    {
        private SigningKeys(RsaSecurityKey rsa, ECDsaSecurityKey ecdsa, RSAParameters rsaPublic, ECParameters ecPublic)
        {
            Rsa = rsa;
            Ecdsa = ecdsa;
            RsaPublic = rsaPublic;
            EcPublic = ecPublic;
        }

        public RsaSecurityKey Rsa { get; }

        public ECDsaSecurityKey Ecdsa { get; }

        private RSAParameters RsaPublic { get; }

        private ECParameters EcPublic { get; }

        public static SigningKeys Create()
        {
            var rsa = RSA.Create(2048);
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var id = Guid.NewGuid().ToString("N");
            return new SigningKeys(
                new RsaSecurityKey(rsa) { KeyId = "rsa-" + id },
                new ECDsaSecurityKey(ecdsa) { KeyId = "ec-" + id },
                rsa.ExportParameters(includePrivateParameters: false),
                ecdsa.ExportParameters(includePrivateParameters: false));
        }

        public object[] PublicJwks() =>
        [
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = Rsa.KeyId,
                ["n"] = Base64UrlEncoder.Encode(RsaPublic.Modulus),
                ["e"] = Base64UrlEncoder.Encode(RsaPublic.Exponent),
            },
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kty"] = "EC",
                ["use"] = "sig",
                ["kid"] = Ecdsa.KeyId,
                ["crv"] = "P-256",
                ["x"] = Base64UrlEncoder.Encode(EcPublic.Q.X),
                ["y"] = Base64UrlEncoder.Encode(EcPublic.Q.Y),
            },
        ];
    }
}
