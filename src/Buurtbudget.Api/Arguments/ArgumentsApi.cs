using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Arguments;

/// <summary>Arguments for and against proposals: anyone reads them, residents of the wijk post them (under a display
/// name they choose, rate limited per resident) and agree once with someone else's, the wijk's coordinators hide one
/// with a reason that is shown in its place.</summary>
internal static class ArgumentsApi
{
    public static IEndpointRouteBuilder MapArgumentsApi(this IEndpointRouteBuilder app)
    {
        var proposal = app.MapGroup("/api/rounds/{roundId}/proposals/{proposalId}/arguments").WithTags("Arguments").RequireAuthorization(Policies.SignedIn);
        proposal.MapGet("", ListArguments).WithName("ListArguments").AllowPublicRead().ProducesProblems(404, 503)
            .WithSummary("Lists a proposal's arguments for and against, under their authors' display names. Anyone.");
        proposal.MapPost("", PostArgument).WithName("PostArgument").RequireAuthorization(Policies.Resident)
            .RequireRateLimiting(RateLimitPolicies.Argument).ProducesProblems(400, 403, 404, 409, 422, 429, 503)
            .WithSummary("Posts an argument for or against a proposal during submission, review and voting. Residents of the round's wijk.");

        var argument = app.MapGroup("/api/rounds/{roundId}/arguments/{argumentId:int}").WithTags("Arguments").RequireAuthorization(Policies.SignedIn);
        argument.MapPost("/agreement", AgreeWithArgument).WithName("AgreeWithArgument").RequireAuthorization(Policies.Resident)
            .ProducesProblems(403, 404, 409, 503)
            .WithSummary("Agrees with someone else's argument, once. Residents of the round's wijk.");
        argument.MapPost("/hiding", HideArgument).WithName("HideArgument").RequireAuthorization(Policies.Coordinator)
            .ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Hides an argument with a reason that is shown in its place; the log keeps it. The wijk's coordinators.");
        return app;
    }

    private static async Task<Results<Ok<ProposalArgumentsDto>, ProblemHttpResult>> ListArguments(
        RoundId roundId, ProposalId proposalId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!state!.Proposals.ContainsKey(proposalId))
        {
            return Problems.Problems.Of(context, RoundErrors.ProposalNotFound, ("proposal", proposalId));
        }

        var reader = context.TryGetCaller(out var caller) ? caller.ParticipantKey : (ParticipantKey?)null;
        return TypedResults.Ok((await grain.GetArgumentsAsync(proposalId, reader)).ToDto(state.Phase));
    }

    private static async Task<Results<Created<ArgumentDto>, ProblemHttpResult>> PostArgument(
        RoundId roundId, ProposalId proposalId, ArgumentRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (side, error) = ArgumentMapping.ParseSide(request.Side);
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        if (request.Text is null)
        {
            return Problems.Problems.From(context, Rounds.RoundMapping.Missing("text"));
        }

        var grain = grains.GetRoundGrain(roundId);
        var sent = await RoundAccess.AsResidentAsync(
            context, grain, by => new PostArgument(by, proposalId, side, request.Text, request.DisplayName), result => TypedResults.Ok(result), cancellationToken);
        if (sent.Result is not Ok<CommandResult> { Value: { } committed })
        {
            return (ProblemHttpResult)sent.Result;
        }

        var posted = committed.Events.OfType<ArgumentPosted>().Single();
        var view = await grain.GetArgumentAsync(posted.Argument, context.GetCaller().ParticipantKey);
        return TypedResults.Created($"/api/rounds/{roundId}/proposals/{proposalId}/arguments#{posted.Argument}", view!.ToDto());
    }

    private static Task<Results<Ok<ArgumentDto>, ProblemHttpResult>> AgreeWithArgument(
        RoundId roundId, int argumentId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken) =>
        SendAsync(context, grains.GetRoundGrain(roundId), argumentId, asCoordinator: false, by => new AgreeWithArgument(by, new ArgumentId(argumentId)), cancellationToken);

    private static async Task<Results<Ok<ArgumentDto>, ProblemHttpResult>> HideArgument(
        RoundId roundId, int argumentId, HideArgumentRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Reason is null)
        {
            return Problems.Problems.From(context, Rounds.RoundMapping.Missing("reason"));
        }

        return await SendAsync(context, grains.GetRoundGrain(roundId), argumentId, asCoordinator: true, by => new HideArgument(by, new ArgumentId(argumentId), request.Reason), cancellationToken);
    }

    /// <summary>Sends a command about one argument as a resident or a coordinator of the round's wijk, and answers with
    /// the argument as the caller sees it now.</summary>
    private static async Task<Results<Ok<ArgumentDto>, ProblemHttpResult>> SendAsync(
        HttpContext context, IRoundGrain grain, int argumentId, bool asCoordinator, Func<ParticipantKey, RoundCommand> command, CancellationToken cancellationToken)
    {
        if (argumentId < 1)
        {
            // Numbers start at 1: 0 or less can only be an argument that does not exist.
            return Problems.Problems.Of(context, ArgumentErrors.ArgumentNotFound, ("argument", argumentId));
        }

        var sent = asCoordinator
            ? await RoundAccess.AsCoordinatorAsync(context, grain, adminMayToo: false, command, result => TypedResults.Ok(result), cancellationToken)
            : await RoundAccess.AsResidentAsync(context, grain, command, result => TypedResults.Ok(result), cancellationToken);
        if (sent.Result is not Ok<CommandResult>)
        {
            return (ProblemHttpResult)sent.Result;
        }

        var view = await grain.GetArgumentAsync(new ArgumentId(argumentId), context.GetCaller().ParticipantKey);
        return TypedResults.Ok(view!.ToDto());
    }
}
