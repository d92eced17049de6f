using System.Diagnostics.CodeAnalysis;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Identity.Development;

/// <summary>A fixed demo person of the development issuer: one name to sign in with instead of a role, a subject
/// and districts to get right by hand. The name is also the subject, so a persona is the same participant in the
/// CLI, the development sign-in endpoints and every restart.</summary>
/// <param name="Dutch">Who this is, in Dutch (shown first).</param>
/// <param name="English">Who this is, in English.</param>
/// <param name="DisplayName">A staff member's name as their colleagues know it, sent as the token's <c>name</c>
/// claim (as Entra ID does); residents have none.</param>
public sealed record DemoPersona(string Name, Role Role, IReadOnlyList<DistrictCode> Districts, string Dutch, string English, string? DisplayName = null)
{
    /// <summary>An access token for this persona from <paramref name="issuer"/>.</summary>
    public string CreateToken(DevelopmentTokenIssuer issuer, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.CreateToken(
            Name,
            [Role],
            Districts,
            lifetime,
            DisplayName is null ? null : new Dictionary<string, object>(StringComparer.Ordinal) { [CallerClaimTypes.Name] = DisplayName });
    }
}

/// <summary>The demo personas, matching the districts of <c>seeds/demo.json</c>: Middelland and Spangen lie in
/// Delfshaven (WK059903), the Oude Noorden in Noord (WK059905).</summary>
public static class DemoPersonas
{
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");
    private static readonly DistrictCode Noord = DistrictCode.Parse("WK059905");

    public static IReadOnlyList<DemoPersona> All { get; } =
    [
        new("bewoner-middelland", Role.Resident, [Delfshaven],
            "Bewoner van Middelland (wijk Delfshaven, Rotterdam)", "Resident of Middelland (district Delfshaven, Rotterdam)"),
        new("bewoner-oude-noorden", Role.Resident, [Noord],
            "Bewoner van het Oude Noorden (wijk Noord, Rotterdam)", "Resident of the Oude Noorden (district Noord, Rotterdam)"),
        new("coordinator-middelland", Role.Coordinator, [Delfshaven],
            "Wijkcoördinator van Delfshaven", "District coordinator of Delfshaven", "Ellen Bakker"),
        new("coordinator-oude-noorden", Role.Coordinator, [Noord],
            "Wijkcoördinator van Noord", "District coordinator of Noord", "Sanne de Vries"),
        new("auditor", Role.Auditor, [],
            "Controleur van de gemeente: leest het gebeurtenissenlogboek van elke ronde", "Municipal auditor: reads every round's event log", "Kees Jansen"),
        new("admin", Role.Admin, [],
            "Beheerder van de gemeente: maakt rondes aan", "Municipal administrator: creates rounds", "Anouk Visser"),
        // Last, so that the list's first entries stay as they were; a wijk's spends need a second coordinator.
        new("tweede-wijkcoordinator-noord", Role.Coordinator, [Noord],
            "Tweede wijkcoördinator van Noord: keurt uitgaven goed (vier ogen)", "Second district coordinator of Noord: approves spends (four eyes)", "Youssef Amrani"),
        // A second resident of Delfshaven: agreeing with an argument takes someone else's.
        new("bewoner-spangen", Role.Resident, [Delfshaven],
            "Bewoner van Spangen (wijk Delfshaven, Rotterdam)", "Resident of Spangen (district Delfshaven, Rotterdam)"),
    ];

    public static bool TryFind(string? name, [NotNullWhen(true)] out DemoPersona? persona)
    {
        persona = All.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.Ordinal));
        return persona is not null;
    }
}
