using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Development;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>Makes tokens by hand, byte for byte, as an attacker would: any header, any payload, signed with the
/// test host's development key, an attacker's own RSA key, an HMAC secret, or not at all.</summary>
public sealed class TokenForge : IDisposable
{
    public TokenForge(TestDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        // The same key file the test host's development issuer uses (see BuurtbudgetApp).
        Key = DevelopmentSigningKey.LoadOrCreate(directory.Keys);
        Trusted = RSA.Create(((RsaSecurityKey)Key.SigningKey).Parameters);
    }

    public DevelopmentSigningKey Key { get; }

    /// <summary>The development issuer's private key: a token it signs is genuine unless its content says otherwise.</summary>
    public RSA Trusted { get; }

    /// <summary>A key the API has never seen.</summary>
    public RSA Attacker { get; } = RSA.Create(2048);

    /// <summary>What the development issuer writes: RS256, at+jwt, its key id.</summary>
    public JsonObject Header() => new() { ["alg"] = "RS256", ["typ"] = "at+jwt", ["kid"] = Key.KeyId };

    /// <summary>A resident of Delfshaven, valid from a minute ago for an hour.</summary>
    public static JsonObject Payload(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = DevelopmentTokenIssuer.Issuer,
            ["aud"] = DevelopmentTokenIssuer.Audience,
            ["sub"] = subject,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["roles"] = new JsonArray("resident"),
            ["districts"] = new JsonArray(Http.Delfshaven),
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
        };
    }

    /// <summary>RS256 over exactly this header and payload; with the trusted key unless another is given.</summary>
    public string Sign(JsonObject header, JsonObject payload, RSA? key = null)
    {
        var input = SigningInput(header, payload);
        var signature = (key ?? Trusted).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>HS256 over exactly this header and payload, keyed with <paramref name="secret"/>.</summary>
    public static string Hmac(JsonObject header, JsonObject payload, byte[] secret)
    {
        var input = SigningInput(header, payload);
        return $"{input}.{Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)))}";
    }

    /// <summary>Header and payload without a signature: <c>header.payload.</c></summary>
    public static string Unsigned(JsonObject header, JsonObject payload) => SigningInput(header, payload) + ".";

    /// <summary>The attacker's public key as a JWK, to embed in a header.</summary>
    public JsonObject AttackerJwk()
    {
        var parameters = Attacker.ExportParameters(includePrivateParameters: false);
        return new JsonObject { ["kty"] = "RSA", ["e"] = Base64Url.EncodeToString(parameters.Exponent), ["n"] = Base64Url.EncodeToString(parameters.Modulus) };
    }

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public void Dispose()
    {
        Trusted.Dispose();
        Attacker.Dispose();
    }

    private static string SigningInput(JsonObject header, JsonObject payload) => $"{Encode(header)}.{Encode(payload)}";
}
