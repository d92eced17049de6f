using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class EligibilityTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DistrictCode Noord = DistrictCode.Parse("WK059905");

    [Theory]
    [InlineData("2010-03-02", 16)]
    [InlineData("2010-03-03", 15)]
    [InlineData("2010-03-01", 16)]
    [InlineData("2026-03-02", 0)]
    public void Age_counts_whole_years_completed(string born, int expected) =>
        Assert.Equal(expected, EligibilityRules.AgeOn(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), Today));

    [Fact]
    public void Someone_born_on_29_February_turns_a_year_older_on_1_March_in_other_years()
    {
        var born = new DateOnly(2008, 2, 29);

        Assert.Equal(17, EligibilityRules.AgeOn(born, new DateOnly(2026, 2, 28)));
        Assert.Equal(18, EligibilityRules.AgeOn(born, new DateOnly(2026, 3, 1)));
        Assert.Equal(15, EligibilityRules.AgeOn(born, new DateOnly(2024, 2, 28)));
        Assert.Equal(16, EligibilityRules.AgeOn(born, new DateOnly(2024, 2, 29)));
    }

    [Fact]
    public void Everyone_living_in_the_wijk_may_vote_in_a_round_without_further_rules_and_nobody_else()
    {
        var state = InVoting(Eligibility.Everyone);

        Assert.Null(EligibilityRules.Check(state, Facts(resident: true), Today));
        var elsewhere = EligibilityRules.Check(state, Facts(resident: true) with { ResidentOf = [Noord] }, Today);
        Assert.Equal(NotEligibleReasons.NotInDistrict, elsewhere?.Arguments["reason"]);
        Assert.NotNull(EligibilityRules.Check(state, Facts(resident: false, business: true), Today));
    }

    [Theory]
    [InlineData(null, NotEligibleReasons.AgeUnknown)]
    [InlineData("2010-03-03", NotEligibleReasons.TooYoung)]
    [InlineData("2010-03-02", null)]
    public void A_minimum_age_needs_a_verified_birth_date_that_reaches_it(string? born, string? reason)
    {
        var state = InVoting(new Eligibility(MinimumAge: 16));
        var facts = Facts(resident: true) with { BirthDate = born is null ? null : DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(reason, EligibilityRules.Check(state, facts, Today)?.Arguments["reason"]);
    }

    [Fact]
    public void Business_owners_count_only_where_the_rules_admit_them()
    {
        var owner = Facts(resident: false, business: true);

        Assert.Null(EligibilityRules.Check(InVoting(new Eligibility(BusinessOwnersAdmitted: true)), owner, Today));
        Assert.NotNull(EligibilityRules.Check(InVoting(Eligibility.Everyone), owner, Today));
    }

    [Fact]
    public void A_required_register_admits_only_its_hashes_and_voting_cannot_open_without_one()
    {
        var rules = Sample.Rules() with { Eligibility = new Eligibility(RegisterRequired: true) };
        var round = RoundScenario.InReview(rules, 5_000);
        round.Do(new MarkFeasible(Sample.Coordinator, new Buurtbudget.Domain.Proposals.ProposalId(1), Money.FromEuros(5_000), null));
        round.Refused(new OpenVoting(Sample.Coordinator), RoundErrors.VoterRegisterMissing);

        round.Do(new ImportVoterRegister(Sample.Coordinator, [Sample.Resident(1), Sample.Resident(2), Sample.Resident(1)]));
        round.Do(new OpenVoting(Sample.Coordinator));

        Assert.Equal(2, round.State.VoterRegister.Count);
        Assert.Null(EligibilityRules.Check(round.State, Facts(resident: true), Today));
        var outsider = EligibilityRules.Check(round.State, Facts(resident: true) with { Voter = Sample.Resident(3) }, Today);
        Assert.Equal(NotEligibleReasons.NotInRegister, outsider?.Arguments["reason"]);
        round.Refused(new ImportVoterRegister(Sample.Coordinator, [Sample.Resident(3)]), RoundErrors.WrongPhase);
    }

    [Fact]
    public void An_empty_register_is_refused()
    {
        var round = RoundScenario.InSubmission();

        round.Refused(new ImportVoterRegister(Sample.Coordinator, []), RoundErrors.InvalidVoterRegister);
    }

    [Fact]
    public void The_voter_register_survives_a_snapshot()
    {
        var round = RoundScenario.InSubmission();
        round.Do(new ImportVoterRegister(Sample.Coordinator, [Sample.Resident(7), Sample.Resident(3)]));

        var decoded = RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(round.State));

        Assert.Equal(round.State.VoterRegister.OrderBy(v => v.Value, StringComparer.Ordinal), decoded.VoterRegister.OrderBy(v => v.Value, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(121)]
    public void A_minimum_age_outside_0_to_120_is_invalid_rules(int age)
    {
        var round = RoundScenario.Created();

        var error = round.Refused(new ChangeRules(Sample.Coordinator, Sample.Rules() with { Eligibility = new Eligibility(MinimumAge: age) }), RoundErrors.InvalidRules);

        Assert.Equal(InvalidRulesReasons.MinimumAgeOutOfRange, error.Arguments["reason"]);
    }

    private static RoundState InVoting(Eligibility eligibility) =>
        RoundScenario.InVoting(Sample.Rules() with { Eligibility = eligibility }, 5_000).State;

    private static VoterFacts Facts(bool resident, bool business = false) => new(
        Sample.Resident(1),
        resident ? [Sample.Delfshaven.Code] : ImmutableHashSet<DistrictCode>.Empty,
        business ? [Sample.Delfshaven.Code] : ImmutableHashSet<DistrictCode>.Empty,
        new DateOnly(1980, 1, 1));
}
