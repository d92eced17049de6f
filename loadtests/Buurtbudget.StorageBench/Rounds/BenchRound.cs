using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.StorageBench.Rounds;

/// <summary>A round brought into voting through the round's own commands, and the ballots residents cast in it.</summary>
internal static class BenchRound
{
    private const int Proposals = 6;

    private static readonly ParticipantKey Coordinator = new("bench-coordinator");

    private static readonly DistrictCode Wijk = DistrictCode.Parse("WK059903");

    private static readonly ImmutableHashSet<DistrictCode> Residents = [Wijk];

    /// <summary>Ballot choices residents pick from: every pair and triple of the proposals.</summary>
    private static readonly ImmutableArray<ImmutableArray<BallotChoice>> Choices = [..
        from a in Enumerable.Range(1, Proposals)
        from b in Enumerable.Range(a + 1, Proposals - a)
        select ImmutableArray.Create(new BallotChoice(new ProposalId(a)), new BallotChoice(new ProposalId(b))),
    ];

    public static async Task<IRoundGrain> InVotingAsync(IGrainFactory grains)
    {
        var grain = grains.GetRoundGrain(RoundId.New());
        var district = new District(Wijk, "Middelland", "Rotterdam");
        await CommitAsync(grain, new CreateRound(Coordinator, grain.RoundId(), district, "Meetronde", new RoundRules(Money.FromEuros(60_000), new ApprovalAtMostK(3))));
        await CommitAsync(grain, new OpenSubmission(Coordinator));
        for (var n = 1; n <= Proposals; n++)
        {
            await CommitAsync(grain, new SubmitProposal(
                new ParticipantKey($"bench-author-{n}"),
                new ProposalContent($"Voorstel {n}", "Een drempel bij de school, zodat auto's langzamer rijden.", ProposalCategory.TrafficSafety, Money.FromEuros(5_000))));
        }

        await CommitAsync(grain, new StartReview(Coordinator));
        for (var n = 1; n <= Proposals; n++)
        {
            await CommitAsync(grain, new MarkFeasible(Coordinator, new ProposalId(n), Money.FromEuros(5_000), Note: null));
        }

        await CommitAsync(grain, new OpenVoting(Coordinator));
        return grain;
    }

    /// <summary>The ballot of resident <paramref name="number"/>: a distinct resident casts a new ballot.</summary>
    public static CastBallot Ballot(string run, long number) =>
        new(new ParticipantKey($"{run}-{number}"), Choices[(int)(number % Choices.Length)]);

    /// <summary>Casts a resident's ballot the way the API does: the voter's facts (a resident of the wijk) come with it
    /// and the answer is about that ballot only.</summary>
    public static async Task CastAsync(IRoundGrain grain, CastBallot ballot)
    {
        var result = await grain.CastBallotAsync(ballot, new VoterFacts(ballot.By, Residents, [], BirthDate: null));
        if (result.Status != CommandStatus.Committed)
        {
            throw new InvalidOperationException($"A ballot was answered {result.Status} ({result.Error}); the benchmark cannot go on.");
        }
    }

    public static async Task CommitAsync(IRoundGrain grain, RoundCommand command)
    {
        var result = await grain.ExecuteAsync(command);
        if (result.Status != CommandStatus.Committed)
        {
            throw new InvalidOperationException($"{command.GetType().Name} was answered {result.Status} ({result.Error}); the benchmark cannot go on.");
        }
    }
}
