using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>Brings a round to the phase a test needs, through the grain's own commands only.</summary>
public static class VotingRound
{
    public static readonly ParticipantKey Coordinator = new("coordinator-middelland");

    public static readonly District Middelland = new(DistrictCode.Parse("WK059903"), "Middelland", "Rotterdam");

    public static ParticipantKey Resident(int number) => new($"resident-{number:D5}");

    /// <summary>What the identity broker verified about a resident of <see cref="Middelland"/> of any age.</summary>
    public static VoterFacts FactsOf(ParticipantKey voter) => new(voter, [Middelland.Code], [], null);

    public static RoundRules Rules(int approveAtMost = 3) =>
        new(Money.FromEuros(60_000), new ApprovalAtMostK(approveAtMost));

    public static CreateRound Create(RoundId roundId) =>
        new(Coordinator, roundId, Middelland, "Veilig en leefbaar Middelland 2027", Rules());

    public static ProposalContent Proposal(int number) =>
        new($"Voorstel {number}: verkeersdrempel", "Een drempel bij de school, zodat auto's langzamer rijden.", ProposalCategory.TrafficSafety, Money.FromEuros(4_000 + (number * 1_000)));

    public static CastBallot Ballot(ParticipantKey voter, params ProposalId[] choices) =>
        new(voter, [.. choices.Select(p => new BallotChoice(p))]);

    /// <summary>A round in Submission, created and opened by the coordinator.</summary>
    public static async Task<IRoundGrain> InSubmissionAsync(IGrainFactory factory)
    {
        var grain = factory.GetRoundGrain(RoundId.New());
        await CommitAsync(grain, Create(grain.RoundId()));
        await CommitAsync(grain, new OpenSubmission(Coordinator));
        return grain;
    }

    /// <summary>A round with voting open on <paramref name="proposals"/> feasible proposals.</summary>
    public static async Task<(IRoundGrain Grain, ImmutableArray<ProposalId> Proposals)> InVotingAsync(IGrainFactory factory, int proposals = 5)
    {
        var grain = await InSubmissionAsync(factory);
        var ids = ImmutableArray.CreateBuilder<ProposalId>();
        for (var n = 1; n <= proposals; n++)
        {
            var submitted = await CommitAsync(grain, new SubmitProposal(Resident(90_000 + n), Proposal(n)));
            ids.Add(submitted.Events.OfType<ProposalSubmitted>().Single().Proposal);
        }

        await CommitAsync(grain, new StartReview(Coordinator));
        foreach (var id in ids)
        {
            await CommitAsync(grain, new MarkFeasible(Coordinator, id, Money.FromEuros(5_000), Note: null));
        }

        await CommitAsync(grain, new OpenVoting(Coordinator));
        return (grain, ids.ToImmutable());
    }

    public static async Task<CommandResult> CommitAsync(IRoundGrain grain, RoundCommand command)
    {
        var result = await grain.ExecuteAsync(command).WaitAsync(ActorTestContext.HangGuard);
        Assert.True(result.Status == CommandStatus.Committed, $"{command.GetType().Name} was answered {result.Status} ({result.Error}).");
        return result;
    }
}
