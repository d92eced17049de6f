using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Who may vote in a round besides "lives in the wijk": part of the rules, so frozen when voting opens.</summary>
/// <param name="MinimumAge">The age a voter must have reached on the day they vote (Amsterdam uses 12, many cities
/// 16); null for no minimum. Needs a verified birth date from the identity broker.</param>
/// <param name="BusinessOwnersAdmitted">Business owners (an <c>ondernemer</c> claim) with a business in the wijk vote
/// too, for rounds on a business park.</param>
/// <param name="RegisterRequired">Only voters in the round's imported voter register (keyed hashes) may vote.</param>
public sealed record Eligibility(int? MinimumAge = null, bool BusinessOwnersAdmitted = false, bool RegisterRequired = false)
{
    public const int HighestMinimumAge = 120;

    public static Eligibility Everyone { get; } = new();
}

/// <summary>What the identity broker verified about a voter, read from their token for this request only.</summary>
/// <param name="Voter">The voter's keyed hash, as the round records them.</param>
/// <param name="ResidentOf">The wijken the voter lives in (a district claim, or a postcode mapped to its wijk).</param>
/// <param name="BusinessIn">The wijken where the voter, as a business owner, has a business.</param>
/// <param name="BirthDate">The verified birth date; null when the broker did not send one.</param>
public sealed record VoterFacts(
    ParticipantKey Voter,
    ImmutableHashSet<DistrictCode> ResidentOf,
    ImmutableHashSet<DistrictCode> BusinessIn,
    DateOnly? BirthDate);

/// <summary>The one place that decides whether a voter may vote in a round. Everything it reads is frozen once
/// voting opens (district, rules, register), so a check against the committed state holds on every node.</summary>
public static class EligibilityRules
{
    public static DomainError? Check(RoundState state, VoterFacts facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(facts);
        var district = state.District?.Code ?? throw new InvalidOperationException($"Round {state.Id} has no district.");
        var eligibility = state.Rules?.Eligibility ?? Eligibility.Everyone;
        var admitted = facts.ResidentOf.Contains(district) || (eligibility.BusinessOwnersAdmitted && facts.BusinessIn.Contains(district));
        if (!admitted)
        {
            return NotEligible(NotEligibleReasons.NotInDistrict, ("district", district));
        }

        if (eligibility.MinimumAge is { } minimum)
        {
            if (facts.BirthDate is not { } born)
            {
                return NotEligible(NotEligibleReasons.AgeUnknown, ("min", minimum));
            }

            if (AgeOn(born, today) < minimum)
            {
                return NotEligible(NotEligibleReasons.TooYoung, ("min", minimum));
            }
        }

        return eligibility.RegisterRequired && !state.VoterRegister.Contains(facts.Voter)
            ? NotEligible(NotEligibleReasons.NotInRegister)
            : null;
    }

    /// <summary>Whole years completed on <paramref name="today"/>; someone born on 29 February turns a year older on
    /// 1 March in other years, as Dutch law counts it.</summary>
    public static int AgeOn(DateOnly born, DateOnly today)
    {
        var age = today.Year - born.Year;
        return today < AddYears(born, age) ? age - 1 : age;
    }

    private static DateOnly AddYears(DateOnly born, int years) =>
        born is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(born.Year + years) ? new DateOnly(born.Year + years, 3, 1) : born.AddYears(years);

    private static DomainError NotEligible(string reason, params (string Name, object? Value)[] arguments) =>
        DomainError.Of(RoundErrors.NotEligible, [("reason", reason), .. arguments]);
}

/// <summary>The <c>reason</c> argument of <see cref="RoundErrors.NotEligible"/>.</summary>
public static class NotEligibleReasons
{
    public const string NotInDistrict = "not-in-district";
    public const string AgeUnknown = "age-unknown";
    public const string TooYoung = "too-young";
    public const string NotInRegister = "not-in-register";
}
