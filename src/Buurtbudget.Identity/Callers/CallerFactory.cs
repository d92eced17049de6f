using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
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
    /// <remarks>Every signed-in request that asks who is calling comes here, the first ballot among them: the claims
    /// are read in two passes, and the role and single-wijk sets (a resident's) are shared, not built per request.</remarks>
    public Caller Create(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ClaimsIdentity? identity = null;
        var token = default(TokenFacts);
        foreach (var candidate in principal.Identities)
        {
            if (candidate.IsAuthenticated && TokenFacts.Read(candidate) is { Subject.Value.Length: > 0 } read)
            {
                (identity, token) = (candidate, read);
                break;
            }
        }

        if (identity is null)
        {
            throw new InvalidOperationException(
                "The request has no authenticated caller; require Policies.SignedIn (or a role policy) on the endpoint.");
        }

        var subject = token.Subject!;
        var issuer = token.Issuer is { Length: > 0 } stated ? stated : subject.Issuer;
        var (roles, districts) = ReadRolesAndDistricts(identity, issuer);
        var birthDate = DateOnly.TryParseExact(token.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            ? born
            : (DateOnly?)null;
        var businessOwner = string.Equals(token.BusinessOwner, "true", StringComparison.OrdinalIgnoreCase);
        var staff = roles.Contains(Role.Coordinator) || roles.Contains(Role.Auditor) || roles.Contains(Role.Admin);
        var displayName = staff ? DisplayNameOf(token.Name) : null;
        return new Caller(issuer, subject.Value, _hasher.Hash(issuer, subject.Value), roles, districts, birthDate, businessOwner, displayName);
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

    /// <summary>The caller's roles and wijken: from role claims (and groups, through the role map), the
    /// <c>districts</c> and <c>postal_code</c> claims, and the wijken the configured district map gives the caller's
    /// groups and app roles (not for the development issuer, which states districts itself and speaks the platform's
    /// own role names, whatever map a real provider needs).</summary>
    private (ImmutableHashSet<Role> Roles, ImmutableHashSet<DistrictCode> Districts) ReadRolesAndDistricts(ClaimsIdentity identity, string issuer)
    {
        var development = string.Equals(issuer, DevelopmentTokenIssuer.Issuer, StringComparison.Ordinal);
        var roleMap = development ? null : _roleMap;
        var districtMap = development ? null : _districtMap;
        var roles = 0;
        var districts = new DistrictsFound();
        foreach (var claim in identity.Claims)
        {
            var type = claim.Type;
            var isRole = type is CallerClaimTypes.Roles or CallerClaimTypes.Role || string.Equals(type, identity.RoleClaimType, StringComparison.Ordinal);
            var isGroup = string.Equals(type, CallerClaimTypes.Groups, StringComparison.Ordinal);
            if (isRole || isGroup)
            {
                if (roleMap is not null)
                {
                    if (roleMap.TryGetValue(claim.Value, out var mapped))
                    {
                        roles |= 1 << (int)mapped;
                    }
                }
                else if (isRole && RoleNames.TryParse(claim.Value, out var named))
                {
                    // A group id only ever counts through an explicit map.
                    roles |= 1 << (int)named;
                }
            }

            if (districtMap is not null
                && type is CallerClaimTypes.Roles or CallerClaimTypes.Role or CallerClaimTypes.Groups
                && districtMap.TryGetValue(claim.Value, out var granted))
            {
                foreach (var district in granted)
                {
                    districts.Add(district);
                }
            }

            if (string.Equals(type, CallerClaimTypes.Districts, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var text in SplitDistrictClaim(claim.Value))
                {
                    if (DistrictCode.TryParse(text, out var district))
                    {
                        districts.Add(district);
                    }
                }
            }
            else if (string.Equals(type, CallerClaimTypes.PostalCode, StringComparison.OrdinalIgnoreCase)
                && _postcodes.DistrictOf(claim.Value) is { } home)
            {
                districts.Add(home);
            }
        }

        return (RoleSets[roles], districts.ToSet(_singleDistricts));
    }

    /// <summary>Every set of roles, by the bits of its roles: a caller's roles are one of sixteen sets.</summary>
    private static readonly ImmutableHashSet<Role>[] RoleSets = [.. Enumerable.Range(0, 1 << Enum.GetValues<Role>().Length)
        .Select(bits => Enum.GetValues<Role>().Where(role => (bits & (1 << (int)role)) != 0).ToImmutableHashSet())];

    /// <summary>The most one-wijk sets kept: more than the Netherlands has wijken.</summary>
    private const int SingleDistrictSetsKept = 8_192;

    /// <summary>One-wijk sets (every resident's), shared by the callers of that wijk.</summary>
    private readonly ConcurrentDictionary<DistrictCode, ImmutableHashSet<DistrictCode>> _singleDistricts = new();

    /// <summary>The wijken found in a token's claims: nearly always one, kept without a collection.</summary>
    private struct DistrictsFound
    {
        private DistrictCode? _first;
        private HashSet<DistrictCode>? _all;

        public void Add(DistrictCode district)
        {
            if (_first is null || _first == district)
            {
                _first = district;
                return;
            }

            (_all ??= [_first.Value]).Add(district);
        }

        public readonly ImmutableHashSet<DistrictCode> ToSet(ConcurrentDictionary<DistrictCode, ImmutableHashSet<DistrictCode>> singles)
        {
            if (_all is not null)
            {
                return [.. _all];
            }

            if (_first is not { } only)
            {
                return [];
            }

            if (singles.TryGetValue(only, out var shared))
            {
                return shared;
            }

            ImmutableHashSet<DistrictCode> set = [only];
            return singles.Count < SingleDistrictSetsKept ? singles.GetOrAdd(only, set) : set;
        }
    }

    /// <summary>The single-valued claims of one identity, each the first of its type (as
    /// <see cref="ClaimsIdentity.FindFirst(string)"/> finds it), read in one pass.</summary>
    private struct TokenFacts
    {
        public Claim? Subject;
        public string? Issuer;
        public string? BirthDate;
        public string? BusinessOwner;
        public string? Name;

        public static TokenFacts Read(ClaimsIdentity identity)
        {
            var facts = default(TokenFacts);
            foreach (var claim in identity.Claims)
            {
                var type = claim.Type;
                if (facts.Subject is null && string.Equals(type, CallerClaimTypes.Subject, StringComparison.OrdinalIgnoreCase))
                {
                    facts.Subject = claim;
                }
                else if (facts.Issuer is null && string.Equals(type, CallerClaimTypes.Issuer, StringComparison.OrdinalIgnoreCase))
                {
                    facts.Issuer = claim.Value;
                }
                else if (facts.BirthDate is null && string.Equals(type, CallerClaimTypes.BirthDate, StringComparison.OrdinalIgnoreCase))
                {
                    facts.BirthDate = claim.Value;
                }
                else if (facts.BusinessOwner is null && string.Equals(type, CallerClaimTypes.BusinessOwner, StringComparison.OrdinalIgnoreCase))
                {
                    facts.BusinessOwner = claim.Value;
                }
                else if (facts.Name is null && string.Equals(type, CallerClaimTypes.Name, StringComparison.OrdinalIgnoreCase))
                {
                    facts.Name = claim.Value;
                }
            }

            return facts;
        }
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
