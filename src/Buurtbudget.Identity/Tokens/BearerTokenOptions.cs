using Microsoft.AspNetCore.Authentication;

namespace Buurtbudget.Identity.Tokens;

/// <summary>Which issuers the API trusts. Bound from the section <c>Authentication</c>, with the Entra ID
/// shape read from <c>AzureAd</c>; validated at start-up by <see cref="BearerTokenOptionsValidator"/>.</summary>
public sealed class BearerTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>An OpenID Connect provider: a DigiD broker, a Keycloak realm, any issuer with discovery.</summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document, when it is not at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The audience this API's tokens are issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>Plain-HTTP discovery is allowed only in Development (a local Keycloak).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public AzureAdOptions AzureAd { get; set; } = new();

    public DevelopmentIssuerOptions Development { get; set; } = new();

    /// <summary>The authority to discover, from <see cref="Authority"/> or the AzureAd section; null when neither is set.</summary>
    public Uri? ResolveAuthority()
    {
        if (!string.IsNullOrWhiteSpace(Authority))
        {
            return Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ? authority : null;
        }

        if (AzureAd.IsConfigured && !string.IsNullOrWhiteSpace(AzureAd.Instance) && !string.IsNullOrWhiteSpace(AzureAd.TenantId))
        {
            var instance = AzureAd.Instance.EndsWith('/') ? AzureAd.Instance : AzureAd.Instance + "/";
            return Uri.TryCreate($"{instance}{AzureAd.TenantId}/v2.0", UriKind.Absolute, out var authority) ? authority : null;
        }

        return null;
    }

    public Uri? ResolveMetadataAddress()
    {
        if (!string.IsNullOrWhiteSpace(MetadataAddress))
        {
            return Uri.TryCreate(MetadataAddress, UriKind.Absolute, out var address) ? address : null;
        }

        var authority = ResolveAuthority();
        return authority is null ? null : new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
    }

    /// <summary>The audiences accepted from the provider. Entra ID without an explicit audience issues
    /// tokens for the client id or its <c>api://</c> URI, as Microsoft.Identity.Web accepts.</summary>
    public IReadOnlyList<string> ResolveAudiences()
    {
        if (!string.IsNullOrWhiteSpace(Audience))
        {
            return [Audience];
        }

        if (!string.IsNullOrWhiteSpace(AzureAd.Audience))
        {
            return [AzureAd.Audience];
        }

        if (!string.IsNullOrWhiteSpace(AzureAd.ClientId))
        {
            return [AzureAd.ClientId, $"api://{AzureAd.ClientId}"];
        }

        return [];
    }
}

/// <summary>The Microsoft.Identity.Web configuration shape for Entra ID.</summary>
public sealed class AzureAdOptions
{
    /// <summary>The cloud, e.g. <c>https://login.microsoftonline.com/</c>.</summary>
    public string? Instance { get; set; }

    /// <summary>The tenant's id (a GUID) or primary domain.</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? Audience { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Instance) || !string.IsNullOrWhiteSpace(TenantId) ||
        !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(Audience);
}

/// <summary>The local development issuer; see <see cref="Development.DevelopmentTokenIssuer"/>.</summary>
public sealed class DevelopmentIssuerOptions
{
    /// <summary>Accept tokens signed by the development key. Refused at start-up outside the Development environment.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the development key lives; by default <see cref="Development.DevelopmentSigningKey.DefaultDirectory"/>.</summary>
    public string? KeyDirectory { get; set; }
}
