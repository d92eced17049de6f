using System.Security.Cryptography;
using Buurtbudget.Identity.KeyFiles;

namespace Buurtbudget.Identity.Privacy;

/// <summary>The participant hash key of an embedded install that states none: made once, at random, and kept
/// (mode 0600) in the install's data directory, so a demo works with nothing configured. A production install
/// states its key in <c>Privacy:ParticipantHashKey</c>; to move a demo install there, copy this file's
/// contents into that setting, since a different key gives every participant a different key.</summary>
public static class ParticipantHashKeyFile
{
    public const string FileName = "participant-hash-key";

    public static byte[] LoadOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, FileName);
        var text = PrivateKeyFile.ReadOrCreate(
            path,
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(ParticipantHasher.MinimumKeyLength)) + "\n");

        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The participant hash key file '{path}' is not base64.", ex);
        }

        return key.Length >= ParticipantHasher.MinimumKeyLength
            ? key
            : throw new InvalidDataException($"The participant hash key in '{path}' is {key.Length} bytes; it must be at least {ParticipantHasher.MinimumKeyLength}.");
    }
}
