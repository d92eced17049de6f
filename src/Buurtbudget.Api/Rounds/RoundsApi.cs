using Buurtbudget.Actors.Rounds;
using Buurtbudget.Actors.Wijken;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Wijken;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Summaries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Rounds;

/// <summary>Budget rounds: create (admin), list and read (anyone, without an account; a round in draft only signed in), rules, calendar and phase (the wijk's
/// coordinators).</summary>
internal static class RoundsApi
{
    public static RouteGroupBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds").WithTags("Rounds").RequireAuthorization(Policies.SignedIn);

        group.MapGet("", ListRounds).WithName("ListRounds").AllowPublicRead().ProducesProblems(422, 503)
            .WithSummary("Lists budget rounds, newest first; optionally of one wijk or in one phase. Anyone; rounds in draft only to callers signed in.");
        group.MapPost("", CreateRound).WithName("CreateRound").RequireAuthorization(Policies.Admin).ProducesProblems(400, 409, 422, 503)
            .WithSummary("Creates a round for a wijk, in phase draft, reserving its budget from the wijk's budget of this year. Admins only.");
        group.MapGet("/{roundId}", GetRound).WithName("GetRound").AllowPublicRead().ProducesProblems(404, 503)
            .WithSummary("Reads one round. Anyone; a round in draft only callers signed in.");
        group.MapPut("/{roundId}/rules", ChangeRules).WithName("ChangeRules").RequireAuthorization(ApiPolicies.RunRound).ProducesProblems(404, 409, 422, 503)
            .WithSummary("Changes the rules until voting opens; a changed budget adjusts the round's reservation on the wijk's budget. The wijk's coordinators and admins.");
        group.MapPost("/{roundId}/phase", MovePhase).WithName("MovePhase").RequireAuthorization(ApiPolicies.RunRound).ProducesProblems(400, 404, 409, 503)
            .WithSummary("Moves the round to its next phase. The wijk's coordinators and admins.");
        group.MapPut("/{roundId}/calendar", SetCalendar).WithName("SetCalendar").RequireAuthorization(ApiPolicies.RunRound).ProducesProblems(400, 404, 409, 422, 503)
            .WithSummary("Sets when the round moves on by itself (submission opens and closes, voting opens and closes), until voting opens. The wijk's coordinators and admins.");
        group.MapDelete("/{roundId}/calendar", ClearCalendar).WithName("ClearCalendar").RequireAuthorization(ApiPolicies.RunRound).ProducesProblems(404, 409, 503)
            .WithSummary("Removes the round's calendar until voting opens; the round then moves on only by hand. The wijk's coordinators and admins.");
        return group;
    }

    /// <summary>Reads the round summaries the grains keep on commit: one query, however many rounds, and no round is
    /// activated for it.</summary>
    private static async Task<Results<Ok<List<RoundSummaryDto>>, ProblemHttpResult>> ListRounds(
        string? district,
        string? phase,
        IRoundSummaries summaries,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        DistrictCode? districtFilter = null;
        if (district is not null)
        {
            if (!DistrictCode.TryParse(district, out var code))
            {
                return Problems.Problems.From(context, DistrictCode.InvalidError(district));
            }

            districtFilter = code;
        }

        RoundPhase? phaseFilter = null;
        if (phase is not null)
        {
            if (!RoundMapping.TryParsePhase(phase, out var p))
            {
                return Problems.Problems.From(context, RoundMapping.Invalid("phase", phase, RoundMapping.AllowedPhaseNames));
            }

            phaseFilter = p;
        }

        var rounds = await summaries.ListSummariesAsync(districtFilter, phaseFilter, cancellationToken);
        var signedIn = context.TryGetCaller(out _);
        return TypedResults.Ok(rounds
            .Where(stored => signedIn || RoundAccess.IsPublic(stored.Phase))
            .Select(stored => RoundSummary.FromStored(stored).ToDto())
            .ToList());
    }

    private static async Task<Results<Created<RoundDto>, ProblemHttpResult>> CreateRound(
        CreateRoundRequest request, IGrainFactory grains, TimeProvider time, ILoggerFactory loggers, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DistrictCode))
        {
            return Problems.Problems.From(context, RoundMapping.Missing("districtCode"));
        }

        if (!DistrictCode.TryParse(request.DistrictCode.Trim(), out var code))
        {
            return Problems.Problems.From(context, DistrictCode.InvalidError(request.DistrictCode));
        }

        if (string.IsNullOrWhiteSpace(request.DistrictName))
        {
            return Problems.Problems.From(context, RoundMapping.Missing("districtName"));
        }

        if (string.IsNullOrWhiteSpace(request.MunicipalityName))
        {
            return Problems.Problems.From(context, RoundMapping.Missing("municipalityName"));
        }

        if (request.Title is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("title"));
        }

        var (rules, error) = request.Rules.ToDomain(current: null);
        error ??= RulesValidation.Check(rules!);
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        var caller = context.GetCaller();
        var grain = grains.GetRoundGrain(RoundId.New());
        var district = new District(code, request.DistrictName.Trim(), request.MunicipalityName.Trim());

        // The round draws from the wijk's allocation of the year it is created in (see WijkBudgetState).
        var (reserved, refused) = await RoundReservations.ReserveAsync(context, grains, code, grain.RoundId(), BudgetYear.Containing(time.GetUtcNow()), rules!.Budget, caller.ParticipantKey);
        if (refused is not null)
        {
            return refused;
        }

        var result = await grain.ExecuteAsync(new CreateRound(caller.ParticipantKey, grain.RoundId(), district, request.Title, rules));
        if (RoundReservations.StoredNothing(result))
        {
            await RoundReservations.UndoAsync(grains, code, reserved!, caller.ParticipantKey, loggers.CreateLogger(typeof(RoundReservations)));
        }

        if (RoundAccess.Failure(context, result) is { } failure)
        {
            return failure;
        }

        return TypedResults.Created($"/api/rounds/{grain.RoundId()}", result.ToDto());
    }

    private static async Task<Results<Ok<RoundDto>, ProblemHttpResult>> GetRound(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, integrity, problem) = await RoundAccess.LoadWithIntegrityAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(state!.ToDto(integrity));
    }

    private static async Task<Results<Ok<RoundDto>, ProblemHttpResult>> ChangeRules(
        RoundId roundId, RulesDto request, IGrainFactory grains, TimeProvider time, ILoggerFactory loggers, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Rules left out of the request keep their current value, so the current state is needed first.
        // Frozen rules are refused by the round as frozen, whatever they hold.
        var (rules, error) = request.ToDomain(state!.Rules);
        if (!state.RulesFrozen)
        {
            error ??= RulesValidation.Check(rules!);
        }

        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        var caller = context.GetCaller();
        if (RoundAccess.RequireCoordinatorOf(context, caller, state, adminMayToo: true) is { } forbidden)
        {
            return forbidden;
        }

        // Frozen rules are refused by the round whatever the budget; only rules that can still change touch the wijk's money.
        var district = state.District!.Code;
        WijkBudgetResult? reserved = null;
        if (!state.RulesFrozen)
        {
            var year = BudgetYear.Containing(state.CreatedAt ?? time.GetUtcNow());
            (reserved, var refused) = await RoundReservations.ReserveAsync(context, grains, district, roundId, year, rules!.Budget, caller.ParticipantKey);
            if (refused is not null)
            {
                return refused;
            }
        }

        var result = await grain.ExecuteAsync(new ChangeRules(caller.ParticipantKey, rules!));
        if (reserved is not null)
        {
            await RoundReservations.FollowRoundAsync(grains, district, roundId, caller.ParticipantKey, loggers.CreateLogger(typeof(RoundReservations)));
        }

        if (RoundAccess.Failure(context, result) is { } failure)
        {
            return failure;
        }

        return TypedResults.Ok(result.ToDto());
    }

    private static async Task<Results<Ok<RoundDto>, ProblemHttpResult>> MovePhase(
        RoundId roundId, MovePhaseRequest request, IGrainFactory grains, ILoggerFactory loggers, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.To is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("to"));
        }

        if (!RoundMapping.TryParsePhase(request.To, out var target) || target == RoundPhase.Draft)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("to", request.To, "submission, review, voting, tallied, spending, closed"));
        }

        CommandResult? committed = null;
        var answer = await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: true,
            by => PhaseCommand(target, by),
            result =>
            {
                committed = result;
                return TypedResults.Ok(result.ToDto());
            },
            cancellationToken);

        // What the funded projects did not use goes back to the wijk now (its summary, written with the close, says what
        // was spent); if this fails, the wijk settles the round the next time its budget is loaded.
        if (target == RoundPhase.Closed && committed is { Events.IsEmpty: false, Round.District: { } district })
        {
            await RoundReservations.SettleClosedAsync(grains, district.Code, roundId, loggers.CreateLogger(typeof(RoundReservations)));
        }

        return answer;
    }

    private static async Task<Results<Ok<RoundDto>, ProblemHttpResult>> SetCalendar(RoundId roundId, CalendarDto request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (calendar, error) = request.ToDomain();
        if (error is not null)
        {
            return Problems.Problems.From(context, error);
        }

        return await RoundAccess.AsCoordinatorAsync(
            context, grains.GetRoundGrain(roundId), adminMayToo: true, by => new SetCalendar(by, calendar!), result => TypedResults.Ok(result.ToDto()), cancellationToken);
    }

    private static Task<Results<Ok<RoundDto>, ProblemHttpResult>> ClearCalendar(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken) =>
        RoundAccess.AsCoordinatorAsync(
            context, grains.GetRoundGrain(roundId), adminMayToo: true, by => new ClearCalendar(by), result => TypedResults.Ok(result.ToDto()), cancellationToken);

    private static RoundCommand PhaseCommand(RoundPhase target, ParticipantKey by) => target switch
    {
        RoundPhase.Submission => new OpenSubmission(by),
        RoundPhase.Review => new StartReview(by),
        RoundPhase.Voting => new OpenVoting(by),
        RoundPhase.Tallied => new CloseVoting(by),
        RoundPhase.Spending => new StartSpending(by),
        RoundPhase.Closed => new CloseRound(by),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "A round never moves back to draft."),
    };
}
