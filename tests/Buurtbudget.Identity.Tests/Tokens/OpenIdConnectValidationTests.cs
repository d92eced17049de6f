using Buurtbudget.Identity.Tests.Support;
using Buurtbudget.Identity.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tests.Tokens;

public sealed class OpenIdConnectValidationTests : IAsyncLifetime
{
    private FakeIdentityProvider _provider = null!;
    private TokenProbe _validator = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _validator = new TokenProbe(_provider.Settings());
    }

    public async Task DisposeAsync()
    {
        await _validator.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_token_signed_with_a_key_from_discovery_is_accepted()
    {
        var token = _provider.CreateToken("alice", roles: ["resident"], districts: new[] { "WK059903" });

        var validation = await _validator.ValidateAsync(token);

        Assert.True(validation.Succeeded, validation.ToString());
        Assert.Equal(_provider.Issuer, validation.Identity.FindFirst("iss")?.Value);
        Assert.Equal("alice", validation.Identity.FindFirst("sub")?.Value);
        Assert.Equal(1, _provider.KeySetRequests);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    public async Task The_other_allowed_algorithms_are_accepted(string algorithm)
    {
        var token = _provider.CreateToken("alice", algorithm: algorithm);

        var validation = await _validator.ValidateAsync(token);

        Assert.True(validation.Succeeded, validation.ToString());
    }

    [Fact]
    public async Task An_at_jwt_access_token_is_accepted()
    {
        Assert.True((await _validator.ValidateAsync(_provider.CreateToken("alice", tokenType: "at+jwt"))).Succeeded);
    }

    [Fact]
    public async Task A_provider_token_with_another_type_is_refused()
    {
        var idToken = _provider.CreateToken("alice", tokenType: "id+jwt");

        Assert.Equal(TokenRejection.WrongType, (await _validator.ValidateAsync(idToken)).Rejection);
    }

    [Fact]
    public async Task A_provider_token_for_another_audience_is_refused()
    {
        var token = _provider.CreateToken("alice", audience: "another-app");

        Assert.Equal(TokenRejection.WrongAudience, (await _validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task A_token_naming_another_issuer_is_refused_although_the_provider_signed_it()
    {
        var token = _provider.CreateToken("alice", issuer: "https://other.example.org/realms/x");

        Assert.Equal(TokenRejection.WrongIssuer, (await _validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task An_expired_provider_token_is_refused()
    {
        var token = _provider.CreateToken("alice", issuedAt: DateTime.UtcNow.AddHours(-1), lifetime: TimeSpan.FromMinutes(30));

        Assert.Equal(TokenRejection.Expired, (await _validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task After_a_key_rollover_tokens_signed_with_the_new_key_are_accepted()
    {
        Assert.True((await _validator.ValidateAsync(_provider.CreateToken("alice"))).Succeeded);
        Assert.Equal(1, _provider.KeySetRequests);

        _provider.RollKeys();
        var signedWithNewKey = _provider.CreateToken("alice");

        // The unknown key makes the configuration manager fetch the keys again; depending on the library's
        // refresh mode the first attempt may still see the old keys, so wait (boundedly) for the refresh.
        var validation = await ValidateUntilAcceptedAsync(signedWithNewKey);

        Assert.True(validation.Succeeded, validation.ToString());
        Assert.True(_provider.KeySetRequests >= 2, $"The keys were fetched {_provider.KeySetRequests} time(s).");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_provider_never_published_is_refused()
    {
        await using var impostor = await FakeIdentityProvider.StartAsync();
        var token = impostor.CreateToken("alice", issuer: _provider.Issuer);

        Assert.Equal(TokenRejection.BadSignature, (await _validator.ValidateAsync(token)).Rejection);
    }

    [Fact]
    public async Task An_unreachable_provider_is_reported_as_such()
    {
        var unreachable = _provider.Settings();
        // A port nothing listens on: the provider that was just stopped, and the issuer its tokens name.
        var stopped = await StoppedProviderAddressAsync();
        unreachable["Authentication:Authority"] = stopped;
        await using var validator = new TokenProbe(unreachable);

        Assert.Equal(TokenRejection.ProviderUnavailable, (await validator.ValidateAsync(_provider.CreateToken("alice", issuer: stopped))).Rejection);
        // A token of an issuer this node does not trust is refused as such, whether or not its own provider answers.
        Assert.Equal(TokenRejection.WrongIssuer, (await validator.ValidateAsync(_provider.CreateToken("alice"))).Rejection);
    }

    private async Task<TokenValidation> ValidateUntilAcceptedAsync(string token)
    {
        TokenValidation validation = await _validator.ValidateAsync(token);
        for (var attempt = 0; attempt < 200 && !validation.Succeeded; attempt++)
        {
            await Task.Delay(50);
            validation = await _validator.ValidateAsync(token);
        }

        return validation;
    }

    private static async Task<string> StoppedProviderAddressAsync()
    {
        var stopped = await FakeIdentityProvider.StartAsync();
        var address = stopped.Issuer;
        await stopped.DisposeAsync();
        return address;
    }
}
