using System.Text;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Tokens;

public sealed class DevelopmentTokenValidationTests : IClassFixture<DevelopmentKeyFixture>, IDisposable
{
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");

    private readonly FixedClock _clock = new();
    private readonly DevelopmentSetup _development;

    public DevelopmentTokenValidationTests(DevelopmentKeyFixture key) => _development = new DevelopmentSetup(key.Directory, _clock);

    public void Dispose() => _development.Dispose();

    [Fact]
    public async Task A_development_token_is_accepted_with_its_subject_roles_and_districts()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(8));

        var validation = await _development.Validator.ValidateAsync(token);

        Assert.True(validation.Succeeded, validation.ToString());
        var identity = validation.Identity;
        Assert.Equal("alice", identity.FindFirst("sub")?.Value);
        Assert.Equal(DevelopmentTokenIssuer.Issuer, identity.FindFirst("iss")?.Value);
        Assert.Equal(["resident"], identity.FindAll("roles").Select(claim => claim.Value));
        Assert.Equal(["WK059903"], identity.FindAll("districts").Select(claim => claim.Value));
    }

    [Fact]
    public async Task Another_process_with_the_same_key_directory_accepts_the_token()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Auditor], [], TimeSpan.FromHours(1));
        await using var elsewhere = new TokenProbe(_development.Settings(), _clock);

        Assert.True((await elsewhere.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task A_token_signed_by_another_development_key_is_refused()
    {
        using var otherDirectory = new TemporaryDirectory();
        using var otherMachine = new DevelopmentSetup(otherDirectory.Path, _clock);
        var token = otherMachine.Issuer.CreateToken("alice", [Role.Admin], [], TimeSpan.FromHours(1));

        var validation = await _development.Validator.ValidateAsync(token);

        Assert.Equal(TokenRejection.BadSignature, validation.Rejection);
        Assert.False(validation.Succeeded);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromMinutes(10));
        _clock.Now += TimeSpan.FromHours(1);

        Assert.Equal(TokenRejection.Expired, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task Sixty_seconds_of_clock_skew_are_tolerated_and_no_more()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromMinutes(10));
        var expiry = FixedClock.Start + TimeSpan.FromMinutes(10);

        _clock.Now = expiry + TimeSpan.FromSeconds(59);
        Assert.True((await _development.Validator.ValidateAsync(token)).Succeeded);

        _clock.Now = expiry + TimeSpan.FromSeconds(61);
        Assert.Equal(TokenRejection.Expired, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_from_further_than_sixty_seconds_in_the_future_is_refused()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromMinutes(10));

        _clock.Now = FixedClock.Start - TimeSpan.FromSeconds(59);
        Assert.True((await _development.Validator.ValidateAsync(token)).Succeeded);

        _clock.Now = FixedClock.Start - TimeSpan.FromSeconds(61);
        Assert.Equal(TokenRejection.NotYetValid, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_without_expiry_is_refused()
    {
        var token = _development.Sign(descriptor => descriptor.Expires = null);

        Assert.False((await _development.Validator.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _development.Sign(descriptor => descriptor.Audience = "someone-else");

        Assert.Equal(TokenRejection.WrongAudience, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_without_audience_is_refused()
    {
        var token = _development.Sign(descriptor => descriptor.Audience = null);

        Assert.Equal(TokenRejection.WrongAudience, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_even_when_signed_by_the_development_key()
    {
        var token = _development.Sign(descriptor => descriptor.Issuer = "https://login.example.org");

        Assert.Equal(TokenRejection.WrongIssuer, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_refused()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"buurtbudget-development","aud":"buurtbudget-api","sub":"mallory","roles":["admin"],"nbf":{{Seconds(FixedClock.Start)}},"exp":{{Seconds(FixedClock.Start.AddHours(1))}}}""");

        var validation = await _development.Validator.ValidateAsync($"{header}.{payload}.");

        Assert.Equal(TokenRejection.DisallowedAlgorithm, validation.Rejection);
    }

    [Fact]
    public async Task A_token_signed_with_HS256_is_refused()
    {
        // The classic confusion attack: HMAC keyed with something the attacker can know, here the public modulus.
        var publicKey = Encoding.UTF8.GetBytes(_development.Key.KeyId + new string('x', 64));
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = _development.Key.KeyId }, SecurityAlgorithms.HmacSha256);

        var token = _development.Sign(_ => { }, credentials);

        Assert.Equal(TokenRejection.DisallowedAlgorithm, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_signed_with_an_algorithm_outside_the_allow_list_is_refused()
    {
        var credentials = new SigningCredentials(_development.Key.SigningKey, SecurityAlgorithms.RsaSha512);

        var token = _development.Sign(_ => { }, credentials);

        Assert.Equal(TokenRejection.DisallowedAlgorithm, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"resident\"", "\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(TokenRejection.BadSignature, (await _development.Validator.ValidateAsync(tampered)).Rejection);
    }

    [Fact]
    public async Task A_token_with_a_forged_signature_is_refused()
    {
        var token = _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.FromHours(1));
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[10] ^= 0x01;

        var forged = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";

        Assert.Equal(TokenRejection.BadSignature, (await _development.Validator.ValidateAsync(forged)).Rejection);
    }

    [Theory]
    [InlineData("id+jwt")]
    [InlineData("logout+jwt")]
    public async Task A_token_of_another_type_is_refused(string type)
    {
        var token = _development.Sign(descriptor => descriptor.TokenType = type);

        Assert.Equal(TokenRejection.WrongType, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_plain_JWT_type_is_accepted()
    {
        var token = _development.Sign(descriptor => descriptor.TokenType = "JWT");

        Assert.True((await _development.Validator.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task A_token_without_subject_is_refused()
    {
        var token = _development.Sign(descriptor => descriptor.Claims.Remove("sub"));

        Assert.Equal(TokenRejection.MissingSubject, (await _development.Validator.ValidateAsync(token)).Rejection);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public async Task Something_that_is_not_a_JWT_is_refused_as_malformed(string text)
    {
        Assert.Equal(TokenRejection.Malformed, (await _development.Validator.ValidateAsync(text)).Rejection);
    }

    [Fact]
    public void The_development_issuer_refuses_a_lifetime_beyond_its_maximum()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], DevelopmentTokenIssuer.MaximumLifetime + TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _development.Issuer.CreateToken("alice", [Role.Resident], [Delfshaven], TimeSpan.Zero));
    }

    private static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    [Fact]
    public async Task A_validator_without_the_development_issuer_refuses_its_tokens()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        await using var production = new TokenProbe(provider.Settings(), _clock);
        var token = _development.Issuer.CreateToken("alice", [Role.Admin], [], TimeSpan.FromHours(1));

        Assert.Equal(TokenRejection.WrongIssuer, (await production.ValidateAsync(token)).Rejection);
    }
}
