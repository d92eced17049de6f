using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Buurtbudget.Cli.Backups;

namespace Buurtbudget.Cli.Audits;

/// <summary><c>buurtbudget export --server URL --token T --round ID</c>: fetches a round's log from the API as an
/// auditor, and writes exactly the bytes the server sent (nothing added, nothing re-encoded), so that
/// <c>buurtbudget verify</c> checks the document the server served. Exit codes: 0 written, 1 refused or failed, 2 usage.</summary>
internal static class ExportCommand
{
    /// <summary>Where the token is read from when <c>--token</c> is left out.</summary>
    public const string TokenVariable = "BUURTBUDGET_TOKEN";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create()
    {
        var server = new Option<Uri>("--server")
        {
            Description = "The API's base address, e.g. https://buurtbudget.rotterdam.nl.",
            HelpName = "url",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
                {
                    return uri;
                }

                result.AddError($"--server '{text}' is not an http or https address.");
                return null!;
            },
        };
        var token = new Option<string?>("--token")
        {
            Description = $"An auditor's bearer token; leave out to read it from {TokenVariable}, which process lists do not show.",
            HelpName = "token",
        };
        var round = BackupCommands.RoundOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write to this new file instead of stdout.", HelpName = "file" };
        var command = new Command("export", "Download a round's log, with its hashes, head and digest, as the auditors' export to verify offline.") { server, token, round, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var bearer = parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(bearer))
            {
                await error.WriteLineAsync($"An auditor's token is needed: --token, or the environment variable {TokenVariable}.");
                return ExitCodes.Usage;
            }

            var roundId = parseResult.GetRequiredValue(round);
            // Relative to the server's address, so that a platform behind a proxy path (https://host/buurtbudget/) works.
            var serverAddress = parseResult.GetRequiredValue(server).AbsoluteUri;
            var address = new Uri(new Uri(serverAddress.EndsWith('/') ? serverAddress : serverAddress + "/"), $"api/rounds/{roundId}/export");

            // A round of many thousands of ballots is megabytes of JSON; allow more than the default 100 seconds.
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer.Trim());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            byte[] body;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"The server refused the export ({(int)response.StatusCode}): {ProblemDetail(body) ?? response.ReasonPhrase}");
                    return ExitCodes.Failure;
                }
            }
            catch (HttpRequestException exception)
            {
                await error.WriteLineAsync($"Could not reach {address.GetLeftPart(UriPartial.Authority)}: {exception.Message}");
                return ExitCodes.Failure;
            }

            if (parseResult.GetValue(output) is { } file)
            {
                try
                {
                    await using var stream = new FileStream(file.FullName, FileMode.CreateNew, FileAccess.Write);
                    await stream.WriteAsync(body, cancellationToken);
                }
                catch (IOException exception)
                {
                    await error.WriteLineAsync(exception.Message);
                    return ExitCodes.Failure;
                }
            }
            else
            {
                // Standard output is text; the document is UTF-8 (ASCII, in fact), which a UTF-8 writer gives back byte
                // for byte. Anything else is not an export, and is refused rather than silently changed.
                string text;
                try
                {
                    text = StrictUtf8.GetString(body);
                }
                catch (DecoderFallbackException)
                {
                    await error.WriteLineAsync("The server's answer is not UTF-8 text, so it is not a round export; nothing was written.");
                    return ExitCodes.Failure;
                }

                await parseResult.InvocationConfiguration.Output.WriteAsync(text);
                await parseResult.InvocationConfiguration.Output.FlushAsync(cancellationToken);
            }

            await error.WriteLineAsync($"Exported round {roundId} ({body.Length} bytes). Check it with 'buurtbudget verify FILE'.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The detail of an RFC 9457 problem, which the API words for people; null when the body is not one.</summary>
    private static string? ProblemDetail(byte[] body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                ? detail.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
