namespace Buurtbudget.Identity.Privacy;

/// <summary>Bound from the section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string ConfigurationSection = "Privacy";

    /// <summary>The HMAC key for participant keys: base64, at least 32 bytes. Configuration, never code:
    /// whoever holds it can test whether a known subject voted.</summary>
    public string? ParticipantHashKey { get; set; }

    /// <summary>The decoded key, or null when the text is missing or not base64.</summary>
    public byte[]? DecodeKey()
    {
        if (string.IsNullOrWhiteSpace(ParticipantHashKey))
        {
            return null;
        }

        var buffer = new byte[ParticipantHashKey.Length];
        return Convert.TryFromBase64String(ParticipantHashKey.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
