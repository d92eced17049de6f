using System.Text.RegularExpressions;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.WebClient;
using Buurtbudget.Identity.Problems;

namespace Buurtbudget.Api.Development.Oidc;

/// <summary>The one client the development provider knows, the web client, with the callbacks it may be sent
/// back to: <c>{base}/signin-callback</c> of the host it was reached on, and <c>WebClient:DevelopmentRedirectUris</c>.</summary>
internal sealed class DevelopmentClient
{
    private DevelopmentClient(string clientId, IReadOnlyList<string> redirectUris)
    {
        ClientId = clientId;
        RedirectUris = redirectUris;
        Origins = OriginsOf(redirectUris);
    }

    public string ClientId { get; }

    public IReadOnlyList<string> RedirectUris { get; }

    /// <summary>The origins of the callbacks: where the client runs, and so where it may be sent after signing out.</summary>
    public IReadOnlyList<string> Origins { get; }

    public static DevelopmentClient For(HttpRequest request, WebClientOptions options) =>
        new(options.ClientId, [BaseUrl(request) + "/signin-callback", .. options.ResolveDevelopmentRedirectUris()]);

    /// <summary>Scheme, host and port of each callback, once each.</summary>
    public static IReadOnlyList<string> OriginsOf(IEnumerable<string> redirectUris) =>
        [.. redirectUris.Select(uri => new Uri(uri).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Scheme, host and path base of the request: the platform as the browser reached it.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>Exact string comparison, as OAuth 2.1 requires: no prefix or pattern matching.</summary>
    public bool AllowsRedirect(string? redirectUri) => redirectUri is not null && RedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    public bool AllowsOrigin(Uri uri) => Origins.Contains(uri.GetLeftPart(UriPartial.Authority), StringComparer.OrdinalIgnoreCase);
}

/// <summary>An authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636) that passed every check, so that its
/// callback may be redirected to.</summary>
internal sealed partial record AuthorizationRequest(
    string ClientId, string RedirectUri, string Scope, string? State, string? Nonce, string CodeChallenge, ResponseLanguage Language)
{
    /// <summary>Longer values are refused: they are echoed into the page and the callback.</summary>
    private const int MaximumLength = 1024;

    /// <summary>The parameters the sign-in form carries from the page to its POST.</summary>
    public IEnumerable<(string Name, string Value)> Parameters()
    {
        yield return ("response_type", "code");
        yield return ("client_id", ClientId);
        yield return ("redirect_uri", RedirectUri);
        yield return ("scope", Scope);
        yield return ("code_challenge", CodeChallenge);
        yield return ("code_challenge_method", "S256");
        yield return ("ui_locales", Language.Tag());
        if (State is not null)
        {
            yield return ("state", State);
        }

        if (Nonce is not null)
        {
            yield return ("nonce", Nonce);
        }
    }

    /// <summary>Reads and checks a request from the query or the form. The callback is checked right after the
    /// client, and before anything else, so that no answer ever sends the browser to an address not on the list.</summary>
    public static AuthorizationRequestReading Read(Func<string, string?> field, DevelopmentClient client, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(client);
        var language = LanguageOf(field("ui_locales"), request);
        var clientId = field("client_id");
        if (!string.Equals(clientId, client.ClientId, StringComparison.Ordinal))
        {
            return AuthorizationRequestReading.Refused(language, ProblemCatalog.SignInUnknownClient, ("client", Shorten(clientId)));
        }

        var redirectUri = field("redirect_uri");
        if (!client.AllowsRedirect(redirectUri))
        {
            return AuthorizationRequestReading.Refused(language, ProblemCatalog.SignInRedirectNotAllowed);
        }

        var responseType = field("response_type");
        if (!string.Equals(responseType, "code", StringComparison.Ordinal))
        {
            return AuthorizationRequestReading.Refused(language, ProblemCatalog.SignInUnsupportedResponseType, ("value", Shorten(responseType)));
        }

        var challenge = field("code_challenge");
        if (!string.Equals(field("code_challenge_method"), "S256", StringComparison.Ordinal) || challenge is null || !Sha256Challenge().IsMatch(challenge))
        {
            return AuthorizationRequestReading.Refused(language, ProblemCatalog.SignInPkceRequired);
        }

        var scope = field("scope");
        foreach (var (name, value) in new[] { ("scope", scope), ("state", field("state")), ("nonce", field("nonce")) })
        {
            if (value is { Length: > MaximumLength } || (string.Equals(name, "scope", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(value)))
            {
                return AuthorizationRequestReading.Refused(language, ProblemCatalog.SignInInvalidRequest, ("field", name));
            }
        }

        return new AuthorizationRequestReading(
            new AuthorizationRequest(client.ClientId, redirectUri!, scope!, Empty(field("state")), Empty(field("nonce")), challenge, language), language, null, []);
    }

    /// <summary>English when <c>ui_locales</c> (a list, favourite first) names English before Dutch; without it, the
    /// request's Accept-Language decides.</summary>
    public static ResponseLanguage LanguageOf(string? uiLocales, HttpRequest request)
    {
        foreach (var tag in (uiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return ResponseLanguage.English;
            }

            if (tag.StartsWith("nl", StringComparison.OrdinalIgnoreCase))
            {
                return ResponseLanguage.Dutch;
            }
        }

        return ResponseLanguages.Preferred(request);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "…";

    /// <summary>A SHA-256 hash in base64url without padding is exactly 43 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Challenge();
}

/// <summary>A request that may proceed, or the problem to show instead (an HTML page, never a redirect).</summary>
internal sealed record AuthorizationRequestReading(
    AuthorizationRequest? Request, ResponseLanguage Language, string? Problem, (string Name, string Value)[] Arguments)
{
    public static AuthorizationRequestReading Refused(ResponseLanguage language, string problem, params (string Name, string Value)[] arguments) =>
        new(null, language, problem, arguments);
}
