using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.WebClient;
using Buurtbudget.Identity.Development;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Development.Oidc;

/// <summary>The token answer of RFC 6749 §5.1 with the OpenID Connect ID token.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>An error of the token endpoint (RFC 6749 §5.2); the description is ASCII, as the RFC requires.</summary>
internal sealed record TokenError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description);

/// <summary>The provider's JSON Web Key Set (RFC 7517 §5): its one public key.</summary>
internal sealed record KeySet([property: JsonPropertyName("keys")] IReadOnlyList<IReadOnlyDictionary<string, string>> Keys);

/// <summary>The platform's own OpenID provider for Development: the web client signs in with the authorization-code
/// flow and PKCE, exactly as with a real provider, and the person chooses a demo persona instead of a password. The
/// access token is the persona's development token. Anonymous by design, and therefore mapped only in the Development
/// environment with the development issuer enabled; anywhere else these routes do not exist.</summary>
internal static class DevelopmentOidcApi
{
    public const string Path = "/dev/oidc";

    /// <summary>The CORS policy for the Vite dev server's origin, in case it talks to this provider directly.</summary>
    public const string CorsPolicy = "development-web-client";

    private const string AuthorizationCode = "authorization_code";

    /// <summary>The form's antiforgery cookie, kept to the provider's path; and CORS for the dev server's origins.</summary>
    public static IServiceCollection AddDevelopmentOidc(this IServiceCollection services)
    {
        services.AddAntiforgery(options => options.Cookie.Path = Path);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebClientOptions>>((cors, web) => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins([.. DevelopmentClient.OriginsOf(web.Value.ResolveDevelopmentRedirectUris())])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .AllowAnyHeader()));
        return services;
    }

    public static void MapDevelopmentOidcApi(this WebApplication app)
    {
        if (!DevelopmentIssuerHost.TryLoadKey(app, out var key))
        {
            return;
        }

        var timeProvider = app.Services.GetRequiredService<TimeProvider>();
        var provider = new Provider(new DevelopmentTokenIssuer(key, timeProvider), new AuthorizationCodes(timeProvider));
        // An OpenID provider's protocol (discovery, HTML sign-in pages, redirects, RFC 6749 token errors), which OpenID
        // Connect describes and oidc-client-ts speaks: not part of the API's document.
        var group = app.MapGroup(Path).WithTags("Development").AllowAnonymous().RequireCors(CorsPolicy).ExcludeFromDescription();
        group.MapGet("/.well-known/openid-configuration", Discovery)
            .WithName("DevelopmentOidcDiscovery")
            .WithSummary("OpenID Connect discovery of the development provider. Development only; anonymous by design.");
        group.MapGet("/authorize", provider.ShowSignIn)
            .WithName("DevelopmentOidcAuthorize")
            .WithSummary("The sign-in page: one button per demo persona. Development only; anonymous by design.");
        group.MapPost("/authorize", provider.SignInAsync)
            .WithName("DevelopmentOidcSignIn")
            .WithSummary("Signs in as the chosen persona and redirects to the callback with a code. Development only; anonymous by design.");
        group.MapPost("/token", provider.RedeemAsync)
            .WithName("DevelopmentOidcToken")
            .WithSummary("Exchanges a code and its PKCE verifier for the persona's tokens. Development only; anonymous by design.");
        group.MapGet("/jwks", () => TypedResults.Json(new KeySet([key.PublicJsonWebKey()])))
            .WithName("DevelopmentOidcKeys")
            .WithSummary("The development key's public part. Development only; anonymous by design.");
        group.MapGet("/end-session", EndSession)
            .WithName("DevelopmentOidcEndSession")
            .WithSummary("Signs out and returns to the client, if its address is allowed. Development only; anonymous by design.");
    }

    public static string Issuer(HttpRequest request) => DevelopmentClient.BaseUrl(request) + Path;

    private static IResult Discovery(HttpContext context)
    {
        var issuer = Issuer(context.Request);
        return TypedResults.Json(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["jwks_uri"] = issuer + "/jwks",
            ["end_session_endpoint"] = issuer + "/end-session",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = new[] { AuthorizationCode },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "profile" },
            ["token_endpoint_auth_methods_supported"] = new[] { "none" },
            ["claims_supported"] = new[] { "iss", "sub", "aud", "exp", "iat", "nonce", "name" },
            ["ui_locales_supported"] = new[] { "nl", "en" },
        });
    }

    private static IResult EndSession(HttpContext context, IOptions<WebClientOptions> options)
    {
        var query = context.Request.Query;
        var language = AuthorizationRequest.LanguageOf(query["ui_locales"], context.Request);
        string? target = query["post_logout_redirect_uri"];
        if (string.IsNullOrEmpty(target))
        {
            return SignInPages.SignedOut(context, language);
        }

        var client = DevelopmentClient.For(context.Request, options.Value);
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || !client.AllowsOrigin(uri) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return SignInPages.Refused(context, language, ProblemCatalog.SignInRedirectNotAllowed);
        }

        string? state = query["state"];
        return Results.Redirect(string.IsNullOrEmpty(state) ? target : QueryHelpers.AddQueryString(target, "state", state));
    }

    private static IResult TokenFailure(HttpContext context, string error, string description)
    {
        NoStore(context);
        return TypedResults.Json(new TokenError(error, description), statusCode: StatusCodes.Status400BadRequest);
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    private sealed class Provider(DevelopmentTokenIssuer issuer, AuthorizationCodes codes)
    {
        public IResult ShowSignIn(HttpContext context, IOptions<WebClientOptions> options, IAntiforgery antiforgery)
        {
            var query = context.Request.Query;
            var reading = AuthorizationRequest.Read(name => query[name], DevelopmentClient.For(context.Request, options.Value), context.Request);
            if (reading.Request is null)
            {
                return SignInPages.Refused(context, reading.Language, reading.Problem!, reading.Arguments);
            }

            var tokens = antiforgery.GetAndStoreTokens(context);
            return SignInPages.ChoosePersona(context, reading.Request, context.Request.PathBase + Path + "/authorize", tokens.FormFieldName, tokens.RequestToken!);
        }

        public async Task<IResult> SignInAsync(HttpContext context, IOptions<WebClientOptions> options, IAntiforgery antiforgery)
        {
            if (!context.Request.HasFormContentType)
            {
                return SignInPages.Refused(context, AuthorizationRequest.LanguageOf(null, context.Request), ProblemCatalog.SignInFormExpired);
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var reading = AuthorizationRequest.Read(name => form[name], DevelopmentClient.For(context.Request, options.Value), context.Request);
            // The form must come from a page this provider showed this browser: no other site can sign it in as a persona.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return SignInPages.Refused(context, reading.Language, ProblemCatalog.SignInFormExpired);
            }

            if (reading.Request is not { } request)
            {
                return SignInPages.Refused(context, reading.Language, reading.Problem!, reading.Arguments);
            }

            if (!DemoPersonas.TryFind(form["persona"], out var persona))
            {
                return SignInPages.Refused(context, request.Language, ProblemCatalog.SignInInvalidRequest, ("field", "persona"));
            }

            var code = codes.Issue(new AuthorizationGrant(persona, request.ClientId, request.RedirectUri, request.CodeChallenge, request.Nonce, request.Scope));
            var parameters = new Dictionary<string, string?>(StringComparer.Ordinal) { ["code"] = code };
            if (request.State is not null)
            {
                parameters["state"] = request.State;
            }

            NoStore(context);
            return Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, parameters));
        }

        public async Task<IResult> RedeemAsync(HttpContext context, IOptions<WebClientOptions> options)
        {
            if (!context.Request.HasFormContentType)
            {
                return TokenFailure(context, "invalid_request", "The token request must be form-encoded (application/x-www-form-urlencoded).");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!string.Equals(form["grant_type"], AuthorizationCode, StringComparison.Ordinal))
            {
                return TokenFailure(context, "unsupported_grant_type", "Only grant_type=authorization_code is supported.");
            }

            string? code = form["code"], redirectUri = form["redirect_uri"], clientId = form["client_id"], verifier = form["code_verifier"];
            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(redirectUri) || string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(verifier))
            {
                return TokenFailure(context, "invalid_request", "code, redirect_uri, client_id and code_verifier are required.");
            }

            if (!string.Equals(clientId, options.Value.ClientId, StringComparison.Ordinal))
            {
                return TokenFailure(context, "invalid_client", "The client is unknown.");
            }

            var redemption = codes.Redeem(code);
            if (redemption.Grant is not { } grant)
            {
                return TokenFailure(context, "invalid_grant", redemption.Failure!);
            }

            if (!string.Equals(grant.ClientId, clientId, StringComparison.Ordinal) || !string.Equals(grant.RedirectUri, redirectUri, StringComparison.Ordinal))
            {
                return TokenFailure(context, "invalid_grant", "The code was issued to another client or redirect_uri.");
            }

            if (!VerifierMatches(verifier, grant.CodeChallenge))
            {
                return TokenFailure(context, "invalid_grant", "The code_verifier does not match the code_challenge.");
            }

            var lifetime = DevelopmentSignInApi.TokenLifetime;
            NoStore(context);
            return TypedResults.Json(new TokenResponse(
                grant.Persona.CreateToken(issuer, lifetime),
                "Bearer",
                (int)lifetime.TotalSeconds,
                issuer.CreateIdToken(Issuer(context.Request), grant.Persona.Name, grant.ClientId, grant.Nonce, lifetime),
                grant.Scope));
        }

        /// <summary>RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, for a verifier of 43 to
        /// 128 unreserved characters.</summary>
        private static bool VerifierMatches(string verifier, string challenge)
        {
            if (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                return false;
            }

            var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
        }
    }
}
