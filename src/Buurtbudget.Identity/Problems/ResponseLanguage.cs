using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Identity.Problems;

/// <summary>The platform speaks Dutch, and English to those who ask for it.</summary>
public enum ResponseLanguage
{
    Dutch,
    English,
}

public static class ResponseLanguages
{
    /// <summary>English when the request's Accept-Language ranks English above Dutch; Dutch otherwise,
    /// including when the header is missing, malformed or names neither.</summary>
    public static ResponseLanguage Preferred(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranges))
        {
            return ResponseLanguage.Dutch;
        }

        ResponseLanguage? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1;
            var language = LanguageOf(range.Value.Value);
            // Strictly greater: on a tie the earlier range wins, as a client lists its favourites first.
            if (language is not null && quality > bestQuality)
            {
                best = language;
                bestQuality = quality;
            }
        }

        return best ?? ResponseLanguage.Dutch;
    }

    public static string Tag(this ResponseLanguage language) => language == ResponseLanguage.English ? "en" : "nl";

    private static ResponseLanguage? LanguageOf(string? range)
    {
        if (range is null)
        {
            return null;
        }

        if (IsLanguage(range, "en"))
        {
            return ResponseLanguage.English;
        }

        return IsLanguage(range, "nl") || string.Equals(range, "*", StringComparison.Ordinal) ? ResponseLanguage.Dutch : null;
    }

    private static bool IsLanguage(string range, string language) =>
        range.StartsWith(language, StringComparison.OrdinalIgnoreCase) &&
        (range.Length == language.Length || range[language.Length] == '-');
}
