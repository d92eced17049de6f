using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Callers;

/// <summary>Bound from the section <c>Authentication</c>.</summary>
public sealed class CallerOptions
{
    /// <summary>The provider's role names or group ids (keys, compared case-insensitively) mapped to the
    /// platform's roles (values: resident, coordinator, auditor, admin). Empty means the provider already
    /// uses the platform's names. Once set, only mapped names count, so that an unrelated "admin" app role
    /// in a municipality's tenant grants nothing here.</summary>
    public Dictionary<string, string> RoleMap { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The wijken a provider's group id or app-role value (keys, compared case-insensitively) gives its
    /// holder, as CBS codes separated by spaces or commas: how a coordinator signing in with Entra ID, whose tokens
    /// carry groups and app roles but no <c>districts</c> claim, gets the wijken they coordinate. Not applied to the
    /// development issuer, which states districts itself.</summary>
    public Dictionary<string, string> DistrictMap { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A CSV file (<c>postcode;wijkcode</c>, PC6 or PC4) that maps a <c>postal_code</c> claim from the
    /// municipality's identity broker to the wijk the caller lives in; empty for none.</summary>
    public string? PostcodeTable { get; set; }
}

public sealed class CallerOptionsValidator : IValidateOptions<CallerOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.RoleMap
            .Where(entry => !RoleNames.TryParse(entry.Value, out _))
            .Select(entry => $"Authentication:RoleMap:{entry.Key} is '{entry.Value}'; a role is one of {string.Join(", ", RoleNames.All)}.")
            .Concat(options.DistrictMap
                .Where(entry => !CallerFactory.IsDistrictList(entry.Value))
                .Select(entry => $"Authentication:DistrictMap:{entry.Key} is '{entry.Value}'; give one or more CBS wijk codes (WK and 6 digits) separated by spaces or commas."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
