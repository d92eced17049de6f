using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Identity.Callers;

/// <summary>Who is calling: their platform roles, the districts those roles are scoped to, and the
/// participant key under which the platform records what they do.</summary>
public sealed class Caller
{
    public Caller(
        string issuer,
        string subject,
        ParticipantKey participantKey,
        IEnumerable<Role> roles,
        IEnumerable<DistrictCode> districts,
        DateOnly? birthDate = null,
        bool isBusinessOwner = false,
        string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(districts);
        Issuer = issuer;
        Subject = subject;
        ParticipantKey = participantKey;
        Roles = SetOf(roles);
        Districts = SetOf(districts);
        BirthDate = birthDate;
        IsBusinessOwner = isBusinessOwner;
        DisplayName = displayName;
    }

    /// <summary>The name a coordinator's colleagues know them by (OIDC <c>name</c>), kept with the spends they
    /// record and decide. Only staff (coordinators, auditors, admins) have one here: a resident's name is never read,
    /// so it can never be stored.</summary>
    public string? DisplayName { get; }

    /// <summary>The verified birth date from the identity broker (OIDC <c>birthdate</c>), for a round's minimum
    /// age; null when the token has none. Never stored: only whether the caller may vote is decided from it.</summary>
    public DateOnly? BirthDate { get; }

    /// <summary>The broker verified that the caller runs a business (an <c>ondernemer</c> claim, e.g. from
    /// eHerkenning); their districts are then where the business is.</summary>
    public bool IsBusinessOwner { get; }

    /// <summary>May take part in votes at all: a resident, or a business owner for rounds that admit them.</summary>
    public bool MayVote => IsResident || IsBusinessOwner;

    /// <summary>The identity provider. With <see cref="Subject"/>, the person's identity there: held in memory
    /// for this request only; never store or log it, store <see cref="ParticipantKey"/> instead.</summary>
    public string Issuer { get; }

    public string Subject { get; }

    public ParticipantKey ParticipantKey { get; }

    public ImmutableHashSet<Role> Roles { get; }

    /// <summary>A resident's home district; the districts a coordinator coordinates. Only valid CBS codes
    /// from the token are here: anything else in the claim is dropped, never trusted.</summary>
    public ImmutableHashSet<DistrictCode> Districts { get; }

    public bool IsResident => Roles.Contains(Role.Resident);

    public bool IsCoordinator => Roles.Contains(Role.Coordinator);

    public bool IsAuditor => Roles.Contains(Role.Auditor);

    public bool IsAdmin => Roles.Contains(Role.Admin);

    public bool HasRole(Role role) => Roles.Contains(role);

    public bool IsResidentOf(DistrictCode district) => IsResident && Districts.Contains(district);

    public bool CoordinatesDistrict(DistrictCode district) => IsCoordinator && Districts.Contains(district);

    /// <summary>The items as a set: a set with the default comparer as it is (the caller factory shares its sets).</summary>
    private static ImmutableHashSet<T> SetOf<T>(IEnumerable<T> items) =>
        items is ImmutableHashSet<T> set && ReferenceEquals(set.KeyComparer, EqualityComparer<T>.Default) ? set : [.. items];

    /// <summary>Safe to log: no issuer or subject.</summary>
    public override string ToString() =>
        $"{ParticipantKey} [{string.Join(",", Roles.Order().Select(role => role.ToName()))}] [{string.Join(",", Districts.Select(d => d.Value).Order(StringComparer.Ordinal))}]";
}
