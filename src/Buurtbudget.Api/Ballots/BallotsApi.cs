using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.RateLimits;
using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Ballots;

/// <summary>The caller's own ballot (residents of the round's wijk) and the running tally.</summary>
internal static class BallotsApi
{
    public static RouteGroupBuilder MapBallotsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}").WithTags("Ballots").RequireAuthorization(Policies.SignedIn);

        group.MapPut("/ballot", CastBallot).WithName("CastBallot").RequireAuthorization(Policies.Resident).RequireRateLimiting(RateLimitPolicies.Ballot)
            .WithSummary("Casts the caller's ballot, replacing any earlier one, while voting is open. Residents of the round's wijk. Answers once the ballot is durable.");
        group.MapGet("/ballot", GetBallot).WithName("GetBallot").RequireAuthorization(Policies.Resident).RequireRateLimiting(RateLimitPolicies.Ballot)
            .WithSummary("Reads the caller's own ballot. Residents of the round's wijk; nobody can read another's ballot.");
        group.MapGet("/tally", GetTally).WithName("GetTally")
            .WithSummary("The running tally: turnout and support per proposal. Residents when the round shows it live or after voting; the wijk's coordinators, auditors and admins always.");
        return group;
    }

    private static async Task<IResult> CastBallot(RoundId roundId, BallotRequest request, IRoundGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Choices is null)
        {
            return Problems.Problems.From(context, Rounds.RoundMapping.Missing("choices"));
        }

        if (request.Choices.FirstOrDefault(c => c.ProposalId < 1) is { } bad)
        {
            return Problems.Problems.Of(context, RoundErrors.BallotProposalNotOnBallot, ("proposal", bad.ProposalId));
        }

        var choices = request.Choices.Select(c => new BallotChoice(new ProposalId(c.ProposalId), c.Points ?? 1)).ToImmutableArray();
        return await RoundAccess.AsResidentAsync(
            context,
            grains.GetGrain(roundId),
            by => new CastBallot(by, choices),
            result => TypedResults.Ok(result.State.Ballots[context.GetCaller().ParticipantKey].ToDto(result.State)),
            cancellationToken);
    }

    private static async Task<IResult> GetBallot(RoundId roundId, IRoundGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RoundAccess.RequireResidentOf(context, caller, state!) is { } forbidden)
        {
            return forbidden;
        }

        return state!.Ballots.TryGetValue(caller.ParticipantKey, out var ballot)
            ? TypedResults.Ok(ballot.ToDto(state))
            : Problems.Problems.Of(context, ProblemCatalog.NoBallotYet);
    }

    private static async Task<IResult> GetTally(RoundId roundId, IRoundGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Phase < RoundPhase.Voting)
        {
            return Problems.Problems.Of(context, RoundErrors.WrongPhase, ("action", "tally"), ("phase", Rounds.RoundMapping.Name(state.Phase)), ("allowed", "voting, tallied, spending, closed"));
        }

        return RoundAccess.MaySeeTally(context.GetCaller(), state)
            ? TypedResults.Ok(state.ToTallyDto())
            : Problems.Problems.Of(context, ProblemCatalog.TallyNotPublic);
    }
}
