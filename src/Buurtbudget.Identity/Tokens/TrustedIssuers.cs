using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Tokens;

/// <summary>Which issuers the API trusts, as configured: the residents' broker (<c>Authentication:Authority</c>,
/// <c>Audience</c>, <c>MetadataAddress</c>), the staff's Entra ID tenant (the <c>AzureAd</c> section) and the
/// development issuer (<c>Authentication:Development</c>). Decides which schemes exist; the handlers' own options
/// are JwtBearer's and Microsoft.Identity.Web's.</summary>
public sealed class TrustedIssuers
{
    public string? Authority { get; set; }

    public string? MetadataAddress { get; set; }

    public string? Audience { get; set; }

    /// <summary>Plain-HTTP discovery (a local Keycloak), allowed only in Development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string? AzureAdInstance { get; set; }

    public string? AzureAdTenantId { get; set; }

    public string? AzureAdClientId { get; set; }

    public string? AzureAdAudience { get; set; }

    public bool DevelopmentEnabled { get; set; }

    /// <summary>Where the development key lives; by default <see cref="Development.DevelopmentSigningKey.DefaultDirectory"/>.</summary>
    public string? DevelopmentKeyDirectory { get; set; }

    public bool HasResidentBroker => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);

    public bool HasStaffTenant =>
        !string.IsNullOrWhiteSpace(AzureAdInstance) || !string.IsNullOrWhiteSpace(AzureAdTenantId) ||
        !string.IsNullOrWhiteSpace(AzureAdClientId) || !string.IsNullOrWhiteSpace(AzureAdAudience);

    /// <summary>The Entra authority Microsoft.Identity.Web builds, <c>{Instance}{TenantId}/v2.0</c>; null without a tenant.</summary>
    public Uri? StaffAuthority =>
        !string.IsNullOrWhiteSpace(AzureAdInstance) && !string.IsNullOrWhiteSpace(AzureAdTenantId)
            && Uri.TryCreate($"{WithSlash(AzureAdInstance)}{AzureAdTenantId}/v2.0", UriKind.Absolute, out var authority)
            ? authority
            : null;

    /// <summary>Where the web client signs in when no other authority is set: the broker, else the Entra tenant.</summary>
    public string? SignInAuthority =>
        !string.IsNullOrWhiteSpace(Authority) ? Authority.TrimEnd('/') : StaffAuthority?.AbsoluteUri.TrimEnd('/');

    public static TrustedIssuers Read(IConfiguration configuration)
    {
        var issuers = new TrustedIssuers();
        issuers.ReadFrom(configuration);
        return issuers;
    }

    public void ReadFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BearerSchemes.ConfigurationSection);
        var azureAd = configuration.GetSection(BearerSchemes.AzureAdConfigurationSection);
        Authority = section["Authority"];
        MetadataAddress = section["MetadataAddress"];
        Audience = section["Audience"];
        RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", defaultValue: true);
        AzureAdInstance = azureAd["Instance"];
        AzureAdTenantId = azureAd["TenantId"];
        AzureAdClientId = azureAd["ClientId"];
        AzureAdAudience = azureAd["Audience"];
        DevelopmentEnabled = section.GetValue<bool>("Development:Enabled");
        DevelopmentKeyDirectory = section["Development:KeyDirectory"];
    }

    internal static string WithSlash(string instance) => instance.EndsWith('/') ? instance : instance + "/";
}

/// <summary>Fails start-up with a message an operator can act on, rather than failing every request later.</summary>
public sealed class TrustedIssuersValidator(IHostEnvironment environment) : IValidateOptions<TrustedIssuers>
{
    private static readonly string[] MultiTenantEndpoints = ["common", "organizations", "consumers"];

    public ValidateOptionsResult Validate(string? name, TrustedIssuers options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.HasResidentBroker)
        {
            ValidateBroker(options, failures);
        }

        if (options.HasStaffTenant)
        {
            ValidateAzureAd(options, failures);
        }

        if (!options.RequireHttpsMetadata && !environment.IsDevelopment())
        {
            failures.Add($"Authentication:RequireHttpsMetadata=false is allowed only in the Development environment (this is '{environment.EnvironmentName}'): signing keys fetched over plain http can be replaced by anyone on the network.");
        }

        if (options.DevelopmentEnabled && !environment.IsDevelopment())
        {
            failures.Add($"Authentication:Development:Enabled is allowed only in the Development environment (this is '{environment.EnvironmentName}'): the development key lives on developer machines and would let anyone sign in as anyone.");
        }

        if (!options.HasResidentBroker && !options.HasStaffTenant && !options.DevelopmentEnabled)
        {
            failures.Add("No token issuer is configured. Set Authentication:Authority (an OpenID Connect broker for residents, such as Keycloak or a DigiD broker) with Authentication:Audience, and/or the AzureAd section (Instance, TenantId, ClientId) for staff signing in with Entra ID, or in the Development environment Authentication:Development:Enabled=true.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBroker(TrustedIssuers options, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(options.Authority) && !IsHttpUrl(options.Authority))
        {
            failures.Add($"Authentication:Authority '{options.Authority}' is not an absolute http(s) URL of an OpenID Connect provider.");
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !IsHttpUrl(options.MetadataAddress))
        {
            failures.Add($"Authentication:MetadataAddress '{options.MetadataAddress}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Authentication:Audience is required with an authority: without it a token issued for another application would be accepted.");
        }

        if (options.RequireHttpsMetadata && (IsPlainHttp(options.Authority) || IsPlainHttp(options.MetadataAddress)))
        {
            failures.Add($"The authority '{options.Authority ?? options.MetadataAddress}' uses plain http; use https, or in Development set Authentication:RequireHttpsMetadata to false.");
        }
    }

    private static void ValidateAzureAd(TrustedIssuers options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.AzureAdInstance))
        {
            failures.Add("AzureAd:Instance is required (e.g. https://login.microsoftonline.com/).");
        }
        else if (!IsHttpUrl(options.AzureAdInstance))
        {
            failures.Add($"AzureAd:Instance '{options.AzureAdInstance}' is not an absolute http(s) URL.");
        }
        else if (options.RequireHttpsMetadata && IsPlainHttp(options.AzureAdInstance))
        {
            failures.Add($"AzureAd:Instance '{options.AzureAdInstance}' uses plain http; use https, or in Development set Authentication:RequireHttpsMetadata to false.");
        }

        if (string.IsNullOrWhiteSpace(options.AzureAdTenantId))
        {
            failures.Add("AzureAd:TenantId is required: the tenant's id or primary domain.");
        }
        else if (MultiTenantEndpoints.Contains(options.AzureAdTenantId, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"AzureAd:TenantId '{options.AzureAdTenantId}' is a multi-tenant endpoint whose tokens carry each tenant's own issuer; set the municipality's tenant id.");
        }

        if (string.IsNullOrWhiteSpace(options.AzureAdClientId))
        {
            failures.Add("AzureAd:ClientId is required: the application (client) id of the API's app registration, whose app roles the staff hold.");
        }

        if (options.StaffAuthority is { } staff && options.Authority is { } broker
            && string.Equals(staff.AbsoluteUri.TrimEnd('/'), broker.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Authentication:Authority names the same issuer as the AzureAd section: residents sign in through the broker, staff through Entra ID; set each to its own provider.");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal));

    private static bool IsPlainHttp(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal);
}
