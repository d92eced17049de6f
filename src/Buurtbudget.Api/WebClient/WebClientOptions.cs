using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>The web client: where it signs in, and where its built files are. Bound from the section
/// <c>WebClient</c>, validated at start-up by <see cref="WebClientOptionsValidator"/>.</summary>
internal sealed class WebClientOptions
{
    public const string SectionName = "WebClient";

    /// <summary>The Vite dev server's callback, so that <c>npm run dev</c> signs in against a local platform.</summary>
    public static readonly IReadOnlyList<string> DefaultDevelopmentRedirectUris = ["http://localhost:5173/signin-callback"];

    /// <summary>The OpenID provider the client signs in with. Empty in Development with the development issuer: the
    /// platform's own provider of demo personas at <c>{origin}/dev/oidc</c>.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "buurtbudget-web";

    public string Scope { get; set; } = "openid profile";

    /// <summary>The directory of the built client (<c>src/Buurtbudget.Web/dist</c>); unset, the API serves no client.</summary>
    public string? Root { get; set; }

    /// <summary>Callbacks the development provider redirects to besides <c>{origin}/signin-callback</c>. Null is the
    /// default list: a configured list replaces it, rather than being appended to it as the binder does with lists.</summary>
    public string[]? DevelopmentRedirectUris { get; set; }

    public IReadOnlyList<string> ResolveDevelopmentRedirectUris() => DevelopmentRedirectUris ?? DefaultDevelopmentRedirectUris;

    /// <summary>The configured authority's origin (scheme, host and port), for the client's Content-Security-Policy.</summary>
    public string? AuthorityOrigin() =>
        Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ? authority.GetLeftPart(UriPartial.Authority) : null;
}

internal sealed class WebClientOptionsValidator : IValidateOptions<WebClientOptions>
{
    public ValidateOptionsResult Validate(string? name, WebClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Authority) && !IsHttpUri(options.Authority))
        {
            failures.Add($"WebClient:Authority '{options.Authority}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("WebClient:ClientId is empty; the web client needs a client id to sign in with.");
        }

        if (string.IsNullOrWhiteSpace(options.Scope) || !options.Scope.Split(' ').Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"WebClient:Scope '{options.Scope}' lacks 'openid'; the web client signs in with OpenID Connect.");
        }

        foreach (var uri in options.ResolveDevelopmentRedirectUris())
        {
            if (!IsHttpUri(uri) || uri.Contains('#', StringComparison.Ordinal))
            {
                failures.Add($"WebClient:DevelopmentRedirectUris holds '{uri}', which is not an absolute http(s) URL without a fragment.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal));
}
