using System.Buffers.Text;
using System.Text;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Http;

namespace Buurtbudget.Identity.Tests.Tokens;

/// <summary>The policy scheme's choice of handler by the unverified issuer. It decides only who checks the token,
/// never whether it is good; and outside Development it never names the development scheme.</summary>
public sealed class IssuerSchemeSelectorTests
{
    private const string Broker = "https://login.gemeente.example/realms/buurtbudget";
    private const string EntraIssuer = "https://login.microsoftonline.com/2f7c4b1e-9d3a-4e55-8c1b-3a5e6f7d8c9b/v2.0";

    private static readonly TrustedIssuers Both = new()
    {
        Authority = Broker + "/",
        Audience = "buurtbudget-api",
        AzureAdInstance = "https://login.microsoftonline.com/",
        AzureAdTenantId = "gemeente.onmicrosoft.com",
        AzureAdClientId = "6f1e0a4c-0000-4000-8000-000000000001",
        DevelopmentEnabled = true,
    };

    [Theory]
    [InlineData(Broker, BearerSchemes.Resident)]
    [InlineData(EntraIssuer, BearerSchemes.Staff)]
    [InlineData(DevelopmentTokenIssuer.Issuer, BearerSchemes.Development)]
    [InlineData("https://login.aanvaller.example", BearerSchemes.Resident)]
    public void The_issuer_picks_the_handler_in_Development(string issuer, string expected)
    {
        Assert.Equal(expected, new IssuerSchemeSelector(Both, development: true).Select(Request(Token(issuer))));
    }

    [Fact]
    public void Outside_Development_a_development_token_goes_to_a_production_handler()
    {
        var selector = new IssuerSchemeSelector(Both, development: false);

        Assert.Equal(BearerSchemes.Resident, selector.Select(Request(Token(DevelopmentTokenIssuer.Issuer))));
    }

    [Fact]
    public void With_only_an_Entra_tenant_every_token_goes_to_the_staff_handler()
    {
        var staffOnly = new TrustedIssuers { AzureAdInstance = Both.AzureAdInstance, AzureAdTenantId = Both.AzureAdTenantId, AzureAdClientId = Both.AzureAdClientId };
        var selector = new IssuerSchemeSelector(staffOnly, development: false);

        Assert.Equal(BearerSchemes.Staff, selector.Select(Request(Token(DevelopmentTokenIssuer.Issuer))));
        Assert.Equal(BearerSchemes.Staff, selector.Select(Request(null)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer ..")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9!.ey$$$.***")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.WyJpc3MiXQ.x")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjQyfQ.x")]
    public void Anything_without_a_readable_issuer_goes_to_the_fallback_without_throwing(string? authorization)
    {
        Assert.Equal(BearerSchemes.Resident, new IssuerSchemeSelector(Both, development: true).Select(Request(authorization)));
    }

    [Fact]
    public void An_issuer_after_a_large_nested_claim_is_still_found()
    {
        var payload = $$"""{"groups":[{{string.Join(',', Enumerable.Range(0, 200).Select(i => $"\"g{i}\""))}}],"nested":{"iss":"{{Broker}}"},"iss":"{{EntraIssuer}}"}""";

        Assert.Equal(BearerSchemes.Staff, new IssuerSchemeSelector(Both, development: true).Select(Request("Bearer e30." + Encode(payload) + ".x")));
    }

    private static string Token(string issuer) => "Bearer e30." + Encode($$"""{"sub":"alice","iss":"{{issuer}}"}""") + ".c2ln";

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static DefaultHttpContext Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
