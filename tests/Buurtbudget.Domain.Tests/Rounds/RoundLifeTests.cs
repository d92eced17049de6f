using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class RoundLifeTests
{
    private static readonly ParticipantKey Coordinator = Sample.Coordinator;

    /// <summary>A round in <paramref name="phase"/> with one feasible proposal (1, by resident 1) from Review on.</summary>
    internal static RoundScenario AtPhase(RoundPhase phase)
    {
        if (phase == RoundPhase.Draft)
        {
            return RoundScenario.Created();
        }

        if (phase == RoundPhase.Submission)
        {
            return RoundScenario.InSubmission();
        }

        if (phase == RoundPhase.Review)
        {
            return RoundScenario.InReview(null, 5_000);
        }

        var scenario = RoundScenario.InVoting(null, 5_000);
        if (phase >= RoundPhase.Tallied)
        {
            scenario.Do(new CloseVoting(Coordinator));
        }

        if (phase >= RoundPhase.Spending)
        {
            scenario.Do(new StartSpending(Coordinator));
        }

        if (phase >= RoundPhase.Closed)
        {
            scenario.Do(new CloseRound(Coordinator));
        }

        Assert.Equal(phase, scenario.State.Phase);
        return scenario;
    }

    private static readonly ProposalId First = new(1);

    private static RoundCommand CommandFor(string action) => action switch
    {
        RoundActions.OpenSubmission => new OpenSubmission(Coordinator),
        RoundActions.StartReview => new StartReview(Coordinator),
        RoundActions.OpenVoting => new OpenVoting(Coordinator),
        RoundActions.CloseVoting => new CloseVoting(Coordinator),
        RoundActions.StartSpending => new StartSpending(Coordinator),
        RoundActions.CloseRound => new CloseRound(Coordinator),
        RoundActions.SubmitProposal => new SubmitProposal(Sample.Resident(1), Sample.Content()),
        RoundActions.EditProposal => new EditProposal(Sample.Resident(1), First, Sample.Content()),
        RoundActions.WithdrawProposal => new WithdrawProposal(Sample.Resident(1), First),
        RoundActions.MarkFeasible => new MarkFeasible(Coordinator, First, Money.FromEuros(4_000), null),
        RoundActions.MarkInfeasible => new MarkInfeasible(Coordinator, First, "Ligt op grond van het waterschap."),
        RoundActions.MergeProposals => new MergeProposals(Coordinator, First, new ProposalId(2), null),
        RoundActions.CastBallot => new CastBallot(Sample.Resident(7), Sample.Approve(1)),
        RoundActions.ChangeRules => new ChangeRules(Coordinator, Sample.Rules(budgetEuros: 60_000)),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static readonly (string Action, RoundPhase Allowed)[] SinglePhaseActions =
    [
        (RoundActions.OpenSubmission, RoundPhase.Draft),
        (RoundActions.StartReview, RoundPhase.Submission),
        (RoundActions.OpenVoting, RoundPhase.Review),
        (RoundActions.CloseVoting, RoundPhase.Voting),
        (RoundActions.StartSpending, RoundPhase.Tallied),
        (RoundActions.CloseRound, RoundPhase.Spending),
        (RoundActions.SubmitProposal, RoundPhase.Submission),
        (RoundActions.EditProposal, RoundPhase.Submission),
        (RoundActions.WithdrawProposal, RoundPhase.Submission),
        (RoundActions.MarkFeasible, RoundPhase.Review),
        (RoundActions.MarkInfeasible, RoundPhase.Review),
        (RoundActions.MergeProposals, RoundPhase.Review),
        (RoundActions.CastBallot, RoundPhase.Voting),
    ];

    public static TheoryData<string, RoundPhase, RoundPhase> WrongPhases()
    {
        var data = new TheoryData<string, RoundPhase, RoundPhase>();
        foreach (var (action, allowed) in SinglePhaseActions)
        {
            foreach (var phase in Enum.GetValues<RoundPhase>().Where(p => p != allowed))
            {
                data.Add(action, phase, allowed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongPhases))]
    public void Every_command_is_refused_outside_its_phase(string action, RoundPhase phase, RoundPhase allowed)
    {
        var scenario = AtPhase(phase);

        var error = scenario.Refused(CommandFor(action), RoundErrors.WrongPhase);

        Assert.Equal(action, error["action"]);
        Assert.Equal(phase.ToString(), error["phase"]);
        Assert.Equal(allowed.ToString(), error["allowed"]);
    }

    public static TheoryData<string> AllActions() => [.. SinglePhaseActions.Select(a => a.Action).Append(RoundActions.ChangeRules)];

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Every_command_but_create_is_refused_on_a_round_that_does_not_exist(string action)
    {
        var scenario = RoundScenario.Empty();

        var error = scenario.Refused(CommandFor(action), RoundErrors.RoundNotFound);

        Assert.Equal(scenario.State.Id.ToString(), error["round"]);
    }

    [Fact]
    public void A_round_lives_from_draft_to_closed_one_step_at_a_time()
    {
        var scenario = RoundScenario.Created();
        Assert.Equal(RoundPhase.Draft, scenario.State.Phase);
        Assert.Equal(1, scenario.State.Version);

        Assert.IsType<SubmissionOpened>(Assert.Single(scenario.Do(new OpenSubmission(Coordinator))));
        Assert.Equal(RoundPhase.Submission, scenario.State.Phase);

        scenario.Submit(Sample.Resident(1), 12_000);
        Assert.IsType<ReviewStarted>(Assert.Single(scenario.Do(new StartReview(Coordinator))));
        Assert.Equal(RoundPhase.Review, scenario.State.Phase);

        scenario.Do(new MarkFeasible(Coordinator, First, Money.FromEuros(11_500), "Inclusief borden."));
        var opened = Assert.IsType<VotingOpened>(Assert.Single(scenario.Do(new OpenVoting(Coordinator))));
        Assert.Equal(RoundPhase.Voting, scenario.State.Phase);
        Assert.Equal(scenario.Now, scenario.State.VotingOpenedAt);
        Assert.Equal([new BallotOption(First, Money.FromEuros(11_500))], opened.Ballot.ToArray());

        scenario.Vote(1, 1);
        var closing = scenario.Do(new CloseVoting(Coordinator));
        Assert.Collection(closing, e => Assert.IsType<VotingClosed>(e), e => Assert.IsType<OutcomeDetermined>(e));
        Assert.Equal(RoundPhase.Tallied, scenario.State.Phase);
        Assert.Equal(scenario.Now, scenario.State.VotingClosedAt);
        var outcome = Assert.IsType<RoundOutcome>(scenario.State.Outcome);
        Assert.Equal([First], outcome.Winners.Select(w => w.Proposal));

        Assert.IsType<SpendingStarted>(Assert.Single(scenario.Do(new StartSpending(Coordinator))));
        Assert.Equal(RoundPhase.Spending, scenario.State.Phase);

        Assert.IsType<RoundClosed>(Assert.Single(scenario.Do(new CloseRound(Coordinator))));
        Assert.Equal(RoundPhase.Closed, scenario.State.Phase);
        Assert.Equal(scenario.History.Count, scenario.State.Version);
    }

    [Fact]
    public void Creating_a_round_records_district_title_and_rules()
    {
        var scenario = RoundScenario.Empty();
        var rules = Sample.Rules(budgetEuros: 75_000, method: new ApprovalAtMostK(3));

        var created = Assert.IsType<RoundCreated>(Assert.Single(scenario.Do(
            new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, "  Buurtbudget Delfshaven 2026 ", rules))));

        Assert.Equal("Buurtbudget Delfshaven 2026", created.Title);
        Assert.True(scenario.State.Exists);
        Assert.Equal("Buurtbudget Delfshaven 2026", scenario.State.Title);
        Assert.Equal(Sample.Delfshaven, scenario.State.District);
        Assert.Equal(rules, scenario.State.Rules);
        Assert.Equal(Sample.Start.AddMinutes(1), scenario.State.CreatedAt);
        Assert.Equal(Coordinator, created.By);
    }

    [Fact]
    public void A_round_cannot_be_created_twice()
    {
        var scenario = RoundScenario.Created();

        var error = scenario.Refused(
            new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, "Nog een ronde", Sample.Rules()),
            RoundErrors.RoundAlreadyExists);

        Assert.Equal(scenario.State.Id.ToString(), error["round"]);
    }

    [Fact]
    public void Creating_a_round_for_another_id_is_a_programming_error()
    {
        var state = RoundState.Initial(RoundId.New());

        Assert.Throws<ArgumentException>(() => BudgetRound.Decide(
            state, new CreateRound(Coordinator, RoundId.New(), Sample.Delfshaven, "Ronde", Sample.Rules()), Sample.Start));
    }

    [Theory]
    [InlineData("", InvalidTextReasons.TooShort)]
    [InlineData("   ", InvalidTextReasons.TooShort)]
    [InlineData("Ronde\u0000 2026", InvalidTextReasons.ControlCharacter)]
    [InlineData("Ronde\n2026", InvalidTextReasons.ControlCharacter)]
    [InlineData("Ronde \u202Egnidrats\u202C 2026", InvalidTextReasons.ControlCharacter)]
    [InlineData("Ronde \u2067isolaat\u2069", InvalidTextReasons.ControlCharacter)]
    [InlineData("\uFEFFRonde 2026", InvalidTextReasons.ControlCharacter)]
    [InlineData("\u200B\u200B\u200B", InvalidTextReasons.Invisible)]
    [InlineData("\u3164\u3164\u3164", InvalidTextReasons.Invisible)]
    [InlineData("\u200D\u2060\u00AD\u034F", InvalidTextReasons.Invisible)]
    [InlineData("Ronde Z\u0351\u0352\u0353\u0354\u0355\u0356 2026", InvalidTextReasons.CombiningMarks)]
    public void A_round_title_must_be_readable(string title, string reason)
    {
        var scenario = RoundScenario.Empty();

        var error = scenario.Refused(new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, title, Sample.Rules()), RoundErrors.InvalidText);

        Assert.Equal("title", error["field"]);
        Assert.Equal(reason, error["reason"]);
    }

    [Theory]
    [InlineData("Speeltuin Middelland")]
    [InlineData("Tiếng Việt ở Rotterdam")]
    [InlineData("Buurtfeest 🎉👩🏽‍🤝‍👩🏻")]
    [InlineData("שָׁלוֹם en مرحبا")]
    [InlineData("Cafe\u0301 met accent")]
    public void A_round_title_in_any_writing_is_readable(string title)
    {
        var scenario = RoundScenario.Empty();

        scenario.Do(new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, title, Sample.Rules()));

        Assert.Equal(title, scenario.State.Title);
    }

    [Fact]
    public void A_round_title_holds_at_most_120_characters_after_trimming()
    {
        var scenario = RoundScenario.Empty();
        var longest = new string('a', 120);

        scenario.Refused(new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, longest + "b", Sample.Rules()), RoundErrors.InvalidText);
        scenario.Do(new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, "  " + longest + "  ", Sample.Rules()));

        Assert.Equal(longest, scenario.State.Title);
    }

    [Fact]
    public void A_district_without_a_code_is_refused()
    {
        var scenario = RoundScenario.Empty();

        scenario.Refused(
            new CreateRound(Coordinator, scenario.State.Id, new District(default, "Delfshaven", "Rotterdam"), "Ronde", Sample.Rules()),
            DistrictErrors.InvalidDistrictCode);
    }

    public static TheoryData<RoundRules, string> InvalidRules() => new()
    {
        { Sample.Rules() with { Budget = Money.Zero }, InvalidRulesReasons.BudgetNotPositive },
        { Sample.Rules() with { Budget = new Money(-1) }, InvalidRulesReasons.BudgetNotPositive },
        { Sample.Rules() with { Budget = Money.Ceiling + new Money(1) }, InvalidRulesReasons.BudgetTooLarge },
        { Sample.Rules(method: new ApprovalAtMostK(0)), InvalidRulesReasons.CountNotPositive },
        { Sample.Rules(method: new ApprovalWithinBudget(MinCount: 0)), InvalidRulesReasons.CountNotPositive },
        { Sample.Rules(method: new ApprovalWithinBudget(MaxCount: 0)), InvalidRulesReasons.CountNotPositive },
        { Sample.Rules(method: new ApprovalWithinBudget(MinCount: 4, MaxCount: 3)), InvalidRulesReasons.MinAboveMax },
        { Sample.Rules(method: new CumulativePoints(0)), InvalidRulesReasons.PointsNotPositive },
        { Sample.Rules(method: new CumulativePoints(10, MaxPerProposal: 0)), InvalidRulesReasons.CapNotPositive },
        { Sample.Rules(method: new CumulativePoints(10, MaxPerProposal: 11)), InvalidRulesReasons.CapAbovePoints },
        { Sample.Rules(minimumSupport: -1), InvalidRulesReasons.MinimumSupportNegative },
        { Sample.Rules() with { Rule = (OutcomeRule)42 }, InvalidRulesReasons.UnknownRule },
        { Sample.Rules() with { TieBreak = (TieBreak)42 }, InvalidRulesReasons.UnknownRule },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void Incoherent_rules_are_refused_on_create_and_on_change(RoundRules rules, string reason)
    {
        var empty = RoundScenario.Empty();
        var created = RoundScenario.Created();

        var onCreate = empty.Refused(new CreateRound(Coordinator, empty.State.Id, Sample.Delfshaven, "Ronde", rules), RoundErrors.InvalidRules);
        var onChange = created.Refused(new ChangeRules(Coordinator, rules), RoundErrors.InvalidRules);

        Assert.Equal(reason, onCreate["reason"]);
        Assert.Equal(reason, onChange["reason"]);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(100_000_000_000L)]
    public void The_budget_may_be_anything_from_one_cent_to_the_ceiling(long cents)
    {
        var scenario = RoundScenario.Empty();

        scenario.Do(new CreateRound(Coordinator, scenario.State.Id, Sample.Delfshaven, "Ronde", Sample.Rules() with { Budget = new Money(cents) }));

        Assert.Equal(new Money(cents), scenario.State.Rules!.Budget);
    }

    [Theory]
    [InlineData(RoundPhase.Draft)]
    [InlineData(RoundPhase.Submission)]
    [InlineData(RoundPhase.Review)]
    public void Rules_may_change_until_voting_opens(RoundPhase phase)
    {
        var scenario = AtPhase(phase);
        var rules = Sample.Rules(budgetEuros: 80_000, method: new CumulativePoints(10, 4), tieBreak: TieBreak.Lexicographic, minimumSupport: 3);

        var changed = Assert.IsType<RulesChanged>(Assert.Single(scenario.Do(new ChangeRules(Coordinator, rules))));

        Assert.Equal(rules, changed.Rules);
        Assert.Equal(rules, scenario.State.Rules);
    }

    [Theory]
    [InlineData(RoundPhase.Voting)]
    [InlineData(RoundPhase.Tallied)]
    [InlineData(RoundPhase.Spending)]
    [InlineData(RoundPhase.Closed)]
    public void Rules_are_frozen_once_voting_opens(RoundPhase phase)
    {
        var scenario = AtPhase(phase);

        var error = scenario.Refused(new ChangeRules(Coordinator, Sample.Rules(budgetEuros: 80_000)), RoundErrors.RulesFrozen);

        Assert.Equal(phase.ToString(), error["phase"]);
        Assert.True(scenario.State.RulesFrozen);
    }

    [Fact]
    public void Voting_freezes_the_rules_that_held_when_it_opened()
    {
        var scenario = RoundScenario.InReview(Sample.Rules(budgetEuros: 50_000), 10_000);
        var rules = Sample.Rules(budgetEuros: 40_000, method: new ApprovalAtMostK(2));
        scenario.Do(new ChangeRules(Coordinator, rules));
        scenario.Do(new MarkFeasible(Coordinator, First, Money.FromEuros(10_000), null));

        var opened = Assert.IsType<VotingOpened>(Assert.Single(scenario.Do(new OpenVoting(Coordinator))));

        Assert.Equal(rules, opened.FrozenRules);
        Assert.Equal(rules, scenario.State.Rules);
    }

    [Fact]
    public void Review_cannot_start_without_a_proposal_in_the_race()
    {
        var scenario = RoundScenario.InSubmission();
        scenario.Refused(new StartReview(Coordinator), RoundErrors.NoProposals);

        var id = scenario.Submit(Sample.Resident(1));
        scenario.Do(new WithdrawProposal(Sample.Resident(1), id));

        scenario.Refused(new StartReview(Coordinator), RoundErrors.NoProposals);
    }

    [Fact]
    public void Closing_the_vote_determines_the_outcome_from_the_tally()
    {
        var scenario = RoundScenario.InVoting(Sample.Rules(budgetEuros: 30_000), 20_000, 15_000, 10_000);
        scenario.Vote(1, 1, 3);
        scenario.Vote(2, 2, 3);
        scenario.Vote(3, 2);

        var determined = Assert.IsType<OutcomeDetermined>(scenario.Do(new CloseVoting(Coordinator))[1]);

        Assert.Equal(scenario.Now, determined.At);
        // 2 and 3 tie at two votes; the equal-shares tie-break puts the cheaper 3 first.
        Assert.Equal([new ProposalId(3), new ProposalId(2)], determined.Outcome.Winners.Select(w => w.Proposal));
        Assert.Equal(Money.FromEuros(25_000), determined.Outcome.Spent);
        Assert.Equal(3, determined.Outcome.Turnout);
        Assert.Equal(determined.Outcome, scenario.State.Outcome);
    }

    [Fact]
    public void A_default_participant_key_is_a_programming_error()
    {
        var scenario = RoundScenario.Created();

        Assert.Throws<ArgumentException>(() => BudgetRound.Decide(scenario.State, new OpenSubmission(default), Sample.Start));
    }

    [Fact]
    public void Every_error_code_is_listed_once()
    {
        Assert.Equal(RoundErrors.All.Length, RoundErrors.All.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(RoundErrors.WrongPhase, RoundErrors.All);
        Assert.Contains(RoundErrors.NoProposals, RoundErrors.All);
        Assert.Contains(DistrictErrors.BuurtOutsideDistrict, RoundErrors.All);
        Assert.DoesNotContain(InvalidRulesReasons.BudgetTooLarge, RoundErrors.All);
    }
}
