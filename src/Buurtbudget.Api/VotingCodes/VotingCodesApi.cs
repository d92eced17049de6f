using Buurtbudget.Api.OpenApi;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.VotingCodes;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.VotingCodes;
using Microsoft.Extensions.Options;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>Voting codes by post: the wijk's coordinators (and admins) issue batches of one-time codes for letters,
/// residents vote with a code without an account. A code travels only in request and response bodies, never in a
/// URL, so the request log (route templates only) cannot hold one either.</summary>
internal static class VotingCodesApi
{
    public const string ShownOnceNotice =
        "Deze codes worden maar één keer getoond en nergens leesbaar bewaard: bewaar of druk ze nu af. / "
        + "These codes are shown only once and are not stored readably anywhere: save or print them now.";

    public static void MapVotingCodesApi(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/api/rounds/{roundId}/voting-codes").WithTags("Voting codes").RequireAuthorization(Policies.SignedIn);
        codes.MapPost("", Issue).WithName("IssueVotingCodes").RequireAuthorization(ApiPolicies.RunRound)
            .ProducesFile("text/csv", "text/html").ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithSummary("Issues 1 to 50,000 one-time voting codes for letters, until voting closes; answers them once, as JSON, CSV or printable HTML letters (format=json|csv|html or the Accept header). The wijk's coordinators and admins.");
        codes.MapGet("", GetUse).WithName("GetVotingCodeUse").ProducesProblems(403, 404, 503)
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.Resource is HttpContext http && http.TryGetCaller(out var caller) && (caller.IsCoordinator || caller.IsAdmin || caller.IsAuditor)))
            .WithSummary("How many codes were issued and how many voted, never which code voted what. The wijk's coordinators, admins and auditors.");

        var byCode = app.MapGroup("/api/rounds/{roundId}/ballot/by-code").WithTags("Voting codes").AllowAnonymous();
        // Code entry is rate limited per address and per round, so that guessing stops long before it could succeed.
        byCode.MapPut("", CastByCode).WithName("CastBallotByCode").RequireRateLimiting(RateLimitPolicies.VotingCode).ProducesProblems(400, 404, 409, 422, 503)
            .WithSummary("Casts the ballot of a voting code, replacing any earlier one of that code, while voting is open; answers with the ballot's receipt code. Anyone with a code; no account needed.");
        byCode.MapPost("/lookup", GetByCode).WithName("GetBallotByCode").RequireRateLimiting(RateLimitPolicies.VotingCode).ProducesProblems(400, 404, 422, 503)
            .WithSummary("Reads back the ballot of a voting code (the code goes in the body, never in the URL). Anyone with the code.");
        byCode.MapPost("/ballot-paper", GetBallotPaper).WithName("GetBallotPaperByCode").RequireRateLimiting(RateLimitPolicies.VotingCode).ProducesProblems(400, 404, 409, 422, 503)
            .WithSummary("The round, the proposals on its ballot and the code's ballot so far (null before the first cast): what a resident needs to vote with a code and no account. Anyone with a code the round issued, once voting has opened.");

        // The code alone, from the home page or a letter that names no round: found through the voting-code index, under
        // the same per-address limits as every other code entry.
        app.MapPost("/api/voting-codes/ballot-paper", FindBallotPaper).WithTags("Voting codes").WithName("FindBallotPaperByCode")
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.VotingCode).ProducesProblems(400, 404, 409, 422, 503)
            .WithSummary("As the round's ballot paper by code, for a code alone: finds the round that issued it (by a keyed hash of the code, never the code itself) and answers its ballot paper. Anyone with a code; no account needed.");
    }

    private static async Task<Results<Ok<VotingCodeBatchDto>, PushStreamHttpResult, ProblemHttpResult>> Issue(
        RoundId roundId,
        string? format,
        IssueVotingCodesRequest request,
        IGrainFactory grains,
        ParticipantHasher hasher,
        IVotingCodeIndex codeIndex,
        IOptions<VotingCodeOptions> options,
        ILoggerFactory loggers,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!VotingCodeFormats.TryChoose(format, context.Request, out var chosen))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("format", format, VotingCodeFormats.Allowed));
        }

        if (request.Count is not { } count)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("count"));
        }

        // Checked before drawing, so that a request for a billion codes costs nothing.
        if (VotingCode.CheckBatchSize(count) is { } tooMany)
        {
            return Problems.Problems.From(context, tooMany);
        }

        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (RoundAccess.RequireCoordinatorOf(context, caller, state!, adminMayToo: true) is { } forbidden)
        {
            return forbidden;
        }

        var plain = new string[count];
        var keys = new ParticipantKey[count];
        var indexKeys = new string[count];
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        for (var index = 0; index < count; index++)
        {
            string code;
            do
            {
                code = VotingCode.Generate();
            }
            while (!seen.Add(code));

            plain[index] = VotingCode.Format(code);
            keys[index] = VotingCodeKeys.For(hasher, roundId, code);
            indexKeys[index] = VotingCodeKeys.IndexKeyFor(hasher, code);
        }

        // Indexed first: a code handed out must find its round. Should the round then refuse the batch, the index points
        // at a round that never issued these codes, which that round answers as it answers any unknown code.
        await codeIndex.AddVotingCodesAsync(roundId, indexKeys, cancellationToken);
        var result = await grain.ExecuteAsync(new IssueVotingCodes(caller.ParticipantKey, [.. keys]));
        if (RoundAccess.Failure(context, result) is { } failed)
        {
            return failed;
        }

        // The codes exist nowhere else: no cache may keep a copy of this answer.
        context.Response.Headers.CacheControl = "no-store";
        if (chosen == VotingCodeFormat.Html)
        {
            context.Response.Headers.ContentSecurityPolicy = VotingCodeLetters.ContentSecurityPolicy;
        }

        var batch = result.Round.VotingCodeBatches;
        VotingCodeBatchLog.HandedOut(loggers.CreateLogger(VotingCodeBatchLog.Category), roundId, batch, count, chosen, caller.ParticipantKey);
        var committed = result.Round;
        return chosen switch
        {
            VotingCodeFormat.Csv => TypedResults.Stream(
                stream => WriteAsync(stream, writer => VotingCodeLetters.WriteCsvAsync(writer, batch, plain)),
                "text/csv; charset=utf-8",
                $"stemcodes-{roundId}-batch-{batch}.csv"),
            VotingCodeFormat.Html => TypedResults.Stream(
                stream => WriteAsync(stream, writer => VotingCodeLetters.WriteHtmlAsync(writer, committed, VotingUrl(options.Value, context.Request, roundId), plain)),
                "text/html; charset=utf-8"),
            _ => TypedResults.Ok(new VotingCodeBatchDto(roundId, batch, count, ShownOnceNotice, plain)),
        };
    }

    private static async Task<Results<Ok<VotingCodeUseDto>, ProblemHttpResult>> GetUse(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (!caller.IsAuditor && RoundAccess.RequireCoordinatorOf(context, caller, state!, adminMayToo: true) is { } forbidden)
        {
            return forbidden;
        }

        var use = await grains.GetRoundGrain(roundId).GetVotingCodeUseAsync();
        return TypedResults.Ok(new VotingCodeUseDto(use.Issued, use.Used, use.Batches));
    }

    private static async Task<Results<SizedOk<BallotDto>, ProblemHttpResult>> CastByCode(
        RoundId roundId,
        BallotByCodeRequest request,
        IGrainFactory grains,
        ParticipantHasher hasher,
        IEventStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (BallotMapping.ToChoices(request.Choices, out var choices) is { } invalid)
        {
            return Problems.Problems.From(context, invalid);
        }

        var (key, _, problem) = await KeyOfAsync(context, grains.GetRoundGrain(roundId), hasher, request.Code, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Whether the round knows this code, and whose ballot it is, is the round's own rule, decided in its turn.
        return await RoundAccess.AnswerBallotAsync(
            context, grains.GetRoundGrain(roundId), new CastBallot(key, choices, BallotChannel.LetterCode), voter: null, store, cancellationToken);
    }

    private static async Task<Results<SizedOk<BallotDto>, ProblemHttpResult>> GetByCode(
        RoundId roundId,
        VotingCodeLookupRequest request,
        IGrainFactory grains,
        ParticipantHasher hasher,
        IEventStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var (_, voter, problem) = await IssuedCodeAsync(context, grains.GetRoundGrain(roundId), hasher, request.Code, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (voter!.Ballot is not { } ballot)
        {
            return Problems.Problems.Of(context, ProblemCatalog.NoBallotYet);
        }

        return SizedResults.Ok(await ballot.ToDtoAsync(roundId, store, cast: null, cancellationToken));
    }

    private static Task<Results<Ok<VotingCodeBallotDto>, ProblemHttpResult>> GetBallotPaper(
        RoundId roundId,
        VotingCodeLookupRequest request,
        IGrainFactory grains,
        ParticipantHasher hasher,
        IEventStore store,
        HttpContext context,
        CancellationToken cancellationToken) =>
        BallotPaperAsync(roundId, request.Code, grains, hasher, store, context, cancellationToken);

    private static async Task<Results<Ok<VotingCodeBallotDto>, ProblemHttpResult>> FindBallotPaper(
        VotingCodeLookupRequest request,
        IVotingCodeIndex index,
        IGrainFactory grains,
        ParticipantHasher hasher,
        IEventStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Problems.Problems.From(context, RoundMapping.Missing("code"));
        }

        // A code that cannot be one, and one no round issued, get the same answer: it says nothing about which codes exist.
        if (!VotingCode.TryNormalize(request.Code, out var code)
            || await index.FindRoundOfVotingCodeAsync(VotingCodeKeys.IndexKeyFor(hasher, code), cancellationToken) is not { } roundId)
        {
            return Problems.Problems.Of(context, ProblemCatalog.VotingCodeNotFound);
        }

        return await BallotPaperAsync(roundId, request.Code, grains, hasher, store, context, cancellationToken);
    }

    /// <summary>The ballot paper of a code the round issued: the round, its ballot's proposals and the code's ballot.</summary>
    private static async Task<Results<Ok<VotingCodeBallotDto>, ProblemHttpResult>> BallotPaperAsync(
        RoundId roundId, string? typed, IGrainFactory grains, ParticipantHasher hasher, IEventStore store, HttpContext context, CancellationToken cancellationToken)
    {
        // Only a code the round issued opens its ballot paper, so the answer says nothing to someone guessing codes.
        var grain = grains.GetRoundGrain(roundId);
        var (view, voter, problem) = await IssuedCodeAsync(context, grain, hasher, typed, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var round = view!.Round;
        if (round.Phase < RoundPhase.Voting)
        {
            return Problems.Problems.Of(context, RoundErrors.WrongPhase, ("action", "ballot-paper"), ("phase", RoundMapping.Name(round.Phase)), ("allowed", "voting, tallied, spending, closed"));
        }

        var ballot = voter!.Ballot is { } cast ? await cast.ToDtoAsync(roundId, store, cast: null, cancellationToken) : null;
        return TypedResults.Ok(new VotingCodeBallotDto(
            round.ToDto(view.Integrity),
            [.. round.BallotOptions.Select(option => round.Proposals[option.Proposal].ToDto(null))],
            ballot));
    }

    /// <summary>The round as it stands and what it holds about a code it issued; an invented code is refused exactly as
    /// one of another round.</summary>
    private static async Task<(RoundView? Round, VoterView? Voter, ProblemHttpResult? Problem)> IssuedCodeAsync(
        HttpContext context, IRoundGrain grain, ParticipantHasher hasher, string? typed, CancellationToken cancellationToken)
    {
        var (key, round, problem) = await KeyOfAsync(context, grain, hasher, typed, cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        var voter = await grain.GetVoterAsync(key);
        return voter.HoldsVotingCode ? (round, voter, null) : (null, null, Problems.Problems.Of(context, RoundErrors.UnknownVotingCode));
    }

    /// <summary>The round must exist and the code must look like one; a code that does not is answered exactly as a
    /// code the round never issued, so the answer says nothing about which codes exist.</summary>
    private static async Task<(ParticipantKey Key, RoundView? Round, ProblemHttpResult? Problem)> KeyOfAsync(
        HttpContext context, IRoundGrain grain, ParticipantHasher hasher, string? typed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return (default, null, Problems.Problems.From(context, RoundMapping.Missing("code")));
        }

        var (round, integrity, problem) = await RoundAccess.LoadWithIntegrityAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return (default, null, problem);
        }

        return VotingCode.TryNormalize(typed, out var code)
            ? (VotingCodeKeys.For(hasher, grain.RoundId(), code), new RoundView(round!, integrity), null)
            : (default, null, Problems.Problems.Of(context, RoundErrors.UnknownVotingCode));
    }

    /// <summary>The address printed on the letters: the configured one (a municipality's short address), or this
    /// platform's page for voting with a code in this round, so that the reader lands on the right ballot.</summary>
    private static Uri VotingUrl(VotingCodeOptions options, HttpRequest request, RoundId roundId) =>
        options.VotingUrl ?? new Uri($"{request.Scheme}://{request.Host}/rondes/{roundId}/stemcode");

    private static async Task WriteAsync(Stream stream, Func<TextWriter, Task> write)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await write(writer);
        await writer.FlushAsync();
    }
}
