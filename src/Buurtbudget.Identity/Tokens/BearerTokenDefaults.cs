namespace Buurtbudget.Identity.Tokens;

public static class BearerTokenDefaults
{
    public const string AuthenticationScheme = "Bearer";

    /// <summary>The configuration section the options bind from.</summary>
    public const string ConfigurationSection = "Authentication";

    /// <summary>The Microsoft.Identity.Web section, so an Entra ID tenant plugs in by configuration alone.</summary>
    public const string AzureAdConfigurationSection = "AzureAd";
}
