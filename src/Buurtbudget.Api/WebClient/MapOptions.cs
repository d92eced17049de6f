using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>The background map the web client shows under proposals' places: a tile URL template and the words that
/// credit its source. Bound from the section <c>Map</c>, validated at start-up by <see cref="MapOptionsValidator"/>.
/// The default is PDOK's BRT-Achtergrondkaart (Kadaster, open data under CC BY 4.0) in Web Mercator.</summary>
internal sealed class MapOptions
{
    public const string SectionName = "Map";

    public const string DefaultTileUrl = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png";

    public const string DefaultAttribution = "Kaartgegevens © Kadaster";

    /// <summary>An absolute http(s) URL with <c>{z}</c>, <c>{x}</c> and <c>{y}</c> in its path or query, one host
    /// (no <c>{s}</c> subdomains: the Content-Security-Policy admits exactly this origin for images).</summary>
    public string TileUrl { get; set; } = DefaultTileUrl;

    /// <summary>Plain text shown under every map; the tiles' licence asks for it.</summary>
    public string Attribution { get; set; } = DefaultAttribution;

    /// <summary>The tiles' origin (scheme, host and port), the one place besides 'self' that the client's
    /// Content-Security-Policy lets images come from; null when the URL is not absolute.</summary>
    public string? TileOrigin() =>
        Uri.TryCreate(TileUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}

internal sealed class MapOptionsValidator : IValidateOptions<MapOptions>
{
    public const int AttributionMaxLength = 200;

    public ValidateOptionsResult Validate(string? name, MapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = MapOptions.SectionName;
        var url = options.TileUrl;
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http")
            || uri.Host.Contains('{', StringComparison.Ordinal)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{section}:TileUrl '{url}' is not an absolute http(s) URL with one fixed host (no {{s}} subdomains, no user name), such as {MapOptions.DefaultTileUrl}.");
        }
        else if (!url.Contains("{z}", StringComparison.Ordinal) || !url.Contains("{x}", StringComparison.Ordinal) || !url.Contains("{y}", StringComparison.Ordinal))
        {
            failures.Add($"{section}:TileUrl '{url}' lacks one of {{z}}, {{x}} and {{y}}; the map fills them in for each tile.");
        }

        if (string.IsNullOrWhiteSpace(options.Attribution) || options.Attribution.Length > AttributionMaxLength || options.Attribution.Any(char.IsControl))
        {
            failures.Add($"{section}:Attribution must be one line of plain text of 1 to {AttributionMaxLength} characters that credits the tiles' source, such as '{MapOptions.DefaultAttribution}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
