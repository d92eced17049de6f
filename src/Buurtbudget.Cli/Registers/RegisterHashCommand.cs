using System.CommandLine;
using System.Text.Json;
using Buurtbudget.Identity.Privacy;

namespace Buurtbudget.Cli.Registers;

/// <summary><c>buurtbudget register-hash --issuer ISS --key-file F [--subjects FILE] &lt; subjects.txt</c>: turns the sign-in identities
/// (the identity broker's subject per eligible person, one per line) into the keyed hashes of a voter register, with
/// the platform's participant hash key. Runs at the municipality; the subjects never reach the platform.</summary>
internal static class RegisterHashCommand
{
    public static Command Create()
    {
        var issuer = new Option<string>("--issuer")
        {
            Description = "The identity broker's issuer (the 'iss' of its tokens), exactly as in the tokens.",
            Required = true,
        };
        var keyFile = new Option<FileInfo>("--key-file")
        {
            Description = "A file holding the platform's participant hash key in base64 (Privacy:ParticipantHashKey, or the data directory's participant-hash-key).",
            Required = true,
        };
        var subjects = new Option<FileInfo?>("--subjects") { Description = "A file of subjects, one per line; standard input when left out." };
        var json = new Option<bool>("--json") { Description = "Print the request body for PUT /api/rounds/{id}/voter-register instead of one hash per line." };

        var command = new Command("register-hash", "Hash sign-in subjects (standard input, one per line) into a voter register of keyed hashes.") { issuer, keyFile, subjects, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(keyFile)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"No such key file: {path.FullName}");
                return ExitCodes.Usage;
            }

            var keyText = (await File.ReadAllTextAsync(path.FullName, cancellationToken)).Trim();
            var buffer = new byte[keyText.Length];
            if (!Convert.TryFromBase64String(keyText, buffer, out var written) || written < ParticipantHasher.MinimumKeyLength)
            {
                await error.WriteLineAsync($"The key file does not hold a base64 key of at least {ParticipantHasher.MinimumKeyLength} bytes.");
                return ExitCodes.Usage;
            }

            var hasher = new ParticipantHasher(buffer.AsSpan(0, written));
            var hashes = new List<string>();
            using var input = parseResult.GetValue(subjects) is { } file ? new StreamReader(file.FullName) : Console.In;
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Trim() is { Length: > 0 } subject)
                {
                    hashes.Add(hasher.Hash(parseResult.GetValue(issuer)!, subject).Value);
                }
            }

            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { voters = hashes.Distinct(StringComparer.Ordinal) }));
            }
            else
            {
                foreach (var hash in hashes)
                {
                    await output.WriteLineAsync(hash);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
