using System.Diagnostics.CodeAnalysis;

namespace Buurtbudget.Identity.Callers;

/// <summary>What a caller may do on the platform. Coordinators are scoped to the districts they
/// coordinate, residents to their home district; auditors and admins are not district-bound.</summary>
public enum Role
{
    Resident,
    Coordinator,
    Auditor,
    Admin,
}

/// <summary>The names of the roles as they appear in tokens and configuration.</summary>
public static class RoleNames
{
    public const string Resident = "resident";
    public const string Coordinator = "coordinator";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Resident, Coordinator, Auditor, Admin];

    public static string ToName(this Role role) => role switch
    {
        Role.Resident => Resident,
        Role.Coordinator => Coordinator,
        Role.Auditor => Auditor,
        Role.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };

    /// <summary>Exact, lower-case names only: a role is an authorization decision, not a guess.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out Role role)
    {
        switch (name)
        {
            case Resident: role = Role.Resident; return true;
            case Coordinator: role = Role.Coordinator; return true;
            case Auditor: role = Role.Auditor; return true;
            case Admin: role = Role.Admin; return true;
            default: role = default; return false;
        }
    }
}
