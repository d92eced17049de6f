using System.Globalization;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Access;

/// <summary>Object-level authorisation and the command round trip, shared by every round endpoint. The route
/// group's policy says which role may call; these checks say for which wijk.</summary>
internal static class RoundAccess
{
    /// <summary>Present, with the first sequence at fault, on every answer about a round whose stored hash chain is
    /// broken: every view of the round (and every refusal) carries the warning, whatever its body's shape.</summary>
    public const string BrokenAtHeader = "Buurtbudget-Round-Broken-At";

    /// <summary>The round's committed state, or a 404 problem when there is no such round.</summary>
    public static async Task<(RoundOverview? State, ProblemHttpResult? Problem)> LoadAsync(HttpContext context, IRoundGrain grain, CancellationToken cancellationToken)
    {
        var (state, _, problem) = await LoadWithIntegrityAsync(context, grain, cancellationToken);
        return (state, problem);
    }

    /// <summary>Whether anyone may see a round in <paramref name="phase"/> without an account: every phase but draft,
    /// which is the wijk's staff preparing it.</summary>
    public static bool IsPublic(RoundPhase phase) => phase != RoundPhase.Draft;

    /// <summary>The round's committed state and whether its stored chain held, or a 404 problem when there is no such
    /// round, or when it is in draft and the caller is anonymous (<see cref="IsPublic"/>). Marks the answer with
    /// <see cref="BrokenAtHeader"/> when the chain is broken.</summary>
    public static async Task<(RoundOverview? State, RoundIntegrity Integrity, ProblemHttpResult? Problem)> LoadWithIntegrityAsync(
        HttpContext context, IRoundGrain grain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grain);
        var (state, integrity) = await grain.GetViewAsync();
        if (!state.Exists || (!IsPublic(state.Phase) && !context.TryGetCaller(out _)))
        {
            return (null, RoundIntegrity.Intact, Problems.Problems.Of(context, RoundErrors.RoundNotFound, ("round", grain.RoundId())));
        }

