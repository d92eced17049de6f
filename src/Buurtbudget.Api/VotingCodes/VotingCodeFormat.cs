using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>The forms a batch of codes can be answered in: JSON for programs, CSV for a print shop's mail merge
/// (it adds the addresses itself), HTML for printing the letters directly.</summary>
internal enum VotingCodeFormat
{
    Json,
    Csv,
    Html,
}

internal static class VotingCodeFormats
{
    public const string Allowed = "json, csv, html";

    /// <summary>The format asked for: the <c>format</c> query parameter when given (it must be one of
    /// <see cref="Allowed"/>), else the first of text/csv or text/html that the Accept header names, else JSON.</summary>
    public static bool TryChoose(string? format, HttpRequest request, out VotingCodeFormat chosen)
    {
        ArgumentNullException.ThrowIfNull(request);
        chosen = VotingCodeFormat.Json;
        if (format is not null)
        {
            switch (format.Trim().ToUpperInvariant())
            {
                case "JSON":
                    return true;
                case "CSV":
                    chosen = VotingCodeFormat.Csv;
                    return true;
                case "HTML":
                    chosen = VotingCodeFormat.Html;
                    return true;
                default:
                    return false;
            }
        }

        if (MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            foreach (var media in accepted.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1))
            {
                if (media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
                {
                    chosen = VotingCodeFormat.Csv;
                    return true;
                }

                if (media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    chosen = VotingCodeFormat.Html;
                    return true;
                }

                if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return true;
    }
}
