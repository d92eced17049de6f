using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>The gemeente the platform serves, as the web client shows it: its name (in every page title and the
/// header), its logo and its colours as NL Design System "basis" tokens. Bound from the section <c>Municipality</c>,
/// validated at start-up by <see cref="MunicipalityOptionsValidator"/>. Unset, the client shows the neutral
/// "Buurtbudget" with the design system's example theme.</summary>
internal sealed partial class MunicipalityOptions
{
    public const string SectionName = "Municipality";

    /// <summary>"Rotterdam": pages are titled "Stemmen - Buurtbudget Rotterdam".</summary>
    public string? Name { get; set; }

    /// <summary>A path on this platform to the gemeente's logo (e.g. <c>/theme/logo.svg</c> in the client's root),
    /// which the client's Content-Security-Policy admits; only a logo the gemeente has the rights to.</summary>
    public string? LogoPath { get; set; }

    /// <summary>The logo's text alternative; the name when left out.</summary>
    public string? LogoAlt { get; set; }

    /// <summary>NL Design System tokens by name without the leading dashes, e.g.
    /// <c>basis-color-accent-1-inverse-bg-default</c> = <c>#00689e</c>; the client sets each as a CSS custom
    /// property (<c>--basis-…</c>) over the example theme.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Only the design system's shared "basis" layer: every component reads its colours, fonts and spacing
    /// from it, so a gemeente's theme never needs a component's own tokens.</summary>
    [GeneratedRegex("^basis-[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    public static partial Regex TokenName();

    /// <summary>A colour, length, number or font list: nothing that can close the declaration or load anything.</summary>
    [GeneratedRegex("""^[A-Za-z0-9#%., "'()+-]{1,200}$""", RegexOptions.CultureInvariant)]
    public static partial Regex TokenValue();
}

internal sealed class MunicipalityOptionsValidator : IValidateOptions<MunicipalityOptions>
{
    public ValidateOptionsResult Validate(string? name, MunicipalityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = MunicipalityOptions.SectionName;
        if (options.Name is { Length: > 80 })
        {
            failures.Add($"{section}:Name is {options.Name.Length} characters; a page title takes at most 80.");
        }

        if (!string.IsNullOrWhiteSpace(options.LogoPath)
            && (!options.LogoPath.StartsWith('/') || options.LogoPath.StartsWith("//", StringComparison.Ordinal) || options.LogoPath.Contains(':', StringComparison.Ordinal)))
        {
            failures.Add($"{section}:LogoPath '{options.LogoPath}' is not a path on this platform (such as /theme/logo.svg); the client's Content-Security-Policy loads images only from here.");
        }

        foreach (var (token, value) in options.Tokens)
        {
            if (!MunicipalityOptions.TokenName().IsMatch(token))
            {
                failures.Add($"{section}:Tokens:{token} is not an NL Design System basis token name (basis-…, lower case, without the leading dashes).");
            }
            else if (value is null || value.Contains("url(", StringComparison.OrdinalIgnoreCase) || !MunicipalityOptions.TokenValue().IsMatch(value))
            {
                failures.Add($"{section}:Tokens:{token} has the value '{value}', which is not a colour, size or font list (letters, digits, # % . , ' \" ( ) + - and spaces; no url()).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
