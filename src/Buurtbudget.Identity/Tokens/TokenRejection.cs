using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tokens;

/// <summary>Why a bearer token was refused: few enough reasons to log and explain, never the token itself.</summary>
public enum TokenRejection
{
    Malformed,
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    BadSignature,
    DisallowedAlgorithm,
    WrongType,
    IdToken,
    MissingSubject,
    TooLarge,
    ProviderUnavailable,
    Invalid,
}

public static class TokenRejections
{
    /// <summary>The RFC 6750 <c>error_description</c>: fixed English text in the characters that header allows.</summary>
    public static string Description(this TokenRejection rejection) => rejection switch
    {
        TokenRejection.Malformed => "The token is not a well-formed JWT",
        TokenRejection.Expired => "The token expired",
        TokenRejection.NotYetValid => "The token is not valid yet",
        TokenRejection.WrongIssuer => "The token was issued by an untrusted issuer",
        TokenRejection.WrongAudience => "The token was issued for another audience",
        TokenRejection.BadSignature => "The token signature is invalid",
        TokenRejection.DisallowedAlgorithm => "The token is signed with an algorithm that is not accepted",
        TokenRejection.WrongType => "The token is not an access token",
        TokenRejection.IdToken => "The token is an ID token; send an access token",
        TokenRejection.MissingSubject => "The token has no subject",
        TokenRejection.TooLarge => "The token is larger than accepted",
        TokenRejection.ProviderUnavailable => "The signing keys of the identity provider could not be retrieved",
        _ => "The token is invalid",
    };

    /// <summary>Maps what the token library reports onto the reasons above; anything unforeseen is simply invalid.</summary>
    internal static TokenRejection FromException(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => TokenRejection.Expired,
        SecurityTokenNotYetValidException => TokenRejection.NotYetValid,
        SecurityTokenInvalidIssuerException => TokenRejection.WrongIssuer,
        SecurityTokenInvalidAudienceException => TokenRejection.WrongAudience,
        SecurityTokenInvalidAlgorithmException => TokenRejection.DisallowedAlgorithm,
        SecurityTokenInvalidTypeException => TokenRejection.WrongType,
        SecurityTokenSignatureKeyNotFoundException => TokenRejection.BadSignature,
        SecurityTokenInvalidSignatureException => TokenRejection.BadSignature,
        SecurityTokenMalformedException => TokenRejection.Malformed,
        // The token library's answer to segments that are not base64url or JSON.
        ArgumentException => TokenRejection.Malformed,
        SecurityTokenNoExpirationException => TokenRejection.Invalid,
        _ => TokenRejection.Invalid,
    };
}

/// <summary>Carries the rejection from authentication to the challenge, which explains it to the client.</summary>
public sealed class BearerTokenRejectedException : Exception
{
    public BearerTokenRejectedException(TokenRejection rejection)
        : base(rejection.Description()) => Rejection = rejection;

    public TokenRejection Rejection { get; }
}