        MarkBroken(context, integrity.BrokenAt);
        return (state, integrity, null);
    }

    /// <summary>Sets <see cref="BrokenAtHeader"/> when the round's chain is broken at <paramref name="brokenAt"/>.</summary>
    private static void MarkBroken(HttpContext context, long? brokenAt)
    {
        if (brokenAt is { } sequence)
        {
            context.Response.Headers[BrokenAtHeader] = sequence.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static ProblemHttpResult Broken(HttpContext context, long? brokenAt)
    {
        MarkBroken(context, brokenAt);
        return Problems.Problems.Of(context, ProblemCatalog.RoundBroken);
    }

    /// <summary>Residents take part only in rounds of the wijk they live in.</summary>
    public static ProblemHttpResult? RequireResidentOf(HttpContext context, Caller caller, RoundOverview state)
    {
        var district = state.District!.Code;
        return caller.IsResidentOf(district) ? null : Problems.Problems.Of(context, ProblemCatalog.NotYourDistrict, ("district", district));
    }

    /// <summary>What the identity broker verified about the caller as a voter, for the round to check in the turn that
    /// decides their ballot (wijk, age, register). Read from the token for this request only, never stored.</summary>
    public static VoterFacts VoterFactsOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new VoterFacts(
            caller.ParticipantKey,
            caller.IsResident ? caller.Districts : [],
            caller.IsBusinessOwner ? caller.Districts : [],
            caller.BirthDate);
    }

    /// <summary>Coordinators run only the rounds of the wijken they coordinate; admins (the municipality) may
    /// also change rules and move phases where <paramref name="adminMayToo"/>.</summary>
    public static ProblemHttpResult? RequireCoordinatorOf(HttpContext context, Caller caller, RoundOverview state, bool adminMayToo)
    {
        var district = state.District!.Code;
        if (caller.CoordinatesDistrict(district) || (adminMayToo && caller.IsAdmin))
        {
            return null;
        }

        return Problems.Problems.Of(context, ProblemCatalog.NotYourDistrict, ("district", district));
    }

    /// <summary>Whether the caller sees the running tally now: staff of the round and auditors always,
    /// residents when the round shows it live or once voting has closed.</summary>
    public static bool MaySeeTally(Caller caller, RoundOverview state) =>
        state.Phase >= RoundPhase.Tallied
        || caller.IsAuditor
        || caller.IsAdmin
        || caller.CoordinatesDistrict(state.District!.Code)
        || (state.Rules?.LiveTallyVisible == true && state.Phase == RoundPhase.Voting);

    /// <summary>Sends a command and answers with its outcome: the caller's response when it is durable, the round's
    /// reason when it is refused, 503 with a retry hint when storage failed (nothing was stored then).</summary>
    /// <typeparam name="TOk">The typed success result, so that the endpoint's declared results (and its OpenAPI
    /// description) name the body it answers.</typeparam>
    public static async Task<Results<TOk, ProblemHttpResult>> SendAsync<TOk>(
        HttpContext context,
        IRoundGrain grain,
        RoundCommand command,
        Func<CommandResult, TOk> onCommitted,
        CancellationToken cancellationToken)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(onCommitted);
        var result = await grain.ExecuteAsync(command);
        if (Failure(context, result) is { } problem)
        {
            return problem;
        }

        return onCommitted(result);
    }

    /// <summary>The problem to answer for a command the round did not commit: its reason when refused, 503 with a
    /// retry hint when storage failed (nothing was stored then), 409 when the round's stored chain is broken (nothing
    /// was stored, and a retry will not help); null when it was committed.</summary>
    public static ProblemHttpResult? Failure(HttpContext context, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Failure(context, result.Status, result.Error, result.BrokenAt);
    }

    /// <inheritdoc cref="Failure(HttpContext, CommandResult)"/>
    public static ProblemHttpResult? Failure(HttpContext context, BallotResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Failure(context, result.Status, result.Error, result.BrokenAt);
    }

    private static ProblemHttpResult? Failure(HttpContext context, CommandStatus status, DomainError? error, long? brokenAt) =>
        status switch
        {
            CommandStatus.Committed => null,
            CommandStatus.Rejected => Problems.Problems.From(context, error!),
            CommandStatus.RoundBroken => Broken(context, brokenAt),
            _ => Problems.Problems.StorageUnavailable(context),
        };

    /// <summary>Sends a ballot and answers with the voter's ballot and its receipt once it is durable, or with the
    /// problem of <see cref="Failure(HttpContext, BallotResult)"/>.</summary>
    public static async Task<Results<SizedOk<BallotDto>, ProblemHttpResult>> AnswerBallotAsync(
        HttpContext context, IRoundGrain grain, CastBallot ballot, VoterFacts? voter, IEventStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var result = await grain.CastBallotAsync(ballot, voter);
        if (Failure(context, result) is { } problem)
        {
            return problem;
        }

        return SizedResults.Ok(await result.Ballot!.ToDtoAsync(grain.RoundId(), store, result.Cast, cancellationToken));
    }

    /// <summary>Loads the round, checks that the caller is a resident of its wijk, and sends the command.</summary>
    public static async Task<Results<TOk, ProblemHttpResult>> AsResidentAsync<TOk>(
        HttpContext context, IRoundGrain grain, Func<ParticipantKey, RoundCommand> command, Func<CommandResult, TOk> onCommitted, CancellationToken cancellationToken)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(command);
        var (state, problem) = await LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RequireResidentOf(context, caller, state!) is { } forbidden)
        {
            return forbidden;
        }

        return await SendAsync(context, grain, command(caller.ParticipantKey), onCommitted, cancellationToken);
    }

    /// <summary>Loads the round, checks that the caller coordinates its wijk (or is an admin, where allowed),
    /// and sends the command.</summary>
    public static async Task<Results<TOk, ProblemHttpResult>> AsCoordinatorAsync<TOk>(
        HttpContext context,
        IRoundGrain grain,
        bool adminMayToo,
        Func<ParticipantKey, RoundCommand> command,
        Func<CommandResult, TOk> onCommitted,
        CancellationToken cancellationToken)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(command);
        var (state, problem) = await LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RequireCoordinatorOf(context, caller, state!, adminMayToo) is { } forbidden)
        {
            return forbidden;
        }

        return await SendAsync(context, grain, command(caller.ParticipantKey), onCommitted, cancellationToken);
    }
}
