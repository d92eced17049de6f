using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Audit;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Ballots;

/// <summary>A page of the bulletin board, ordered by receipt.</summary>
/// <param name="Entries">How many ballot events the board holds in all; <paramref name="Counted"/> of them counted.</param>
/// <param name="Next">The receipt to pass as <c>after</c> for the next page; null on the last page.</param>
/// <param name="Channels">Per channel: ballots that counted, and ballots superseded by the same person's later ballot
/// through another channel (counts only: no entry says its channel, which could narrow down whose it is). Read from
/// the round's state, which the same events made; <c>buurtbudget verify</c> recomputes them from the log.</param>
public sealed record BulletinBoardDto(RoundId RoundId, int Entries, int Counted, IReadOnlyList<BulletinEntryDto> Page, string? Next, IReadOnlyList<ChannelCountDto>? Channels = null);

/// <param name="Status">counted, or superseded when the same voter cast a later ballot.</param>
/// <param name="SupersededBy">The receipt of the ballot that replaced this one.</param>
public sealed record BulletinEntryDto(string Receipt, string Status, string? SupersededBy, IReadOnlyList<BallotChoiceDto> Choices);

/// <summary>The round's bulletin board once voting has closed: every ballot event's receipt with its anonymised choices,
/// counted or superseded, so that a resident can check that their ballot was counted as cast. Built from the stored,
/// hash-checked log, never from the actor's state.</summary>
internal static class BulletinBoardApi
{
    public const string Counted = "counted";
    public const string Superseded = "superseded";

    private const int MaxPage = 10_000;

    /// <summary>The boards kept in memory (<see cref="BulletinBoardCache"/>) and their bound.</summary>
    public static IServiceCollection AddBulletinBoard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<BulletinBoardOptions>, BulletinBoardOptionsValidator>();
        services.AddOptions<BulletinBoardOptions>().Bind(configuration.GetSection(BulletinBoardOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<BulletinBoardCache>();
        return services;
    }

    public static RouteGroupBuilder MapBulletinBoardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/bulletin-board").WithTags("Ballots").RequireAuthorization(Policies.SignedIn);
        group.MapGet("", GetBoard).WithName("GetBulletinBoard").AllowPublicRead().ProducesProblems(400, 404, 409, 503).WithWholeNumbersInQuery("limit")
            .WithSummary("The round's bulletin board: every ballot's receipt code with its anonymised choices, counted or superseded, ordered by receipt; built from the hash-checked event log. Page with after (a receipt) and limit (at most 10,000). Anyone, without an account, once voting has closed (as the results).");
        group.MapGet("/{receipt}", GetEntry).WithName("GetBulletinBoardEntry").AllowPublicRead().ProducesProblems(400, 404, 409, 503)
            .WithSummary("One entry of the round's bulletin board by its receipt code (case and dashes do not matter). Anyone, without an account, once voting has closed (as the results).");
        return group;
    }

    private static async Task<Results<Ok<BulletinBoardDto>, ProblemHttpResult>> GetBoard(
        RoundId roundId, string? after, string? limit, IGrainFactory grains, BulletinBoardCache boards, HttpContext context, CancellationToken cancellationToken)
    {
        if (!QueryNumbers.TryRead<long>(context, "limit", limit, out var pageSize, out var malformed))
        {
            return malformed;
        }

        BallotReceipt? from = null;
        if (after is not null)
        {
            if (!BallotReceipt.TryParse(after, out var parsed))
            {
                return Problems.Problems.From(context, BallotReceipt.InvalidError(after));
            }

            from = parsed;
        }

        var (board, channels, problem) = await ReadAsync(roundId, grains, boards, context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var page = board!.Page(from, (int)Math.Clamp(pageSize ?? 1_000, 1, MaxPage));
        var more = !page.IsEmpty && page[^1].Receipt < board.Entries[^1].Receipt;
        return TypedResults.Ok(new BulletinBoardDto(
            roundId,
            board.Entries.Length,
            board.Counted,
            [.. page.Select(ToDto)],
            more ? page[^1].Receipt.ToString() : null,
            BallotChannelNames.ToDtos(channels!)));
    }

    private static async Task<Results<Ok<BulletinEntryDto>, ProblemHttpResult>> GetEntry(
        RoundId roundId, string receipt, IGrainFactory grains, BulletinBoardCache boards, HttpContext context, CancellationToken cancellationToken)
    {
        if (!BallotReceipt.TryParse(receipt, out var wanted))
        {
            return Problems.Problems.From(context, BallotReceipt.InvalidError(receipt));
        }

        var (board, _, problem) = await ReadAsync(roundId, grains, boards, context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (board!.Find(wanted) is not { } entry)
        {
            return Problems.Problems.Of(context, ProblemCatalog.ReceiptNotFound, ("receipt", wanted));
        }

        return TypedResults.Ok(ToDto(entry));
    }

    /// <summary>The board of a round whose vote has closed, from its verified log (built once per head, see
    /// <see cref="BulletinBoardCache"/>); otherwise the problem to answer.</summary>
    private static async Task<(BulletinBoard? Board, ChannelTally? Channels, ProblemHttpResult? Problem)> ReadAsync(
        RoundId roundId, IGrainFactory grains, BulletinBoardCache boards, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        if (state!.Phase < RoundPhase.Tallied)
        {
            return (null, null, Problems.Problems.Of(
                context, RoundErrors.WrongPhase, ("action", "bulletin-board"), ("phase", Rounds.RoundMapping.Name(state.Phase)), ("allowed", "tallied, spending, closed")));
        }

        // The round's version is the sequence of its last stored event: the head the board is kept under.
        var read = await boards.ReadAsync(roundId, state.Version, cancellationToken);
        return read.Board is null
            ? (null, null, VerifiedLog.Broken(context, read.Break))
            : (read.Board, state.ChannelCounts, null);
    }

    private static BulletinEntryDto ToDto(BulletinEntry entry) => new(
        entry.Receipt.ToString(),
        entry.Counted ? Counted : Superseded,
        entry.SupersededBy?.ToString(),
        [.. entry.Choices.Select(c => new BallotChoiceDto(c.Proposal.Number, c.Points))]);
}
