using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Spending;

/// <summary>Accountability for the money: coordinators of the round's wijk record spends on funded projects, a second
/// coordinator approves each one, overruns need an approval with a reason, and everyone (without an account too) sees the spending and
/// the progress per project.</summary>
internal static class SpendingApi
{
    public static RouteGroupBuilder MapSpendingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/spending").WithTags("Spending").RequireAuthorization(Policies.SignedIn);
        group.MapGet("", GetSpending).WithName("GetSpending").AllowPublicRead().ProducesProblems(404, 409, 503)
            .WithSummary("Budget, limits, spent and pending per funded project, progress with milestones, and every spend with its status. Anyone, without an account, once voting has closed.");
        group.MapPost("/spends", RecordSpend).WithName("RecordSpend").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Records a spend on a funded project while the round is spending; it counts against the project's limit at once and waits for a second coordinator. Coordinators of the round's wijk.");
        group.MapPost("/spends/{spend:int}/approval", ApproveSpend).WithName("ApproveSpend").RequireAuthorization(Policies.Coordinator).ProducesProblems(403, 404, 409, 503)
            .WithSummary("Approves a pending spend: only a coordinator of the round's wijk other than the one who recorded it (four eyes).");
        group.MapPost("/spends/{spend:int}/rejection", RejectSpend).WithName("RejectSpend").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 503)
            .WithSummary("Rejects (or withdraws) a pending spend, with a reason. Coordinators of the round's wijk.");
        group.MapPost("/overruns", ApproveOverrun).WithName("ApproveOverrun").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Lets a funded project cost more than its approved cost, with a reason, as long as all funded projects together stay within the budget. Coordinators of the round's wijk.");
        group.MapPut("/projects/{proposalId}/progress", ReportProgress).WithName("ReportProgress").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Reports a funded project's status and percentage complete, optionally with a milestone residents see. Coordinators of the round's wijk.");
        return group;
    }

    private static async Task<Results<Ok<SpendingDto>, ProblemHttpResult>> GetSpending(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Outcome is null)
        {
            return Problems.Problems.Of(context, ProblemCatalog.ResultsNotAvailable, ("phase", RoundMapping.Name(state.Phase)));
        }

        return TypedResults.Ok(state.ToSpendingDto());
    }

    private static async Task<Results<Created<SpendDto>, ProblemHttpResult>> RecordSpend(RoundId roundId, SpendRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var missing = request switch
        {
            { ProposalId: null } => "proposalId",
            { AmountCents: null } => "amountCents",
            { InvoiceDate: null } => "invoiceDate",
            _ => null,
        };
        if (missing is not null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing(missing));
        }

        if (ProposalNumber(request.ProposalId!.Value) is { } badProposal)
        {
            return Problems.Problems.From(context, badProposal);
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new RecordSpend(
                by,
                new ProposalId(request.ProposalId.Value),
                new Money(request.AmountCents!.Value),
                request.Description ?? "",
                request.Supplier ?? "",
                request.InvoiceReference ?? "",
                request.InvoiceDate!.Value,
                request.AttachmentReference,
                context.GetCaller().DisplayName),
            result => TypedResults.Created(
                $"/api/rounds/{roundId}/spending",
                result.Round.Spending.Spends[^1].ToDto()),
            cancellationToken);
    }

    private static Task<Results<Ok<SpendDto>, ProblemHttpResult>> ApproveSpend(RoundId roundId, int spend, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken) =>
        RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new ApproveSpend(by, spend, context.GetCaller().DisplayName),
            result => Decided(result, spend),
            cancellationToken);

    private static async Task<Results<Ok<SpendDto>, ProblemHttpResult>> RejectSpend(RoundId roundId, int spend, SpendRejectionRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Reason is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("reason"));
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new RejectSpend(by, spend, request.Reason, context.GetCaller().DisplayName),
            result => Decided(result, spend),
            cancellationToken);
    }

    private static async Task<Results<Ok<ProjectSpendingDto>, ProblemHttpResult>> ApproveOverrun(RoundId roundId, OverrunRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var missing = request switch
        {
            { ProposalId: null } => "proposalId",
            { AmountCents: null } => "amountCents",
            { Reason: null } => "reason",
            _ => null,
        };
        if (missing is not null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing(missing));
        }

        if (ProposalNumber(request.ProposalId!.Value) is { } badProposal)
        {
            return Problems.Problems.From(context, badProposal);
        }

        var proposal = new ProposalId(request.ProposalId.Value);
        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new ApproveOverrun(by, proposal, new Money(request.AmountCents!.Value), request.Reason!),
            result => TypedResults.Ok(SpendingMapping.ToDto(result.Round, Funded(result.Round, proposal))),
            cancellationToken);
    }

    private static async Task<Results<Ok<ProjectSpendingDto>, ProblemHttpResult>> ReportProgress(
        RoundId roundId, ProposalId proposalId, ProgressRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Status is null || request.PercentComplete is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing(request.Status is null ? "status" : "percentComplete"));
        }

        if (!SpendingNames.TryParse(request.Status, out var status))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("status", request.Status, string.Join(", ", Enum.GetValues<ProjectStatus>().Select(SpendingNames.Of))));
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: false,
            by => new ReportProgress(by, proposalId, status, request.PercentComplete.Value, request.Milestone),
            result => TypedResults.Ok(SpendingMapping.ToDto(result.Round, Funded(result.Round, proposalId))),
            cancellationToken);
    }

    private static Ok<SpendDto> Decided(CommandResult result, int spend) => TypedResults.Ok(result.Round.Spending.Find(spend)!.ToDto());

    private static Domain.Outcomes.ProposalResult Funded(RoundOverview state, ProposalId proposal) => state.Outcome!.Results.First(r => r.Proposal == proposal);

    private static DomainError? ProposalNumber(int number) =>
        number < 1 ? RoundMapping.Invalid("proposalId", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "a proposal number") : null;
}
