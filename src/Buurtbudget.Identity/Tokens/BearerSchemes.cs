namespace Buurtbudget.Identity.Tokens;

/// <summary>The authentication schemes. Every policy names <see cref="Bearer"/>, a policy scheme that forwards each
/// request to the handler of the token's issuer: <see cref="Staff"/> (Entra ID through Microsoft.Identity.Web),
/// <see cref="Resident"/> (an OpenID Connect broker through JwtBearer) or, in Development only, <see cref="Development"/>.</summary>
public static class BearerSchemes
{
    public const string Bearer = "Bearer";

    public const string Resident = "Bearer.Resident";

    public const string Staff = "Bearer.Staff";

    public const string Development = "Bearer.Development";

    /// <summary>The residents' broker, the role and district maps and the development issuer.</summary>
    public const string ConfigurationSection = "Authentication";

    /// <summary>The Microsoft.Identity.Web section of the staff's Entra ID tenant.</summary>
    public const string AzureAdConfigurationSection = "AzureAd";
}
