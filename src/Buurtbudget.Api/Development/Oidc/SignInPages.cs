using System.Net;
using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Problems;

namespace Buurtbudget.Api.Development.Oidc;

/// <summary>The development provider's server-rendered pages: choose a demo persona, a refused request, signed out.
/// Plain HTML with one stylesheet and no script, in Dutch or English, usable by keyboard and screen reader and at
/// 360 px wide. Every value from the request is HTML-encoded.</summary>
internal static class SignInPages
{
    private const string Style = """
        :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#f3f3f3}
        body{margin:0;padding:1rem}
        main{box-sizing:border-box;max-width:40rem;margin:0 auto;padding:1rem 1.25rem;background:#fff;border-radius:.5rem}
        h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
        .note{margin:0 0 1rem;padding:.5rem .75rem;background:#fff4d6;border-left:.25rem solid #8a5300}
        fieldset{border:0;margin:0;padding:0;min-width:0}
        legend{font-weight:600;margin-bottom:.5rem;padding:0}
        ul{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
        button{box-sizing:border-box;display:block;width:100%;min-height:2.75rem;padding:.75rem 1rem;font:inherit;text-align:left;color:#0b3d6e;background:#fff;border:2px solid #0b3d6e;border-radius:.375rem;cursor:pointer}
        button:hover{background:#e8f0f9}
        button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px}
        .name{display:block;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.875rem;color:#333;overflow-wrap:anywhere}
        """;

    /// <summary>The stylesheet's CSP hash, so that the page needs neither 'unsafe-inline' nor a stylesheet request.</summary>
    private static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'";

    public static IResult ChoosePersona(HttpContext context, AuthorizationRequest request, string action, string antiforgeryField, string antiforgeryToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var english = request.Language == ResponseLanguage.English;
        var body = new StringBuilder();
        body.Append("<h1>").Append(english ? "Sign in to Buurtbudget" : "Inloggen bij Buurtbudget").Append("</h1>\n");
        body.Append("<p class=\"note\">").Append(english
            ? "This is the development sign-in: choose a demo persona, no password needed. On the real platform you sign in through your municipality."
            : "Dit is de inlogpagina voor ontwikkeling: kies een demopersona, een wachtwoord is niet nodig. Op het echte platform logt u in via uw gemeente.").Append("</p>\n");
        body.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">\n");
        body.Append("<input type=\"hidden\" name=\"").Append(Encode(antiforgeryField)).Append("\" value=\"").Append(Encode(antiforgeryToken)).Append("\">\n");
        foreach (var (name, value) in request.Parameters())
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">\n");
        }

        body.Append("<fieldset>\n<legend>").Append(english ? "Sign in as" : "Log in als").Append("</legend>\n<ul>\n");
        foreach (var persona in DemoPersonas.All)
        {
            body.Append("<li><button type=\"submit\" name=\"persona\" value=\"").Append(Encode(persona.Name)).Append("\">")
                .Append(Encode(english ? persona.English : persona.Dutch))
                .Append(" <span class=\"name\">").Append(Encode(persona.Name)).Append("</span></button></li>\n");
        }

        body.Append("</ul>\n</fieldset>\n</form>\n");
        return Page(context, request.Language, english ? "Sign in to Buurtbudget (development)" : "Inloggen bij Buurtbudget (ontwikkeling)", body.ToString(),
            StatusCodes.Status200OK, new Uri(request.RedirectUri).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>A refused request: its problem's words, and no link or redirect to an address the request named.</summary>
    public static IResult Refused(HttpContext context, ResponseLanguage language, string problem, params (string Name, string Value)[] arguments)
    {
        var (title, detail) = Problems.Problems.Describe(problem, language, arguments);
        var body = $"<h1>{Encode(title)}</h1>\n<p>{Encode(detail)}</p>\n<p class=\"note\">{(language == ResponseLanguage.English
            ? "This is the development sign-in of Buurtbudget."
            : "Dit is de inlogpagina voor ontwikkeling van Buurtbudget.")}</p>\n";
        return Page(context, language, title, body, StatusCodes.Status400BadRequest, formTarget: null);
    }

    public static IResult SignedOut(HttpContext context, ResponseLanguage language)
    {
        var english = language == ResponseLanguage.English;
        var title = english ? "You are signed out" : "U bent uitgelogd";
        var body = $"<h1>{title}</h1>\n<p>{(english ? "You can close this page." : "U kunt deze pagina sluiten.")}</p>\n";
        return Page(context, language, title, body, StatusCodes.Status200OK, formTarget: null);
    }

    private static IResult Page(HttpContext context, ResponseLanguage language, string title, string body, int status, string? formTarget)
    {
        var headers = context.Response.Headers;
        // form-action also governs where the form's answer redirects to, so the callback's origin is listed with 'self'.
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src {StyleHash}; form-action 'self'{(formTarget is null ? "" : " " + formTarget)}; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        // The page's address holds the request's state and challenge; no other site needs to see it.
        headers["Referrer-Policy"] = "no-referrer";
        var html = $"""
            <!doctype html>
            <html lang="{language.Tag()}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            {body}</main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
