using System.Security.Cryptography;
using System.Text;

namespace Buurtbudget.Api.News;

/// <summary>The secrets of news by e-mail, derived (HKDF-SHA256, one purpose each) from the participant hash key:
/// sealing addresses (AES-256-GCM), the keyed hash that finds an address again, and the links in messages.
/// Derived rather than a key file of their own, so that every node of a cluster has them as soon as it has the
/// participant hash key (which it must have anyway), and a backup of the data directory plus that key restores
/// everything; without that key the sealed addresses are noise.</summary>
internal sealed class NewsKeys
{
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const byte Version = 1;

    private readonly byte[] _sealing;
    private readonly byte[] _lookup;
    private readonly byte[] _links;

    public NewsKeys(ReadOnlySpan<byte> participantHashKey)
    {
        if (participantHashKey.Length < 32)
        {
            throw new ArgumentException("The participant hash key is at least 32 bytes.", nameof(participantHashKey));
        }

        _sealing = Derive(participantHashKey, "buurtbudget news: address sealing");
        _lookup = Derive(participantHashKey, "buurtbudget news: address lookup");
        _links = Derive(participantHashKey, "buurtbudget news: links");
    }

    /// <summary>The address encrypted and authenticated: version, random nonce, ciphertext, tag. The subscription's
    /// id goes in as associated data, so a sealed address copied onto another row does not open.</summary>
    public byte[] Seal(string address, string subscriptionId)
    {
        var plain = Encoding.UTF8.GetBytes(address);
        var sealedAddress = new byte[1 + NonceLength + plain.Length + TagLength];
        sealedAddress[0] = Version;
        var nonce = sealedAddress.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealing, TagLength);
        aes.Encrypt(nonce, plain, sealedAddress.AsSpan(1 + NonceLength, plain.Length), sealedAddress.AsSpan(1 + NonceLength + plain.Length), Encoding.UTF8.GetBytes(subscriptionId));
        return sealedAddress;
    }

    /// <summary>Throws <see cref="CryptographicException"/> when the sealed address was changed or another key sealed it.</summary>
    public string Open(ReadOnlySpan<byte> sealedAddress, string subscriptionId)
    {
        if (sealedAddress.Length < 1 + NonceLength + TagLength || sealedAddress[0] != Version)
        {
            throw new CryptographicException("The sealed address has an unknown format.");
        }

        var length = sealedAddress.Length - 1 - NonceLength - TagLength;
        var plain = new byte[length];
        using var aes = new AesGcm(_sealing, TagLength);
        aes.Decrypt(sealedAddress.Slice(1, NonceLength), sealedAddress.Slice(1 + NonceLength, length), sealedAddress[^TagLength..], plain, Encoding.UTF8.GetBytes(subscriptionId));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The keyed hash of a normalised address: equal for equal addresses, useless without the key.</summary>
    public string LookupKey(string normalisedAddress) =>
        Convert.ToBase64String(HMACSHA256.HashData(_lookup, Encoding.UTF8.GetBytes(normalisedAddress)));

    /// <summary>The proof in a link of <paramref name="purpose"/> for a subscription: 128 bits, base64url.</summary>
    public string LinkProof(string purpose, string subscriptionId) =>
        Base64Url(HMACSHA256.HashData(_links, Encoding.UTF8.GetBytes(purpose + "\n" + subscriptionId)).AsSpan(0, 16));

    private static byte[] Derive(ReadOnlySpan<byte> key, string purpose)
    {
        var derived = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, derived, salt: [], info: Encoding.UTF8.GetBytes(purpose));
        return derived;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
