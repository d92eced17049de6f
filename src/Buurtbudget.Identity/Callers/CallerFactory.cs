using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity.Callers;

/// <summary>Reads a <see cref="Caller"/> from a validated token's claims.</summary>
public sealed class CallerFactory
{
    private static readonly char[] DistrictSeparators = [' ', ',', '\t', '\n', '\r'];

    private readonly FrozenDictionary<string, Role>? _roleMap;
    private readonly FrozenDictionary<string, DistrictCode[]>? _districtMap;
    private readonly ParticipantHasher _hasher;
    private readonly PostcodeDistricts _postcodes;

    public CallerFactory(IOptions<CallerOptions> options, ParticipantHasher hasher, PostcodeDistricts? postcodes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hasher);
        _hasher = hasher;
        _postcodes = postcodes ?? PostcodeDistricts.Empty;
        var map = options.Value.RoleMap;
        _roleMap = map.Count == 0
            ? null
            : map.ToFrozenDictionary(
                entry => entry.Key,
                entry => RoleNames.TryParse(entry.Value, out var role)
                    ? role
                    : throw new ArgumentException($"Authentication:RoleMap:{entry.Key} is '{entry.Value}', not a role.", nameof(options)),
                StringComparer.OrdinalIgnoreCase);
        var districtMap = options.Value.DistrictMap;
        _districtMap = districtMap.Count == 0
            ? null
            : districtMap.ToFrozenDictionary(
                entry => entry.Key,
                entry => IsDistrictList(entry.Value)
                    ? ParseDistricts([entry.Value]).ToArray()
                    : throw new ArgumentException($"Authentication:DistrictMap:{entry.Key} is '{entry.Value}', not a list of wijk codes.", nameof(options)),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The caller of an authenticated principal. Throws for an anonymous one: an endpoint that
    /// asks who is calling must require <see cref="Policies.SignedIn"/> or a role policy.</summary>
    public Caller Create(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = principal.Identities.FirstOrDefault(candidate =>
                candidate.IsAuthenticated && !string.IsNullOrEmpty(candidate.FindFirst(CallerClaimTypes.Subject)?.Value))
            ?? throw new InvalidOperationException(
                "The request has no authenticated caller; require Policies.SignedIn (or a role policy) on the endpoint.");

        var subjectClaim = identity.FindFirst(CallerClaimTypes.Subject)!;
        var issuer = identity.FindFirst(CallerClaimTypes.Issuer)?.Value is { Length: > 0 } stated ? stated : subjectClaim.Issuer;
        var roles = ReadRoles(identity, issuer);
        var districts = ParseDistricts(identity.FindAll(CallerClaimTypes.Districts).Select(claim => claim.Value))
            .Concat(identity.FindAll(CallerClaimTypes.PostalCode).Select(claim => _postcodes.DistrictOf(claim.Value)).OfType<DistrictCode>())
            .Concat(MappedDistricts(identity, issuer));
        var birthDate = DateOnly.TryParseExact(identity.FindFirst(CallerClaimTypes.BirthDate)?.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            ? born
            : (DateOnly?)null;
        var businessOwner = string.Equals(identity.FindFirst(CallerClaimTypes.BusinessOwner)?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var staff = roles.Contains(Role.Coordinator) || roles.Contains(Role.Auditor) || roles.Contains(Role.Admin);
        var displayName = staff ? DisplayNameOf(identity.FindFirst(CallerClaimTypes.Name)?.Value) : null;
        return new Caller(issuer, subjectClaim.Value, _hasher.Hash(issuer, subjectClaim.Value), roles, districts, birthDate, businessOwner, displayName);
    }

    /// <summary>The longest display name kept; a provider's longer one is cut, not refused.</summary>
    public const int DisplayNameMaxLength = 100;

    /// <summary>A token's <c>name</c> as one line of at most <see cref="DisplayNameMaxLength"/> characters, or null
    /// when it has none: a name is shown to colleagues, never trusted for anything.</summary>
    public static string? DisplayNameOf(string? claim)
    {
        if (string.IsNullOrWhiteSpace(claim))
        {
            return null;
        }

        var oneLine = string.Join(' ', claim.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(part => new string([.. part.Where(ch => !char.IsControl(ch))]))
            .Where(part => part.Length > 0));
        return oneLine.Length == 0 ? null : oneLine[..Math.Min(oneLine.Length, DisplayNameMaxLength)];
    }

    /// <summary>Every valid CBS district code in the claim values; anything else is ignored.</summary>
    public static IEnumerable<DistrictCode> ParseDistricts(IEnumerable<string> claimValues)
    {
        ArgumentNullException.ThrowIfNull(claimValues);
        foreach (var value in claimValues)
        {
            foreach (var text in SplitDistrictClaim(value))
            {
                if (DistrictCode.TryParse(text, out var district))
                {
                    yield return district;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> is one or more wijk codes and nothing else.</summary>
    public static bool IsDistrictList(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && SplitDistrictClaim(value).All(text => DistrictCode.TryParse(text, out _))
        && SplitDistrictClaim(value).Any();

    /// <summary>The wijken the configured district map gives the caller's groups and app roles.</summary>
    private IEnumerable<DistrictCode> MappedDistricts(ClaimsIdentity identity, string issuer)
    {
        if (_districtMap is null || string.Equals(issuer, DevelopmentTokenIssuer.Issuer, StringComparison.Ordinal))
        {
            return [];
        }

        return identity.Claims
            .Where(claim => claim.Type is CallerClaimTypes.Roles or CallerClaimTypes.Role or CallerClaimTypes.Groups)
            .SelectMany(claim => _districtMap.TryGetValue(claim.Value, out var districts) ? districts : []);
    }

    private HashSet<Role> ReadRoles(ClaimsIdentity identity, string issuer)
    {
        var roles = new HashSet<Role>();
        // The development issuer speaks the platform's own role names, whatever map a real provider needs.
        var roleMap = string.Equals(issuer, DevelopmentTokenIssuer.Issuer, StringComparison.Ordinal) ? null : _roleMap;

        foreach (var claim in identity.Claims)
        {
            var isRole = claim.Type is CallerClaimTypes.Roles or CallerClaimTypes.Role || string.Equals(claim.Type, identity.RoleClaimType, StringComparison.Ordinal);
            var isGroup = string.Equals(claim.Type, CallerClaimTypes.Groups, StringComparison.Ordinal);
            if (!isRole && !isGroup)
            {
                continue;
            }

            if (roleMap is not null)
            {
                if (roleMap.TryGetValue(claim.Value, out var mapped))
                {
                    roles.Add(mapped);
                }
            }
            else if (isRole && RoleNames.TryParse(claim.Value, out var named))
            {
                // A group id only ever counts through an explicit map.
                roles.Add(named);
            }
        }

        return roles;
    }

    private static IEnumerable<string> SplitDistrictClaim(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            // Some providers put a JSON array into a single string claim.
            string[]? items;
            try
            {
                items = JsonSerializer.Deserialize(trimmed, DistrictClaimJsonContext.Default.StringArray);
            }
            catch (JsonException)
            {
                items = null;
            }

            return items?.Where(item => item is not null) ?? [];
        }

        return trimmed.Split(DistrictSeparators, StringSplitOptions.RemoveEmptyEntries);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class DistrictClaimJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
