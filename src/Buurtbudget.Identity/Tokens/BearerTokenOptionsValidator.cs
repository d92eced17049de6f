using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Tokens;

/// <summary>Fails start-up with a message an operator can act on, rather than failing every request later.</summary>
public sealed class BearerTokenOptionsValidator(IHostEnvironment environment) : IValidateOptions<BearerTokenOptions>
{
    private static readonly string[] MultiTenantEndpoints = ["common", "organizations", "consumers"];

    public ValidateOptionsResult Validate(string? name, BearerTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, BearerTokenDefaults.AuthenticationScheme, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var hasAuthority = !string.IsNullOrWhiteSpace(options.Authority);
        var azureAd = options.AzureAd;

        if (hasAuthority && azureAd.IsConfigured)
        {
            failures.Add("Set either Authentication:Authority or the AzureAd section, not both: they would name two different issuers.");
        }

        if (hasAuthority && !IsHttpUrl(options.Authority))
        {
            failures.Add($"Authentication:Authority '{options.Authority}' is not an absolute http(s) URL of an OpenID Connect provider.");
        }

        if (!hasAuthority && azureAd.IsConfigured)
        {
            ValidateAzureAd(azureAd, failures);
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !IsHttpUrl(options.MetadataAddress))
        {
            failures.Add($"Authentication:MetadataAddress '{options.MetadataAddress}' is not an absolute http(s) URL.");
        }

        var authority = options.ResolveAuthority();
        if (authority is not null)
        {
            if (options.ResolveAudiences().Count == 0)
            {
                failures.Add("Authentication:Audience is required with an authority (for Entra ID, AzureAd:Audience or AzureAd:ClientId): without it a token issued for another application would be accepted.");
            }

            var metadata = options.ResolveMetadataAddress();
            var usesHttp = IsPlainHttp(authority) || (metadata is not null && IsPlainHttp(metadata));
            if (usesHttp && options.RequireHttpsMetadata)
            {
                failures.Add($"The authority '{authority}' uses plain http; use https, or in Development set Authentication:RequireHttpsMetadata to false.");
            }
        }

        if (!options.RequireHttpsMetadata && !environment.IsDevelopment())
        {
            failures.Add($"Authentication:RequireHttpsMetadata=false is allowed only in the Development environment (this is '{environment.EnvironmentName}'): signing keys fetched over plain http can be replaced by anyone on the network.");
        }

        if (options.Development.Enabled && !environment.IsDevelopment())
        {
            failures.Add($"Authentication:Development:Enabled is allowed only in the Development environment (this is '{environment.EnvironmentName}'): the development key lives on developer machines and would let anyone sign in as anyone.");
        }

        if (authority is null && !hasAuthority && !azureAd.IsConfigured && !options.Development.Enabled)
        {
            failures.Add("No token issuer is configured. Set Authentication:Authority (an OpenID Connect provider such as Keycloak or a DigiD broker) with Authentication:Audience, or the AzureAd section (Instance, TenantId, ClientId) for Entra ID, or in the Development environment Authentication:Development:Enabled=true.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAzureAd(AzureAdOptions azureAd, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(azureAd.Instance))
        {
            failures.Add("AzureAd:Instance is required (e.g. https://login.microsoftonline.com/).");
        }
        else if (!IsHttpUrl(azureAd.Instance))
        {
            failures.Add($"AzureAd:Instance '{azureAd.Instance}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(azureAd.TenantId))
        {
            failures.Add("AzureAd:TenantId is required: the tenant's id or primary domain.");
        }
        else if (MultiTenantEndpoints.Contains(azureAd.TenantId, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"AzureAd:TenantId '{azureAd.TenantId}' is a multi-tenant endpoint whose tokens carry each tenant's own issuer; set the municipality's tenant id.");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (IsPlainHttp(uri) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal));

    private static bool IsPlainHttp(Uri uri) => string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal);
}
