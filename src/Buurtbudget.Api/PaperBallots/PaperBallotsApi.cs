using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Api.VotingCodes;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.PaperBallots;

/// <summary>Paper ballots at a voting evening: the wijk's coordinators type each pile twice (two different
/// coordinators), settle the differences, and commit it; auditors read the batches and their totals. A paper ballot's
/// person is the code printed on it, hashed exactly as a code ballot's (<see cref="VotingCodeKeys.For"/>), so whatever
/// a code stands for, a paper ballot with that code stands for the same. Codes travel only in request bodies.</summary>
internal static class PaperBallotsApi
{
    private const string SpoiledReason = "Ongeldig stembiljet / spoiled paper";

    public static void MapPaperBallotsApi(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/api/rounds/{roundId}/paper-batches").WithTags("Paper ballots").RequireAuthorization(Policies.SignedIn);
        batches.MapGet("", List).WithName("ListPaperBatches").ProducesProblems(403, 404, 503)
            .WithSummary("The round's batches of paper ballots: how far each typing is, the number of differences once both are finished, and the totals once counted. The wijk's coordinators and auditors.");
        batches.MapPost("", Open).WithName("OpenPaperBatch").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Starts a batch (one pile of paper ballots of a voting evening) while voting is open. Coordinators of the round's wijk.");
        batches.MapGet("/{batch:int}", Get).WithName("GetPaperBatch").ProducesProblems(403, 404, 503)
            .WithSummary("One batch, as in the list. The wijk's coordinators and auditors.");
        batches.MapPut("/{batch:int}/entries/{pass:int}/{position:int}", Enter).WithName("EnterPaperBallot").RequireAuthorization(Policies.Coordinator)
            .ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Types (or corrects) ballot {position} of the pile in entry 1 or 2. The first coordinator to type in an entry owns it; the other entry must be typed by a different coordinator. Coordinators of the round's wijk.");
        batches.MapGet("/{batch:int}/entries/{pass:int}", GetEntries).WithName("GetPaperEntries").RequireAuthorization(Policies.Coordinator).ProducesProblems(403, 404, 503)
            .WithSummary("One's own entry of a batch, to go on where one left off; nobody else's. The entry's typist only.");
        batches.MapPost("/{batch:int}/entries/{pass:int}/finish", Finish).WithName("FinishPaperEntry").RequireAuthorization(Policies.Coordinator).ProducesProblems(400, 403, 404, 409, 503)
            .WithSummary("Finishes one's entry of a batch. Once both are finished the differences are shown. The entry's typist.");
        batches.MapGet("/{batch:int}/disagreements", Disagreements).WithName("ListPaperDisagreements").ProducesProblems(403, 404, 409, 503)
            .WithSummary("The ballots whose two entries differ, with both entries and how each was settled; once both entries are finished. The wijk's coordinators and auditors.");
        batches.MapPost("/{batch:int}/disagreements/{position:int}/resolution", Resolve).WithName("ResolvePaperDisagreement").RequireAuthorization(Policies.Coordinator)
            .ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Settles a difference after a third look at the paper: keep the first or second entry, type the ballot again, or set it aside with a reason. Coordinators of the round's wijk.");
        batches.MapPost("/{batch:int}/commit", Commit).WithName("CommitPaperBatch").RequireAuthorization(Policies.Coordinator).ProducesProblems(403, 404, 409, 503)
            .WithSummary("Counts a batch whose differences are all settled: each ballot replaces any earlier ballot of its code; the batch's totals go into the round's log. Coordinators of the round's wijk.");
    }

    private static async Task<Results<Ok<IReadOnlyList<PaperBatchDto>>, ProblemHttpResult>> List(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (all, caller, problem) = await ReadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        return problem ?? (Results<Ok<IReadOnlyList<PaperBatchDto>>, ProblemHttpResult>)TypedResults.Ok<IReadOnlyList<PaperBatchDto>>([.. all.Select(b => b.ToDto(caller))]);
    }

    private static async Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> Get(RoundId roundId, int batch, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (all, caller, problem) = await ReadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return Find(context, all, batch, out var found) ?? (Results<Ok<PaperBatchDto>, ProblemHttpResult>)TypedResults.Ok(found!.ToDto(caller));
    }

    private static async Task<Results<Created<PaperBatchDto>, ProblemHttpResult>> Open(RoundId roundId, PaperBatchRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var caller = context.GetCaller();
        return await RoundAccess.AsCoordinatorAsync(
            context,
            grain,
            adminMayToo: false,
            by => new OpenPaperBatch(by, request.Label ?? ""),
            committed =>
            {
                var opened = (PaperBatchOpened)committed.Events[0];
                var batch = new PaperBatch(opened.Batch, opened.Label, opened.By, opened.At, PaperPass.Empty, PaperPass.Empty, ImmutableSortedDictionary<int, PaperResolution>.Empty);
                return TypedResults.Created($"/api/rounds/{roundId}/paper-batches/{opened.Batch}", batch.ToDto(caller.ParticipantKey));
            },
            cancellationToken);
    }

