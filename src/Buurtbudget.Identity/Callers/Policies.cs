namespace Buurtbudget.Identity.Callers;

/// <summary>Authorization policy names for route groups, e.g. <c>group.RequireAuthorization(Policies.Coordinator)</c>.
/// A role policy says only that the caller holds the role; whether a coordinator coordinates this round's
/// district is the endpoint's question (<see cref="Caller.CoordinatesDistrict"/>).</summary>
public static class Policies
{
    /// <summary>Any valid token, whatever its roles.</summary>
    public const string SignedIn = "signed-in";

    public const string Resident = "resident";

    /// <summary>Residents and verified business owners: who may vote at all. Whether they may vote in a given round
    /// (wijk, age, register) is the round's eligibility rule.</summary>
    public const string Voter = "voter";
    public const string Coordinator = "coordinator";
    public const string Auditor = "auditor";
    public const string Admin = "admin";
}
