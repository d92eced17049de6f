using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Identity.KeyFiles;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Development;

/// <summary>The RSA key of the development issuer. Like <c>dotnet user-jwts</c>, it lives in the user's
/// profile rather than in a data directory, so that the API in Development accepts every token the CLI
/// prints, whichever data directory either of them uses. It never leaves the machine and is trusted only
/// in the Development environment.</summary>
public sealed class DevelopmentSigningKey
{
    /// <summary>Overrides the directory of the key file (tests, or a shared demo machine).</summary>
    public const string DirectoryVariable = "BUURTBUDGET_DEV_KEYS";

    public const string FileName = "development-signing-key.json";

    private const int KeySizeInBits = 2048;

    private DevelopmentSigningKey(RSAParameters parameters, string path)
    {
        Path = path;
        KeyId = Thumbprint(parameters);
        SigningKey = new RsaSecurityKey(parameters) { KeyId = KeyId };
        ValidationKey = new RsaSecurityKey(new RSAParameters { Modulus = parameters.Modulus, Exponent = parameters.Exponent }) { KeyId = KeyId };
    }

    /// <summary>The key file this key was read from.</summary>
    public string Path { get; }

    /// <summary>The RFC 7638 thumbprint of the public key: the same key always has the same id.</summary>
    public string KeyId { get; }

    /// <summary>The private key; only the development issuer signs with it.</summary>
    public SecurityKey SigningKey { get; }

    /// <summary>The public half, which is all that validation needs.</summary>
    public SecurityKey ValidationKey { get; }

    /// <summary>The public key as a JWK (RFC 7517) for a JWKS document: <c>kty</c>, <c>use</c>, <c>alg</c>, <c>kid</c>,
    /// <c>n</c> and <c>e</c>, never a private member.</summary>
    public IReadOnlyDictionary<string, string> PublicJsonWebKey()
    {
        var parameters = ((RsaSecurityKey)ValidationKey).Parameters;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = KeyId,
            ["n"] = Encode(parameters.Modulus),
            ["e"] = Encode(parameters.Exponent),
        };
    }

    /// <summary><c>$BUURTBUDGET_DEV_KEYS</c> when set, else <c>buurtbudget</c> in the user's application data.</summary>
    public static string DefaultDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return overridden;
        }

        var applicationData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
        if (string.IsNullOrEmpty(applicationData))
        {
            throw new InvalidOperationException(
                $"This user has no application-data folder for the development signing key; set {DirectoryVariable} to a private directory.");
        }

        return System.IO.Path.Combine(applicationData, "buurtbudget");
    }

    /// <summary>Reads the key from <paramref name="directory"/>, creating it there the first time.</summary>
    public static DevelopmentSigningKey LoadOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        var json = PrivateKeyFile.ReadOrCreate(path, CreateKeyJson);
        return new DevelopmentSigningKey(Parse(json, path), path);
    }

    public static DevelopmentSigningKey LoadOrCreateDefault() => LoadOrCreate(DefaultDirectory());

    private static string CreateKeyJson()
    {
        using var rsa = RSA.Create(KeySizeInBits);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var file = new KeyFile
        {
            KeyType = "RSA",
            Use = "sig",
            Algorithm = SecurityAlgorithms.RsaSha256,
            KeyId = Thumbprint(parameters),
            Modulus = Encode(parameters.Modulus),
            Exponent = Encode(parameters.Exponent),
            PrivateExponent = Encode(parameters.D),
            FirstPrime = Encode(parameters.P),
            SecondPrime = Encode(parameters.Q),
            FirstFactorExponent = Encode(parameters.DP),
            SecondFactorExponent = Encode(parameters.DQ),
            Coefficient = Encode(parameters.InverseQ),
        };
        return JsonSerializer.Serialize(file, KeyFileJsonContext.Default.KeyFile);
    }

    private static RSAParameters Parse(string json, string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize(json, KeyFileJsonContext.Default.KeyFile)
                ?? throw new JsonException("The file is empty.");
            if (!string.Equals(file.KeyType, "RSA", StringComparison.Ordinal))
            {
                throw new JsonException("The key is not an RSA key.");
            }

            var parameters = new RSAParameters
            {
                Modulus = Decode(file.Modulus, "n"),
                Exponent = Decode(file.Exponent, "e"),
                D = Decode(file.PrivateExponent, "d"),
                P = Decode(file.FirstPrime, "p"),
                Q = Decode(file.SecondPrime, "q"),
                DP = Decode(file.FirstFactorExponent, "dp"),
                DQ = Decode(file.SecondFactorExponent, "dq"),
                InverseQ = Decode(file.Coefficient, "qi"),
            };
            if (parameters.Modulus.Length * 8 < KeySizeInBits)
            {
                throw new JsonException($"The key is shorter than {KeySizeInBits} bits.");
            }

            // Importing checks that the private parts belong together; a broken key fails here, not at the first token.
            using var rsa = RSA.Create(parameters);
            return parameters;
        }
        catch (Exception ex) when (ex is JsonException or CryptographicException or FormatException)
        {
            throw new InvalidDataException(
                $"The development signing key '{path}' is not a valid RSA key ({ex.Message}). Delete it and a new one is made on next use; tokens signed by the old key then stop working.",
                ex);
        }
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(RSAParameters parameters)
    {
        var canonical = $$"""{"e":"{{Encode(parameters.Exponent)}}","kty":"RSA","n":"{{Encode(parameters.Modulus)}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Encode(byte[]? value) =>
        Base64Url.EncodeToString(value ?? throw new InvalidOperationException("The RSA key lacks a parameter."));

    private static byte[] Decode(string? value, string member) =>
        string.IsNullOrEmpty(value) ? throw new JsonException($"The member '{member}' is missing.") : Base64Url.DecodeFromChars(value);

    /// <summary>A private JWK (RFC 7517/7518), the shape other tools recognise.</summary>
    internal sealed class KeyFile
    {
        [JsonPropertyName("kty")] public string? KeyType { get; set; }
        [JsonPropertyName("use")] public string? Use { get; set; }
        [JsonPropertyName("alg")] public string? Algorithm { get; set; }
        [JsonPropertyName("kid")] public string? KeyId { get; set; }
        [JsonPropertyName("n")] public string? Modulus { get; set; }
        [JsonPropertyName("e")] public string? Exponent { get; set; }
        [JsonPropertyName("d")] public string? PrivateExponent { get; set; }
        [JsonPropertyName("p")] public string? FirstPrime { get; set; }
        [JsonPropertyName("q")] public string? SecondPrime { get; set; }
        [JsonPropertyName("dp")] public string? FirstFactorExponent { get; set; }
        [JsonPropertyName("dq")] public string? SecondFactorExponent { get; set; }
        [JsonPropertyName("qi")] public string? Coefficient { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DevelopmentSigningKey.KeyFile))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
