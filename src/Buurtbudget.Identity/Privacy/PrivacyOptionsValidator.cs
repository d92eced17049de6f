using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Privacy;

/// <param name="hasFallbackKey">Whether the host supplies a key (a key file in its data directory) when none is configured.</param>
public sealed class PrivacyOptionsValidator(bool hasFallbackKey) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ParticipantHashKey))
        {
            return hasFallbackKey
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Privacy:ParticipantHashKey is not configured: set it to at least {ParticipantHasher.MinimumKeyLength} random bytes in base64 (e.g. `openssl rand -base64 32`).");
        }

        var key = options.DecodeKey();
        if (key is null)
        {
            return ValidateOptionsResult.Fail("Privacy:ParticipantHashKey is not valid base64.");
        }

        return key.Length < ParticipantHasher.MinimumKeyLength
            ? ValidateOptionsResult.Fail($"Privacy:ParticipantHashKey is {key.Length} bytes; it must be at least {ParticipantHasher.MinimumKeyLength}.")
            : ValidateOptionsResult.Success;
    }
}
