namespace Buurtbudget.Identity.Callers;

/// <summary>The token claims a caller is read from, as the JWT names them (inbound claims are not renamed).</summary>
public static class CallerClaimTypes
{
    public const string Issuer = "iss";
    public const string Subject = "sub";

    /// <summary>Entra app roles, Keycloak (with a flat role mapper) and the development issuer.</summary>
    public const string Roles = "roles";

    /// <summary>The singular form some providers use.</summary>
    public const string Role = "role";

    /// <summary>Entra security-group ids; they count only through an explicit role map.</summary>
    public const string Groups = "groups";

    /// <summary>CBS district codes: a JSON array, or one string separated by spaces or commas.</summary>
    public const string Districts = "districts";

    /// <summary>A Dutch postcode (PC6 "3021 AB" or PC4), mapped to its wijk through the configured postcode table.</summary>
    public const string PostalCode = "postal_code";

    /// <summary>The OIDC standard birth date, <c>YYYY-MM-DD</c>.</summary>
    public const string BirthDate = "birthdate";

    /// <summary>The OIDC standard display name. Read only for staff (see <see cref="Caller.DisplayName"/>).</summary>
    public const string Name = "name";

    /// <summary>"true" when the broker verified the caller runs a business (eHerkenning).</summary>
    public const string BusinessOwner = "ondernemer";
}
