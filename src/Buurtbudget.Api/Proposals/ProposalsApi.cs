using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Proposals;

/// <summary>Proposals: residents of the wijk submit, edit and withdraw their own; the wijk's coordinators review
/// and merge them; anyone signed in reads them.</summary>
internal static class ProposalsApi
{
    public static RouteGroupBuilder MapProposalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/proposals").WithTags("Proposals").RequireAuthorization(Policies.SignedIn);

        group.MapGet("", ListProposals).WithName("ListProposals").AllowPublicRead().ProducesProblems(404, 503)
            .WithSummary("Lists a round's proposals with status and review outcome. Anyone signed in.");
        group.MapGet("/{proposalId}", GetProposal).WithName("GetProposal").AllowPublicRead().ProducesProblems(404, 503)
            .WithSummary("Reads one proposal. Anyone signed in.");
        group.MapPost("", SubmitProposal).WithName("SubmitProposal").RequireAuthorization(Policies.Resident).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Submits a proposal during submission. Residents of the round's wijk.");
        group.MapPut("/{proposalId}", EditProposal).WithName("EditProposal").RequireAuthorization(Policies.Resident).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Edits one's own proposal until review starts. Its author.");
        group.MapPost("/{proposalId}/withdrawal", WithdrawProposal).WithName("WithdrawProposal").RequireAuthorization(Policies.Resident).ProducesProblems(403, 404, 409, 503)
            .WithSummary("Withdraws one's own proposal until review starts. Its author.");
        group.MapPost("/{proposalId}/review", ReviewProposal).WithName("ReviewProposal").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Marks a proposal feasible (with an approved cost) or infeasible (with a reason). The wijk's coordinators.");
        group.MapPost("/{proposalId}/merge", MergeProposal).WithName("MergeProposal").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 503)
            .WithSummary("Folds a duplicate proposal into another. The wijk's coordinators.");
        return group;
    }

    private static async Task<Results<Ok<List<ProposalDto>>, ProblemHttpResult>> ListProposals(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = CallerKeyOf(context);
        return TypedResults.Ok(state!.Proposals.Values.Select(p => p.ToDto(caller)).ToList());
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> GetProposal(RoundId roundId, ProposalId proposalId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!state!.Proposals.TryGetValue(proposalId, out var proposal))
        {
            return Problems.Problems.Of(context, RoundErrors.ProposalNotFound, ("proposal", proposalId));
        }

        return TypedResults.Ok(proposal.ToDto(CallerKeyOf(context)));
    }

    /// <summary>The signed-in caller's key, so that their own proposals say so; null for an anonymous reader.</summary>
    private static ParticipantKey? CallerKeyOf(HttpContext context) => context.TryGetCaller(out var caller) ? caller.ParticipantKey : null;

    private static async Task<Results<Created<ProposalDto>, ProblemHttpResult>> SubmitProposal(RoundId roundId, ProposalRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (content, error) = request.ToContent();
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        return await RoundAccess.AsResidentAsync(context, grains.GetRoundGrain(roundId), by => new SubmitProposal(by, content!), Created, cancellationToken);

        Created<ProposalDto> Created(CommandResult result)
        {
            var id = result.Events.OfType<ProposalSubmitted>().Single().Proposal;
            return TypedResults.Created($"/api/rounds/{roundId}/proposals/{id}", result.Round.Proposals[id].ToDto(result.Events.OfType<ProposalSubmitted>().Single().Author));
        }
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> EditProposal(RoundId roundId, ProposalId proposalId, ProposalRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (content, error) = request.ToContent();
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        return await RoundAccess.AsResidentAsync(
            context, grains.GetRoundGrain(roundId), by => new EditProposal(by, proposalId, content!), result => Current(result, proposalId, context), cancellationToken);
    }

    private static Task<Results<Ok<ProposalDto>, ProblemHttpResult>> WithdrawProposal(RoundId roundId, ProposalId proposalId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken) =>
        RoundAccess.AsResidentAsync(context, grains.GetRoundGrain(roundId), by => new WithdrawProposal(by, proposalId), result => Current(result, proposalId, context), cancellationToken);

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> ReviewProposal(RoundId roundId, ProposalId proposalId, ReviewRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        Func<ParticipantKey, RoundCommand>? command = request.Decision switch
        {
            "feasible" when request.ApprovedCostCents is { } cents => by => new MarkFeasible(by, proposalId, new Money(cents), request.Note),
            "infeasible" when request.Reason is not null => by => new MarkInfeasible(by, proposalId, request.Reason),
            _ => null,
        };
        if (command is null)
        {
            return Problems.Problems.From(context, request.Decision switch
            {
                "feasible" => RoundMapping.Missing("approvedCostCents"),
                "infeasible" => RoundMapping.Missing("reason"),
                null => RoundMapping.Missing("decision"),
                _ => RoundMapping.Invalid("decision", request.Decision, "feasible, infeasible"),
            });
        }

        return await RoundAccess.AsCoordinatorAsync(context, grains.GetRoundGrain(roundId), adminMayToo: false, command, result => Current(result, proposalId, context), cancellationToken);
    }

    private static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> MergeProposal(RoundId roundId, ProposalId proposalId, MergeRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Into is not { } into || into < 1)
        {
            return Problems.Problems.From(context, request.Into is null ? RoundMapping.Missing("into") : RoundMapping.Invalid("into", request.Into.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a proposal number"));
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new MergeProposals(by, proposalId, new ProposalId(into), request.Note),
            result => Current(result, proposalId, context),
            cancellationToken);
    }

    private static Ok<ProposalDto> Current(CommandResult result, ProposalId proposalId, HttpContext context) =>
        TypedResults.Ok(result.Round.Proposals[proposalId].ToDto(context.GetCaller().ParticipantKey));
}
