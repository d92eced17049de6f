using Buurtbudget.Actors.Wijken;
using Buurtbudget.Api.Audit;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Wijken;

/// <summary>A wijk's budget: admins of the municipality allocate money per year; the wijk's coordinators, auditors and
/// admins read it with its whole, verified history.</summary>
internal static class WijkBudgetApi
{
    public static RouteGroupBuilder MapWijkBudgetApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/wijken/{code}/budget").WithTags("Wijk budgets").RequireAuthorization(Policies.SignedIn);

        group.MapGet("", GetBudget).WithName("GetWijkBudget").ProducesProblems(403, 409, 422, 503)
            .WithSummary("The wijk's budget per year (allocated, reserved, spent, available), its rounds' reservations and settlements, and its hash-chained event log. The wijk's coordinators, auditors and admins.");
        group.MapPost("/allocations", Allocate).WithName("AllocateWijkBudget").RequireAuthorization(Policies.Admin).ProducesProblems(400, 409, 422, 503)
            .WithSummary("Allocates money to the wijk for a year, with a reason. Admins only.");
        return group;
    }

    private static async Task<Results<Ok<WijkBudgetDto>, ProblemHttpResult>> GetBudget(string code, IGrainFactory grains, IEventStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (!DistrictCode.TryParse(code, out var district))
        {
            return Problems.Problems.From(context, DistrictCode.InvalidError(code));
        }

        var caller = context.GetCaller();
        if (!(caller.IsAdmin || caller.IsAuditor || caller.CoordinatesDistrict(district)))
        {
            return Problems.Problems.Of(context, ProblemCatalog.NotYourWijkBudget, ("district", district));
        }

        var view = await grains.GetWijkBudgetGrain(district).GetViewAsync();
        return TypedResults.Ok(await ToDtoAsync(view.State, store, cancellationToken));
    }

    private static async Task<Results<Created<WijkBudgetDto>, ProblemHttpResult>> Allocate(
        string code, AllocateBudgetRequest request, IGrainFactory grains, IEventStore store, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (!DistrictCode.TryParse(code, out var district))
        {
            return Problems.Problems.From(context, DistrictCode.InvalidError(code));
        }

        if (request.AmountCents is not { } cents)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("amountCents"));
        }

        if (request.Reason is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("reason"));
        }

        var year = request.Year ?? BudgetYear.Containing(time.GetUtcNow());
        var command = new AllocateBudget(year, new Money(cents), request.Reason, context.GetCaller().ParticipantKey);
        var result = await grains.GetWijkBudgetGrain(district).ExecuteAsync(command);
        if (WijkBudgetAnswers.Failure(context, district, result) is { } failure)
        {
            return failure;
        }

        return TypedResults.Created($"/api/wijken/{district}/budget", await ToDtoAsync(result.State, store, cancellationToken));
    }

    /// <summary>The budget as its state has it, and its log as the store has it, verified from the first event.</summary>
    private static async Task<WijkBudgetDto> ToDtoAsync(WijkBudgetState state, IEventStore store, CancellationToken cancellationToken)
    {
        var stream = WijkBudgetStreams.StreamOf(state.District);
        var events = await store.ReadAsync(stream, 0, cancellationToken);
        var chain = EventChain.Verify(events);
        return new WijkBudgetDto(
            state.District.Value,
            [.. state.Years.Select(y => y.ToDto())],
            [.. state.Reservations.Select(r => r.ToDto())],
            [.. state.Settlements.Select(s => s.ToDto())],
            stream,
            events.Count == 0 ? 0 : events[^1].Sequence,
            chain.IsIntact,
            chain.Break?.ToString(),
            [.. events.Select(EventLogApi.ToDto)]);
    }
}

/// <summary>The problem to answer for a wijk budget command that was not committed; null when it was.</summary>
internal static class WijkBudgetAnswers
{
    public static ProblemHttpResult? Failure(HttpContext context, DistrictCode district, WijkBudgetResult result) => result.Status switch
    {
        WijkBudgetStatus.Committed => null,
        WijkBudgetStatus.Rejected => Problems.Problems.From(context, result.Error!),
        WijkBudgetStatus.LogBroken => Problems.Problems.Of(context, ProblemCatalog.WijkBudgetBroken, ("district", district), ("sequence", result.State.Version + 1)),
        _ => Problems.Problems.StorageUnavailable(context),
    };
}
