using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Identity.Problems;

/// <summary>RFC 9457 problem details for "who are you?" (401), "not you" (403) and "cannot check who you are right
/// now" (503), in the caller's language.</summary>
public static class AuthenticationProblems
{
    public const string UnauthenticatedType = "https://buurtbudget.nl/problems/unauthenticated";
    public const string ForbiddenType = "https://buurtbudget.nl/problems/forbidden";
    public const string ProviderUnavailableType = "https://buurtbudget.nl/problems/identity-provider-unavailable";

    /// <summary>How long a caller waits before trying again when the identity provider cannot be reached.</summary>
    public static readonly TimeSpan ProviderRetryAfter = TimeSpan.FromSeconds(30);

    /// <param name="rejection">Why the token that was sent was refused; null when none was sent.</param>
    public static Task WriteUnauthenticatedAsync(HttpContext httpContext, TokenRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var language = ResponseLanguages.Preferred(httpContext.Request);
        var english = language == ResponseLanguage.English;
        var title = english ? "Not signed in" : "Niet aangemeld";
        var detail = rejection switch
        {
            null => english ? "Sign in to continue." : "Meld u aan om verder te gaan.",
            TokenRejection.Expired => english ? "Your sign-in has expired. Please sign in again." : "Uw aanmelding is verlopen. Meld u opnieuw aan.",
            TokenRejection.NotYetValid => english
                ? "Your sign-in is not valid yet. Check that your device's clock is right and sign in again."
                : "Uw aanmelding is nog niet geldig. Controleer of de klok van uw apparaat goed staat en meld u opnieuw aan.",
            TokenRejection.IdToken => english
                ? "An ID token was sent where an access token is needed. Send the access token from your sign-in."
                : "Er is een ID-token gestuurd waar een access token nodig is. Stuur het access token van uw aanmelding.",
            _ => english ? "Your sign-in is not valid. Please sign in again." : "Uw aanmelding is niet geldig. Meld u opnieuw aan.",
        };
        return WriteAsync(httpContext, StatusCodes.Status401Unauthorized, UnauthenticatedType, title, detail, language);
    }

    /// <summary>The token could not be checked because the identity provider's keys could not be had: not the caller's
    /// fault, and signing in again would not help (the same provider signs them in), so it is a 503 with a retry hint,
    /// not a 401 that sends the resident to a sign-in page that is down as well.</summary>
    public static Task WriteProviderUnavailableAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var language = ResponseLanguages.Preferred(httpContext.Request);
        var english = language == ResponseLanguage.English;
        httpContext.Response.Headers.RetryAfter = ((int)ProviderRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(
            httpContext,
            StatusCodes.Status503ServiceUnavailable,
            ProviderUnavailableType,
            english ? "Sign-in cannot be checked now" : "Aanmelding nu niet te controleren",
            english
                ? "Your sign-in cannot be checked right now: the sign-in service does not answer. Please try again in a moment; you do not need to sign in again."
                : "Uw aanmelding kan op dit moment niet worden gecontroleerd: de aanmeldservice antwoordt niet. Probeer het zo opnieuw; u hoeft niet opnieuw aan te melden.",
            language);
    }

    public static Task WriteForbiddenAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var language = ResponseLanguages.Preferred(httpContext.Request);
        var english = language == ResponseLanguage.English;
        return WriteAsync(
            httpContext,
            StatusCodes.Status403Forbidden,
            ForbiddenType,
            english ? "Forbidden" : "Geen toegang",
            english ? "You are signed in, but you may not do this." : "U bent aangemeld, maar u mag dit niet doen.",
            language);
    }

    private static Task WriteAsync(HttpContext httpContext, int status, string type, string title, string detail, ResponseLanguage language)
    {
        httpContext.Response.Headers.ContentLanguage = language.Tag();
        httpContext.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
        // The last segment of the type is the code, as in every other problem of the API: clients act on it.
        var code = type[(type.LastIndexOf('/') + 1)..];
        return TypedResults.Problem(
                detail: detail,
                instance: httpContext.Request.Path,
                statusCode: status,
                title: title,
                type: type,
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code })
            .ExecuteAsync(httpContext);
    }
}
