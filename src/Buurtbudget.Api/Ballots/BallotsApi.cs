using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Ballots;

/// <summary>The caller's own ballot (residents of the round's wijk) and the running tally.</summary>
internal static class BallotsApi
{
    public static RouteGroupBuilder MapBallotsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}").WithTags("Ballots").RequireAuthorization(Policies.SignedIn);

        group.MapPut("/ballot", CastBallot).WithName("CastBallot").RequireAuthorization(Policies.Voter).RequireRateLimiting(RateLimitPolicies.Ballot).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Casts the caller's ballot, replacing any earlier one, while voting is open. Voters the round's eligibility admits (residents of its wijk; its age, register and business-owner rules). Answers once the ballot is durable, with its receipt code for the bulletin board.");
        group.MapGet("/ballot", GetBallot).WithName("GetBallot").RequireAuthorization(Policies.Voter).RequireRateLimiting(RateLimitPolicies.Ballot).ProducesProblems(403, 404, 503)
            .WithSummary("Reads the caller's own ballot and its receipt code. Residents (and admitted business owners) of the round's wijk; nobody can read another's ballot.");
        group.MapGet("/tally", GetTally).WithName("GetTally").ProducesProblems(403, 404, 409, 503)
            .WithSummary("The running tally: turnout and support per proposal. Residents when the round shows it live or after voting; the wijk's coordinators, auditors and admins always.");
        return group;
    }

    private static async Task<Results<SizedOk<BallotDto>, ProblemHttpResult>> CastBallot(
        RoundId roundId, BallotRequest request, IGrainFactory grains, IEventStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (BallotMapping.ToChoices(request.Choices, out var choices) is { } invalid)
        {
            return Problems.Problems.From(context, invalid);
        }

        // One call to the round, the hot path's only one: whether the round exists, is intact, and the caller may vote
        // in it is decided in the turn that decides the ballot, against the rules frozen when voting opened, not here
        // against a state that may be older than that.
        var grain = grains.GetRoundGrain(roundId);
        var caller = context.GetCaller();
        return await RoundAccess.AnswerBallotAsync(
            context, grain, new CastBallot(caller.ParticipantKey, choices), RoundAccess.VoterFactsOf(caller), store, cancellationToken);
    }

    private static async Task<Results<SizedOk<BallotDto>, ProblemHttpResult>> GetBallot(RoundId roundId, IGrainFactory grains, IEventStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Your own ballot, if you have one; otherwise whether you could have one here at all.
        var caller = context.GetCaller();
        if ((await grain.GetVoterAsync(caller.ParticipantKey)).Ballot is { } ballot)
        {
            return SizedResults.Ok(await ballot.ToDtoAsync(roundId, store, cast: null, cancellationToken));
        }

        var district = state!.District!.Code;
        return !caller.IsResidentOf(district) && !(caller.IsBusinessOwner && caller.Districts.Contains(district))
            ? Problems.Problems.Of(context, ProblemCatalog.NotYourDistrict, ("district", district))
            : Problems.Problems.Of(context, ProblemCatalog.NoBallotYet);
    }

    private static async Task<Results<SizedOk<TallyDto>, ProblemHttpResult>> GetTally(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Phase < RoundPhase.Voting)
        {
            return Problems.Problems.Of(context, RoundErrors.WrongPhase, ("action", "tally"), ("phase", Rounds.RoundMapping.Name(state.Phase)), ("allowed", "voting, tallied, spending, closed"));
        }

        if (!RoundAccess.MaySeeTally(context.GetCaller(), state))
        {
            return Problems.Problems.Of(context, ProblemCatalog.TallyNotPublic);
        }

        return SizedResults.Ok(state.ToTallyDto());
    }
}
