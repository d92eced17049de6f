using System.Security.Claims;
using System.Text.Encodings.Web;
using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Buurtbudget.Identity.Tokens;

/// <summary>The "Bearer" scheme: reads <c>Authorization: Bearer …</c> and validates it with
/// <see cref="BearerTokenValidator"/>. Challenges and refusals answer in RFC 9457 problem details.</summary>
public sealed partial class BearerTokenHandler(
    IOptionsMonitor<BearerTokenOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BearerTokenValidator validator)
    : AuthenticationHandler<BearerTokenOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var authorization = headers.Count == 1 ? headers[0] : null;
        if (authorization is null)
        {
            // Two Authorization headers: which one is meant is a guess this handler will not make.
            return Reject(TokenRejection.Malformed);
        }

        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, a voting code) is not this handler's to judge.
            return AuthenticateResult.NoResult();
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        if (token.Length == 0)
        {
            return Reject(TokenRejection.Malformed);
        }

        var validation = await validator.ValidateAsync(token, Context.RequestAborted);
        if (!validation.Succeeded)
        {
            return Reject(validation.Rejection);
        }

        var principal = new ClaimsPrincipal(validation.Identity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var authentication = await HandleAuthenticateOnceSafeAsync();
        TokenRejection? rejection = authentication.Failure switch
        {
            null => null,
            BearerTokenRejectedException rejected => rejected.Rejection,
            _ => TokenRejection.Invalid,
        };

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 §3: no error code when the request carried no token at all.
        Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            rejection is null
                ? "Bearer"
                : $"Bearer error=\"invalid_token\", error_description=\"{rejection.Value.Description()}\"");
        await AuthenticationProblems.WriteUnauthenticatedAsync(Context, rejection);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteForbiddenAsync(Context);

    private AuthenticateResult Reject(TokenRejection rejection)
    {
        LogRejected(Logger, rejection);
        return AuthenticateResult.Fail(new BearerTokenRejectedException(rejection));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, TokenRejection reason);
}