    private static async Task<Results<Ok<PaperEntryDto>, ProblemHttpResult>> Enter(
        RoundId roundId, int batch, int pass, int position, PaperBallotRequest request, IGrainFactory grains, ParticipantHasher hasher, HttpContext context, CancellationToken cancellationToken)
    {
        if (PassOf(pass) is not { } entry)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("pass", pass.ToString(CultureInfo.InvariantCulture), "1 or 2"));
        }

        var (mark, invalid) = MarkOf(request, roundId, position, hasher);
        if (invalid is not null)
        {
            return Problems.Problems.From(context, invalid);
        }

        var grain = grains.GetRoundGrain(roundId);
        var sent = await RoundAccess.AsCoordinatorAsync(
            context, grain, adminMayToo: false, by => new EnterPaperBallot(by, batch, entry, position, mark!), TypedResults.Ok, cancellationToken);
        if (sent.Result is ProblemHttpResult refused)
        {
            return refused;
        }

        // The answer is the caller's own typing only, read back after the write: never the other entry.
        var typed = (await grain.GetPaperBatchesAsync())[batch - 1].PassOf(entry);
        return TypedResults.Ok(new PaperEntryDto(batch, pass, position, typed.Ballots.Count, typed.Ballots.Count + 1, typed.Ballots[position].ToDto()));
    }

    private static async Task<Results<Ok<PaperPassEntriesDto>, ProblemHttpResult>> GetEntries(RoundId roundId, int batch, int pass, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (PassOf(pass) is not { } entry)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("pass", pass.ToString(CultureInfo.InvariantCulture), "1 or 2"));
        }

        var (all, caller, problem) = await ReadAsync(context, grains.GetRoundGrain(roundId), cancellationToken, coordinatorsOnly: true);
        if (problem is not null)
        {
            return problem;
        }

        if (Find(context, all, batch, out var found) is { } missing)
        {
            return missing;
        }

        var typing = found!.PassOf(entry);
        if (typing.Typist is { } typist && typist != caller)
        {
            return Problems.Problems.From(context, DomainError.Of(RoundErrors.PaperEntryNotYours, ("batch", batch), ("pass", pass)));
        }

        return TypedResults.Ok(new PaperPassEntriesDto(batch, pass, typing.Finished, [.. typing.Ballots.Select(b => new PaperEntryLineDto(b.Key, b.Value.ToDto()))]));
    }

    private static async Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> Finish(RoundId roundId, int batch, int pass, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (PassOf(pass) is not { } entry)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("pass", pass.ToString(CultureInfo.InvariantCulture), "1 or 2"));
        }

        return await SendAsync(context, grains.GetRoundGrain(roundId), batch, by => new FinishPaperEntry(by, batch, entry), cancellationToken);
    }

    private static async Task<Results<Ok<IReadOnlyList<PaperDisagreementDto>>, ProblemHttpResult>> Disagreements(
        RoundId roundId, int batch, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (all, _, problem) = await ReadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (Find(context, all, batch, out var found) is { } missing)
        {
            return missing;
        }

        if (!found!.BothFinished)
        {
            return Problems.Problems.From(context, DomainError.Of(RoundErrors.PaperEntriesUnfinished, ("batch", batch)));
        }

        return TypedResults.Ok<IReadOnlyList<PaperDisagreementDto>>([.. found.Disagreements().Select(found.ToDisagreement)]);
    }

    private static async Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> Resolve(
        RoundId roundId, int batch, int position, PaperResolutionRequest request, IGrainFactory grains, ParticipantHasher hasher, HttpContext context, CancellationToken cancellationToken)
    {
        var given = (request.Keep is null ? 0 : 1) + (request.Ballot is null ? 0 : 1) + (request.SetAsideReason is null ? 0 : 1);
        if (given != 1)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("keep|ballot|setAsideReason", null, "exactly one of keep (first, second), ballot or setAsideReason"));
        }

        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RoundAccess.RequireCoordinatorOf(context, caller, state!, adminMayToo: false) is { } forbidden)
        {
            return forbidden;
        }

        PaperBallotMark? counted = null;
        var reason = request.SetAsideReason;
        if (request.Ballot is { } typed)
        {
            (counted, var invalid) = MarkOf(typed, roundId, position, hasher);
            if (invalid is not null)
            {
                return Problems.Problems.From(context, invalid);
            }
        }
        else if (request.Keep is { } keep)
        {
            PaperEntryPass? side = keep switch { "first" => PaperEntryPass.First, "second" => PaperEntryPass.Second, _ => null };
            if (side is null)
            {
                return Problems.Problems.From(context, RoundMapping.Invalid("keep", keep, "first, second"));
            }

            if (Find(context, await grain.GetPaperBatchesAsync(), batch, out var found) is { } missing)
            {
                return missing;
            }

            if (!found!.PassOf(side.Value).Ballots.TryGetValue(position, out var kept))
            {
                return Problems.Problems.From(context, RoundMapping.Invalid("keep", keep, "an entry that holds this ballot"));
            }

            // Keeping a spoiled entry means the paper is spoiled: it is set aside, not counted.
            counted = kept.Spoiled ? null : kept;
            reason = kept.Spoiled ? SpoiledReason : null;
        }

        return await AnswerAsync(context, grain, batch, new ResolvePaperBallot(caller.ParticipantKey, batch, position, counted, reason), cancellationToken);
    }

    private static Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> Commit(RoundId roundId, int batch, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken) =>
        SendAsync(context, grains.GetRoundGrain(roundId), batch, by => new CommitPaperBatch(by, batch), cancellationToken);

    /// <summary>Sends a command about a batch as a coordinator of the round's wijk, and answers with the batch after it.</summary>
    private static async Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> SendAsync(
        HttpContext context, IRoundGrain grain, int batch, Func<ParticipantKey, RoundCommand> command, CancellationToken cancellationToken)
    {
        var sent = await RoundAccess.AsCoordinatorAsync(context, grain, adminMayToo: false, command, TypedResults.Ok, cancellationToken);
        return sent.Result is ProblemHttpResult refused ? refused : await BatchAsync(context, grain, batch);
    }

    /// <summary>Sends a command the caller was already authorised for, and answers with the batch after it.</summary>
    private static async Task<Results<Ok<PaperBatchDto>, ProblemHttpResult>> AnswerAsync(
        HttpContext context, IRoundGrain grain, int batch, RoundCommand command, CancellationToken cancellationToken)
    {
        var sent = await RoundAccess.SendAsync(context, grain, command, TypedResults.Ok, cancellationToken);
        return sent.Result is ProblemHttpResult refused ? refused : await BatchAsync(context, grain, batch);
    }

    private static async Task<Ok<PaperBatchDto>> BatchAsync(HttpContext context, IRoundGrain grain, int batch) =>
        TypedResults.Ok((await grain.GetPaperBatchesAsync())[batch - 1].ToDto(context.GetCaller().ParticipantKey));

    /// <summary>The round's batches for a reader: a coordinator of its wijk, or an auditor unless
    /// <paramref name="coordinatorsOnly"/>.</summary>
    private static async Task<(ImmutableArray<PaperBatch> Batches, ParticipantKey Caller, ProblemHttpResult? Problem)> ReadAsync(
        HttpContext context, IRoundGrain grain, CancellationToken cancellationToken, bool coordinatorsOnly = false)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return ([], default, problem);
        }

        var caller = context.GetCaller();
        if ((coordinatorsOnly || !caller.IsAuditor) && RoundAccess.RequireCoordinatorOf(context, caller, state!, adminMayToo: false) is { } forbidden)
        {
            return ([], default, forbidden);
        }

        return (await grain.GetPaperBatchesAsync(), caller.ParticipantKey, null);
    }

    private static ProblemHttpResult? Find(HttpContext context, ImmutableArray<PaperBatch> all, int number, out PaperBatch? found)
    {
        found = number >= 1 && number <= all.Length ? all[number - 1] : null;
        return found is null ? Problems.Problems.From(context, DomainError.Of(RoundErrors.PaperBatchNotFound, ("batch", number))) : null;
    }

    private static PaperEntryPass? PassOf(int pass) => pass switch
    {
        1 => PaperEntryPass.First,
        2 => PaperEntryPass.Second,
        _ => null,
    };

    /// <summary>The typed ballot as the round takes it: the code's keyed hash (the plain code goes no further than this
    /// method), or the error to answer. A code that cannot be one is answered like a code the round did not issue.</summary>
    private static (PaperBallotMark? Mark, DomainError? Error) MarkOf(PaperBallotRequest request, RoundId roundId, int position, ParticipantHasher hasher)
    {
        if (request.Spoiled == true)
        {
            return (PaperBallotMark.SpoiledPaper, null);
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return (null, RoundMapping.Missing("code"));
        }

        if (BallotMapping.ToChoices(request.Choices, out var choices) is { } invalid)
        {
            return (null, invalid);
        }

        return VotingCode.TryNormalize(request.Code, out var code)
            ? (new PaperBallotMark(VotingCodeKeys.For(hasher, roundId, code), choices), null)
            : (null, DomainError.Of(RoundErrors.PaperBallotCodeNotIssued, ("position", position)));
    }
}
