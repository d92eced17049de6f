using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
/// JWKS whose keys the test can roll, and that can go down. The one thing outside the project that the tests
/// stand in for. Two shapes: a broker (Keycloak, a DigiD broker: the issuer is the address itself) and an Entra ID
/// tenant (<c>{instance}{tenant}/v2.0</c>, keys at <c>{instance}{tenant}/discovery/v2.0/keys</c>, tokens with
/// <c>tid</c>, <c>ver</c> 2.0 and app roles, for the client id of the API's app registration).</summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Audience = "buurtbudget-api";

    /// <summary>The tenant of the Entra shape.</summary>
    public const string TenantId = "2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b";

    /// <summary>The application (client) id of the API's app registration in the Entra shape.</summary>
    public const string ClientId = "6f1e0a4c-0000-4000-8000-000000000001";

    private readonly WebApplication _app;
    private volatile SigningKeys _keys = SigningKeys.Create();
    private int _keySetRequests;

    private FakeIdentityProvider(WebApplication app, string instance, bool entra)
    {
        _app = app;
        Instance = instance;
        IsEntra = entra;
        Issuer = entra ? $"{instance}{TenantId}/v2.0" : instance.TrimEnd('/');
    }

    /// <summary>The address the provider listens on, with a trailing slash: Entra's <c>AzureAd:Instance</c>.</summary>
    public string Instance { get; }

    public bool IsEntra { get; }

    public string Issuer { get; }

    /// <summary>How often the JWKS was fetched: a refresh shows up here.</summary>
    public int KeySetRequests => Volatile.Read(ref _keySetRequests);

    /// <summary>A broker-shaped provider: discovery at <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    public static Task<FakeIdentityProvider> StartAsync() => StartAsync(entra: false);

    /// <summary>An Entra-shaped tenant, as <c>https://login.microsoftonline.com/{tenant}/v2.0</c> serves it.</summary>
    public static Task<FakeIdentityProvider> StartEntraAsync() => StartAsync(entra: true);

    private static async Task<FakeIdentityProvider> StartAsync(bool entra)
    {
        // Entra is https only, and Microsoft.Identity.Web's issuer validation fetches its metadata over https
        // whatever the API allows: the Entra shape serves https with a certificate of its own (see Trust).
        var certificate = entra ? LoopbackCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();

        FakeIdentityProvider? provider = null;
        var root = entra ? $"/{TenantId}/v2.0" : "";
        var keys = entra ? $"/{TenantId}/discovery/v2.0/keys" : "/jwks";
        app.MapGet(root + "/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["issuer"] = provider!.Issuer,
            ["jwks_uri"] = provider.Instance.TrimEnd('/') + keys,
            ["authorization_endpoint"] = provider.Issuer + "/authorize",
            ["token_endpoint"] = provider.Issuer + "/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet(keys, () =>
        {
            Interlocked.Increment(ref provider!._keySetRequests);
            return Results.Json(new { keys = provider._keys.PublicJwks() });
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider = new FakeIdentityProvider(app, address.TrimEnd('/') + "/", entra) { _certificate = certificate };
        return provider;
    }

    private X509Certificate2? _certificate;

    /// <summary>Makes the API under test trust this provider's https certificate, and only that one, in the
    /// back channels that fetch metadata: JwtBearer's and the HTTP clients Microsoft.Identity.Web uses.</summary>
    public void Trust(IServiceCollection services)
    {
        if (_certificate is not { } certificate)
        {
            return;
        }

        HttpMessageHandler Handler() => new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || string.Equals(presented?.GetCertHashString(), certificate.GetCertHashString(), StringComparison.Ordinal) },
        };
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(Handler));
        // Without a client name, Microsoft.Identity.Web's issuer validation uses a shared client of its own.
        services.Configure<Microsoft.Identity.Web.AadIssuerValidatorOptions>(options => options.HttpClientName = "entra-metadata");
        services.ConfigureAll<JwtBearerOptions>(options => options.BackchannelHttpHandler = Handler());
    }

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel on Linux wants a certificate whose key it can use after the ephemeral one is gone.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The API's settings to trust this provider: as the residents' broker, or as the staff's Entra tenant.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Privacy:ParticipantHashKey"] = Convert.ToBase64String(TestApi.ParticipantHashKey),
        };
        if (IsEntra)
        {
            settings["AzureAd:Instance"] = Instance;
            settings["AzureAd:TenantId"] = TenantId;
            settings["AzureAd:ClientId"] = ClientId;
        }
        else
        {
            settings["Authentication:RequireHttpsMetadata"] = "false";
            settings["Authentication:Authority"] = Issuer;
            settings["Authentication:Audience"] = Audience;
        }

        return settings;
    }

    /// <summary>The provider goes down: its port stops answering.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>The provider publishes new keys and drops the old ones, as at a key rollover.</summary>
    public void RollKeys() => _keys = SigningKeys.Create();

    public string CreateToken(
        string subject,
        string[]? roles = null,
        object? districts = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string? audience = null,
        string? issuer = null,
        string tokenType = "JWT",
        TimeSpan? lifetime = null,
        DateTime? issuedAt = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var keys = _keys;
        SecurityKey key = algorithm.StartsWith("ES", StringComparison.Ordinal) ? keys.Ecdsa : keys.Rsa;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = subject };
        if (IsEntra)
        {
            claims["tid"] = TenantId;
            claims["ver"] = "2.0";
        }

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
            Audience = audience ?? (IsEntra ? ClientId : Audience),
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
