using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Identity.Tokens;

/// <summary>What the platform asks of every bearer token beyond the library defaults, put into a JwtBearer scheme's
/// parameters and events: the residents', the staff's (after Microsoft.Identity.Web configured it) and the
/// development issuer's alike. Refusals carry a <see cref="TokenRejection"/> to the challenge, which explains it
/// in RFC 9457 problem details in the caller's language.</summary>
internal static partial class BearerTokenHardening
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Discovery and key documents are small and their providers fast; a hung provider must not hold requests for long.</summary>
    internal static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);

    public static void Apply(JwtBearerOptions options, TimeProvider timeProvider)
    {
        // Claims keep their JWT names (sub, roles, groups); renaming them costs time on every request.
        options.MapInboundClaims = false;
        options.SaveToken = false;
        TokenRules.Harden(options.TokenValidationParameters, timeProvider);

        var events = options.Events ??= new JwtBearerEvents();
        // Microsoft.Identity.Web puts its own check (a roles or scope claim is required) into OnTokenValidated: it runs after ours.
        var libraryTokenValidated = events.OnTokenValidated;
        events.OnMessageReceived = MessageReceived;
        events.OnTokenValidated = async context =>
        {
            TokenValidated(context);
            if (context.Result is null)
            {
                await libraryTokenValidated(context);
            }
        };
        events.OnAuthenticationFailed = AuthenticationFailedAsync;
        events.OnChallenge = ChallengeAsync;
        events.OnForbidden = context => AuthenticationProblems.WriteForbiddenAsync(context.HttpContext);
    }

    /// <summary>Hands JwtBearer the token, or refuses the header before any token is parsed.</summary>
    private static Task MessageReceived(MessageReceivedContext context)
    {
        var headers = context.Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (headers.Count > 1)
        {
            // Two Authorization headers: which one is meant is a guess this API will not make.
            Reject(context, TokenRejection.Malformed);
            return Task.CompletedTask;
        }

        var authorization = headers[0];
        if (string.Equals(authorization?.Trim(), BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            // "Bearer " with nothing after it (proxies and clients trim the trailing space).
            Reject(context, TokenRejection.Malformed);
            return Task.CompletedTask;
        }

        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, a voting code) is not this handler's to judge; JwtBearer sees no token.
            return Task.CompletedTask;
        }

        var token = authorization.AsSpan(BearerPrefix.Length).Trim();
        if (token.IsEmpty)
        {
            Reject(context, TokenRejection.Malformed);
        }
        else if (token.Length > TokenRules.MaximumTokenLength)
        {
            Reject(context, TokenRejection.TooLarge);
        }
        else
        {
            context.Token = token.ToString();
        }

        return Task.CompletedTask;
    }

    /// <summary>The checks the library does not make: only access tokens, times as numbers, a subject.</summary>
    private static void TokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken token)
        {
            Reject(context, TokenRejection.Malformed);
        }
        else if (TokenRules.IsIdToken(token))
        {
            // Refused whoever signed it: an ID token is proof of a sign-in for a client, not access to this API.
            Reject(context, TokenRejection.IdToken);
        }
        else if (!TokenRules.HasNumericTimes(token))
        {
            Reject(context, TokenRejection.Malformed);
        }
        else if (!token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var subject) || string.IsNullOrWhiteSpace(subject))
        {
            Reject(context, TokenRejection.MissingSubject);
        }
    }

    private static async Task AuthenticationFailedAsync(AuthenticationFailedContext context)
    {
        if (context.Exception is BearerTokenRejectedException rejected)
        {
            Reject(context, rejected.Rejection);
            return;
        }

        var (reachable, configuration) = await ProviderConfigurationAsync(context);
        if (!reachable)
        {
            // Only a token that the unreachable provider would have to check waits for it (a 503 with a retry hint); one
            // of an issuer no scheme trusts is refused as such, whoever is down.
            var known = context.HttpContext.RequestServices.GetService<IssuerSchemeSelector>()?.KnowsIssuerOf(context.Request) ?? true;
            Reject(context, known ? TokenRejection.ProviderUnavailable : TokenRejection.WrongIssuer);
            return;
        }

        // The library reports a refused algorithm as a missing key or a bad signature; the header tells which it was.
        var algorithm = AlgorithmOf(context.Request);
        var rejection = algorithm is not null && !TokenRules.AcceptedAlgorithms.Contains(algorithm, StringComparer.Ordinal)
            ? TokenRejection.DisallowedAlgorithm
            : TokenRejections.FromException(context.Exception);
        // The signature is checked before the issuer: a token from an issuer this scheme does not trust fails on
        // the key first, though the issuer is what is wrong with it.
        if (rejection == TokenRejection.BadSignature && !IsTrustedIssuer(IssuerSchemeSelector.UnverifiedIssuer(context.Request), context.Options.TokenValidationParameters, configuration))
        {
            rejection = TokenRejection.WrongIssuer;
        }

        Reject(context, rejection);
    }

    private static bool IsTrustedIssuer(string? issuer, TokenValidationParameters parameters, OpenIdConnectConfiguration? configuration) =>
        issuer is not null
        && (string.Equals(issuer, configuration?.Issuer, StringComparison.Ordinal)
            || string.Equals(issuer, parameters.ValidIssuer, StringComparison.Ordinal)
            || parameters.ValidIssuers?.Contains(issuer, StringComparer.Ordinal) == true);

    /// <summary>The provider's discovery document, and whether it could be had: it is cached after the first fetch,
    /// so only a provider that has never answered (or whose cache ran out while it is down) counts as unreachable.
    /// The library would report that as an untrusted issuer or an unknown key, and send the user to sign in again.</summary>
    private static async Task<(bool Reachable, OpenIdConnectConfiguration? Configuration)> ProviderConfigurationAsync(AuthenticationFailedContext context)
    {
        if (context.Options.ConfigurationManager is not { } configuration)
        {
            return (true, null);
        }

        try
        {
            return (true, await configuration.GetConfigurationAsync(context.HttpContext.RequestAborted));
        }
        catch (InvalidOperationException ex)
        {
            LogProviderUnavailable(LoggerOf(context.HttpContext), context.Scheme.Name, ex);
            return (false, null);
        }
    }

    private static string? AlgorithmOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.Count == 1 ? request.Headers.Authorization[0] : null;
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(authorization[BearerPrefix.Length..].Trim()).Alg;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    private static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        TokenRejection? rejection = context.AuthenticateFailure switch
        {
            null => null,
            BearerTokenRejectedException rejected => rejected.Rejection,
            _ => TokenRejection.Invalid,
        };

        if (rejection == TokenRejection.ProviderUnavailable)
        {
            return AuthenticationProblems.WriteProviderUnavailableAsync(context.HttpContext);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 §3: no error code when the request carried no token at all.
        context.Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            rejection is null
                ? "Bearer"
                : $"Bearer error=\"invalid_token\", error_description=\"{rejection.Value.Description()}\"");
        return AuthenticationProblems.WriteUnauthenticatedAsync(context.HttpContext, rejection);
    }

    private static void Reject<TOptions>(Microsoft.AspNetCore.Authentication.ResultContext<TOptions> context, TokenRejection rejection)
        where TOptions : Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions
    {
        LogRejected(LoggerOf(context.HttpContext), context.Scheme.Name, rejection);
        context.Fail(new BearerTokenRejectedException(rejection));
    }

    private static ILogger LoggerOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BearerTokenHardening).FullName!);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected by {Scheme}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string scheme, TokenRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity provider of {Scheme} could not be reached for its configuration")]
    private static partial void LogProviderUnavailable(ILogger logger, string scheme, Exception exception);
}
