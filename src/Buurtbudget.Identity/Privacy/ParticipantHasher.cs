using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Identity.Privacy;

/// <summary>Turns a person's identity at their provider (issuer and subject) into the only form the platform
/// stores: an HMAC-SHA256 under a secret key, base64url without padding. Without the key nobody can tell whose
/// ballot a key belongs to, not even from a list of known subjects; with the same key the same person always
/// gets the same key, which is what lets a second ballot replace the first.</summary>
public sealed class ParticipantHasher
{
    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    public ParticipantHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The participant hash key must be at least {MinimumKeyLength} bytes; it is {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
    }

    public ParticipantKey Hash(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);

        // Length-prefixed, so that ("ab", "c") and ("a", "bc") can never hash alike.
        var issuerLength = Encoding.UTF8.GetByteCount(issuer);
        var subjectLength = Encoding.UTF8.GetByteCount(subject);
        var message = new byte[checked(4 + issuerLength + 4 + subjectLength)];
        var span = message.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, issuerLength);
        Encoding.UTF8.GetBytes(issuer, span.Slice(4, issuerLength));
        BinaryPrimitives.WriteInt32BigEndian(span.Slice(4 + issuerLength), subjectLength);
        Encoding.UTF8.GetBytes(subject, span.Slice(8 + issuerLength));

        return new ParticipantKey(Base64Url.EncodeToString(HMACSHA256.HashData(_key, message)));
    }
}
