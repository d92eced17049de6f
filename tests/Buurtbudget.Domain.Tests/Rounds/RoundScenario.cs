using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

/// <summary>Data that tests share: a wijk, people, rules and proposal texts that read like the real thing.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    public static readonly ParticipantKey Coordinator = new("coordinator-9f2a");

    public static readonly District Delfshaven = new(DistrictCode.Parse("WK059903"), "Delfshaven", "Rotterdam");

    public static ParticipantKey Resident(int number) => new($"resident-{number:D4}");

    public static RoundRules Rules(long budgetEuros = 50_000, BallotMethod? method = null, TieBreak tieBreak = TieBreak.EqualShares, long minimumSupport = 1) =>
        new(Money.FromEuros(budgetEuros), method ?? new ApprovalWithinBudget(), TieBreak: tieBreak, MinimumSupport: minimumSupport);

    public static ProposalContent Content(
        long costEuros = 5_000,
        string title = "Verkeersdrempel Mathenesserlaan",
        string description = "Auto's rijden hier veel te hard langs de basisschool; een drempel remt ze af.",
        BuurtCode? buurt = null,
        GeoPoint? location = null) =>
        new(title, description, ProposalCategory.TrafficSafety, Money.FromEuros(costEuros), buurt, location);

    public static ImmutableArray<BallotChoice> Approve(params int[] proposals) =>
        [.. proposals.Select(p => new BallotChoice(new ProposalId(p)))];

    public static ImmutableArray<BallotChoice> Points(params (int Proposal, int Points)[] choices) =>
        [.. choices.Select(c => new BallotChoice(new ProposalId(c.Proposal), c.Points))];
}

/// <summary>A round driven through BudgetRound.Decide and RoundState.Apply, as the actor drives it: every
/// accepted command's events are applied, a refused command must leave the state untouched.</summary>
internal sealed class RoundScenario
{
    private readonly List<RoundEvent> _history = [];

    private RoundScenario(RoundState state)
    {
        State = state;
        Now = Sample.Start;
    }

    public RoundState State { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<RoundEvent> History => _history;

    public static RoundScenario Empty() => new(RoundState.Initial(new RoundId(Guid.Parse("0195a1b2-0000-7000-8000-00000000a001"))));

    public static RoundScenario Created(RoundRules? rules = null)
    {
        var scenario = Empty();
        scenario.Do(new CreateRound(Sample.Coordinator, scenario.State.Id, Sample.Delfshaven, "Buurtbudget Delfshaven 2026", rules ?? Sample.Rules()));
        return scenario;
    }

    public static RoundScenario InSubmission(RoundRules? rules = null)
    {
        var scenario = Created(rules);
        scenario.Do(new OpenSubmission(Sample.Coordinator));
        return scenario;
    }

    /// <summary>A round in review with one proposal per cost, by residents 1, 2, 3, …, none reviewed yet.</summary>
    public static RoundScenario InReview(RoundRules? rules = null, params long[] costsEuros)
    {
        var scenario = InSubmission(rules);
        for (var index = 0; index < costsEuros.Length; index++)
        {
            scenario.Submit(Sample.Resident(index + 1), costsEuros[index]);
        }

        scenario.Do(new StartReview(Sample.Coordinator));
        return scenario;
    }

    /// <summary>A round in voting whose proposals 1, 2, 3, … are feasible at the given costs.</summary>
    public static RoundScenario InVoting(RoundRules? rules = null, params long[] costsEuros)
    {
        var scenario = InReview(rules, costsEuros);
        for (var index = 0; index < costsEuros.Length; index++)
        {
            scenario.Do(new MarkFeasible(Sample.Coordinator, new ProposalId(index + 1), Money.FromEuros(costsEuros[index]), null));
        }

        scenario.Do(new OpenVoting(Sample.Coordinator));
        return scenario;
    }

    public ProposalId Submit(ParticipantKey author, long costEuros = 5_000, string title = "Verkeersdrempel Mathenesserlaan")
    {
        var submitted = Assert.IsType<ProposalSubmitted>(Assert.Single(Do(new SubmitProposal(author, Sample.Content(costEuros, title)))));
        return submitted.Proposal;
    }

    /// <summary>Lets time pass: the next command comes <paramref name="by"/> plus the usual minute later.</summary>
    public void Wait(TimeSpan by) => Now += by;

    public Decision Try(RoundCommand command)
    {
        Now = Now.AddMinutes(1);
        var decision = BudgetRound.Decide(State, command, Now);
        foreach (var roundEvent in decision.Events)
        {
            State = State.Apply(roundEvent);
            _history.Add(roundEvent);
        }

        return decision;
    }

    public ImmutableArray<RoundEvent> Do(RoundCommand command)
    {
        var decision = Try(command);
        Assert.True(decision.IsAccepted, $"{command.GetType().Name} was refused: {decision.Error}");
        Assert.NotEmpty(decision.Events);
        return decision.Events;
    }

    /// <summary>Asserts that <paramref name="command"/> is refused with <paramref name="code"/> and changes nothing.</summary>
    public DomainError Refused(RoundCommand command, string code)
    {
        var before = State;
        var decision = Try(command);
        Assert.False(decision.IsAccepted, $"{command.GetType().Name} was accepted, expected {code}.");
        Assert.Empty(decision.Events);
        Assert.Same(before, State);
        var error = decision.Error!;
        Assert.Equal(code, error.Code);
        return error;
    }

    public void Vote(int resident, params int[] proposals) => Do(new CastBallot(Sample.Resident(resident), Sample.Approve(proposals)));
}
