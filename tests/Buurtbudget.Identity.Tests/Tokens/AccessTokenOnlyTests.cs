using System.Security.Cryptography;
using System.Text;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Tokens;

/// <summary>Only access tokens open the API: an ID token (by its claims), a token whose key id names no trusted
/// key, a lifetime that is not a number, or an oversized token is refused even when the trusted key signed it.</summary>
public sealed class AccessTokenOnlyTests : IClassFixture<DevelopmentKeyFixture>, IDisposable
{
    private readonly FixedClock _clock = new();
    private readonly DevelopmentSetup _development;

    public AccessTokenOnlyTests(DevelopmentKeyFixture key) => _development = new DevelopmentSetup(key.Directory, _clock);

    public void Dispose() => _development.Dispose();

    [Theory]
    [InlineData("nonce", "n-0S6_WzA2Mj")]
    [InlineData("at_hash", "77QmUPtjPfzWtF2AnpK9RQ")]
    [InlineData("c_hash", "LDktKdoQak3Pk0cnXxCltA")]
    public async Task A_token_with_an_ID_token_claim_is_refused_as_an_ID_token(string claim, string value)
    {
        var token = _development.Sign(descriptor => descriptor.Claims[claim] = value);

        Assert.Equal(TokenRejection.IdToken, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_Keycloak_ID_token_is_refused_even_with_a_plain_JWT_type_header()
    {
        var token = _development.Sign(descriptor =>
        {
            descriptor.TokenType = "JWT";
            descriptor.Claims["typ"] = "ID";
        });

        Assert.Equal(TokenRejection.IdToken, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_Keycloak_access_token_is_accepted()
    {
        var token = _development.Sign(descriptor =>
        {
            descriptor.TokenType = "JWT";
            descriptor.Claims["typ"] = "Bearer";
        });

        Assert.True((await _development.Validator.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task An_ID_token_from_the_OpenID_Connect_provider_is_refused()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        await using var validator = new TokenProbe(provider.Settings());
        var accessToken = provider.CreateToken("alice", ["resident"]);
        var idToken = provider.CreateToken("alice", ["resident"], extraClaims: new Dictionary<string, object>(StringComparer.Ordinal) { ["nonce"] = "n-0S6_WzA2Mj" });

        Assert.True((await validator.ValidateAsync(accessToken)).Succeeded);
        Assert.Equal(TokenRejection.IdToken, (await validator.ValidateAsync(idToken)).Rejection);
    }

    [Fact]
    public async Task A_key_id_that_names_no_trusted_key_is_refused_even_when_the_trusted_key_signed()
    {
        var token = HandMade($$"""{"alg":"RS256","typ":"at+jwt","kid":"onbekende-sleutel"}""", Payload());

        var validation = await _development.Validator.ValidateAsync(token);

        Assert.False(validation.Succeeded);
        Assert.Equal(TokenRejection.BadSignature, validation.Rejection);
    }

    [Fact]
    public async Task The_hand_made_token_of_these_tests_is_accepted_with_the_right_key_id()
    {
        var token = HandMade($$"""{"alg":"RS256","typ":"at+jwt","kid":"{{_development.Key.KeyId}}"}""", Payload());

        Assert.True((await _development.Validator.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task An_expiry_written_as_a_string_is_refused()
    {
        var exp = FixedClock.Start.AddHours(1).ToUnixTimeSeconds();
        var token = HandMade(
            $$"""{"alg":"RS256","typ":"at+jwt","kid":"{{_development.Key.KeyId}}"}""",
            Payload().Replace($"\"exp\":{exp}", $"\"exp\":\"{exp}\"", StringComparison.Ordinal));

        Assert.Equal(TokenRejection.Malformed, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_larger_than_the_maximum_is_refused_before_it_is_read()
    {
        var token = _development.Sign(descriptor => descriptor.Claims["padding"] = new string('x', TokenRules.MaximumTokenLength));

        Assert.Equal(TokenRejection.TooLarge, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    private static string Payload() =>
        $$"""{"iss":"{{DevelopmentTokenIssuer.Issuer}}","aud":"{{DevelopmentTokenIssuer.Audience}}","sub":"alice","roles":["resident"],"nbf":{{FixedClock.Start.ToUnixTimeSeconds()}},"exp":{{FixedClock.Start.AddHours(1).ToUnixTimeSeconds()}}}""";

    /// <summary>Signs exactly the given header and payload with the development key (RS256), for headers and
    /// claims the library's token builder would not write.</summary>
    private string HandMade(string header, string payload)
    {
        var input = $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}";
        using var rsa = RSA.Create(((RsaSecurityKey)_development.Key.SigningKey).Parameters);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }
}
