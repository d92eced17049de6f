using System.CommandLine;
using System.Text;
using System.Text.Json;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Identity.Privacy;

namespace Buurtbudget.Cli.Registers;

/// <summary><c>buurtbudget register-hash --issuer ISS --key-file F [--subjects FILE] &lt; subjects.txt</c>: turns the sign-in identities
/// (the identity broker's subject per eligible person, one per line) into the keyed hashes of a voter register, with
/// the platform's participant hash key. Runs at the municipality; the subjects never reach the platform.
/// <para>With <c>--round ID --letters FILE</c>, each register entry is one person across channels: a line
/// <c>subject,reference</c> (or <c>subject,reference,code</c> to use a code the municipality already has) also gets a
/// letter code, and the upload binds that code's keyed hash to the person's sign-in hash, so that their ballot by
/// code and their ballot after signing in are one ballot. The codes in the clear go only to FILE (reference and code,
/// for the municipality's printer, who merges them with the addresses it holds by reference); the upload on standard
/// output holds keyed hashes only. A line with a subject alone gets no letter.</para></summary>
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
        var round = new Option<string?>("--round") { Description = "With --letters: the round the letter codes are for (its id); a code's key differs per round." };
        var letters = new Option<FileInfo?>("--letters")
        {
            Description = "Also bind a letter code to each line 'subject,reference[,code]' and write 'reference,code' to this file for the printer; the upload (standard output) then holds 'entries'. Codes in the clear go only to this file.",
        };

        var command = new Command("register-hash", "Hash sign-in subjects (standard input, one per line) into a voter register of keyed hashes; with --letters, bind a letter code to each person too.")
        {
            issuer, keyFile, subjects, json, round, letters,
        };
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
            RoundId? roundId = null;
            if (parseResult.GetValue(letters) is not null)
            {
                if (!RoundId.TryParse(parseResult.GetValue(round), out var parsed))
                {
                    await error.WriteLineAsync("--letters needs --round with the round's id (a UUID such as 3f2b8c1e-...): a letter code's key differs per round.");
                    return ExitCodes.Usage;
                }

                roundId = parsed;
            }

            var lines = new List<string>();
            using (var input = parseResult.GetValue(subjects) is { } file ? new StreamReader(file.FullName) : Console.In)
            {
                while (await input.ReadLineAsync(cancellationToken) is { } line)
                {
                    lines.Add(line);
                }
            }

            var brokerIssuer = parseResult.GetValue(issuer)!;
            if (roundId is { } letterRound)
            {
                return await WriteEntriesAsync(hasher, brokerIssuer, letterRound, lines, parseResult.GetValue(letters)!, output, error, cancellationToken);
            }

            var hashes = lines.Select(line => line.Trim()).Where(subject => subject.Length > 0).Select(subject => hasher.Hash(brokerIssuer, subject).Value).ToList();
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

    /// <summary>The upload with one entry per person (sign-in hash, and for a letter the code's key in the round and its
    /// key in the voting-code index, both under the platform's key, as the platform computes them for its own batches),
    /// and the printer's file of references and codes.</summary>
    private static async Task<int> WriteEntriesAsync(
        ParticipantHasher hasher, string brokerIssuer, RoundId round, List<string> lines, FileInfo lettersFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var entries = new List<object>();
        var letters = new StringBuilder("reference,code\n");
        var references = new HashSet<string>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var number = 1; number <= lines.Count; number++)
        {
            var fields = lines[number - 1].Split(',').Select(field => field.Trim()).ToArray();
            if (fields is [""])
            {
                continue;
            }

            if (fields.Length > 3 || fields[0].Length == 0 || (fields.Length >= 2 && fields[1].Length == 0))
            {
                await error.WriteLineAsync($"Line {number}: expected 'subject', 'subject,reference' or 'subject,reference,code'.");
                return ExitCodes.Usage;
            }

            var person = hasher.Hash(brokerIssuer, fields[0]).Value;
            if (fields.Length == 1)
            {
                entries.Add(new { person });
                continue;
            }

            var reference = fields[1];
            if (!references.Add(reference))
            {
                await error.WriteLineAsync($"Line {number}: reference '{reference}' appears twice; each letter needs its own reference.");
                return ExitCodes.Usage;
            }

            string code;
            if (fields.Length == 3)
            {
                if (!VotingCode.TryNormalize(fields[2], out code))
                {
                    await error.WriteLineAsync($"Line {number}: the code for reference '{reference}' is not a voting code ({VotingCode.Length} characters from {VotingCode.Alphabet}).");
                    return ExitCodes.Usage;
                }
            }
            else
            {
                do
                {
                    code = VotingCode.Generate();
                }
                while (codes.Contains(code));
            }

            if (!codes.Add(code))
            {
                // One code on two letters would let either person vote for the other.
                await error.WriteLineAsync($"Line {number}: the code for reference '{reference}' is already on another letter.");
                return ExitCodes.Usage;
            }

            entries.Add(new
            {
                person,
                code = hasher.Hash(VotingCode.KeyIssuerFor(round), code).Value,
                codeIndex = hasher.Hash(VotingCode.IndexIssuer, code).Value,
            });
            letters.Append(Csv(reference)).Append(',').Append(VotingCode.Format(code)).Append('\n');
        }

        await File.WriteAllTextAsync(lettersFile.FullName, letters.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { entries }));
        await error.WriteLineAsync($"{entries.Count} register entries; {codes.Count} letter codes written to {lettersFile.FullName}. Keep that file at the municipality: it holds the codes in the clear.");
        return ExitCodes.Success;
    }

    /// <summary>A reference as a CSV field: quoted when it holds a quote or separator.</summary>
    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny("\",\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
