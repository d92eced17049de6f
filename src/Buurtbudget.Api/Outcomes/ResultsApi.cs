using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Outcomes;

/// <param name="Channels">Per channel: ballots that counted, and ballots replaced by the same person's later ballot
/// through another channel.</param>
public sealed record ResultsDto(
    string Rule,
    string TieBreak,
    long BudgetCents,
    long SpentCents,
    long RemainingCents,
    long Turnout,
    IReadOnlyList<ProposalResultDto> Proposals,
    IReadOnlyList<Ballots.ChannelCountDto>? Channels = null);

/// <param name="Explanation">Why it won or lost, in the caller's language (Dutch unless English is asked for); other
/// proposals are named by their titles in quotes.</param>
/// <param name="ExplanationKind">won, did-not-fit or below-minimum-support.</param>
public sealed record ProposalResultDto(
    int ProposalId,
    string Title,
    long CostCents,
    long Support,
    int Rank,
    bool Won,
    string ExplanationKind,
    long RemainingBeforeCents,
    string Explanation);

/// <summary>A round's results with an explanation for every proposal; anyone, once voting has closed.</summary>
internal static class ResultsApi
{
    public static RouteHandlerBuilder MapResultsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/rounds/{roundId}/results", GetResults)
            .WithTags("Results")
            .WithName("GetResults")
            .AllowPublicRead()
            .ProducesProblems(404, 409, 503)
            .WithSummary("The winners and, for every proposal on the ballot, why it won or lost. Anyone, without an account, once voting has closed.");

    private static async Task<Results<Ok<ResultsDto>, ProblemHttpResult>> GetResults(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Outcome is not { } outcome)
        {
            return Problems.Problems.Of(context, ProblemCatalog.ResultsNotAvailable, ("phase", RoundMapping.Name(state.Phase)));
        }

        var english = ResponseLanguages.Preferred(context.Request) == ResponseLanguage.English;

        // Residents see the proposals by title (the results list them by rank), so the explanations name them
        // by title too: a bare number would read as a rank.
        string Named(ProposalId id) => english ? $"\u201c{state.Proposals[id].Content.Title}\u201d" : $"\u2018{state.Proposals[id].Content.Title}\u2019";
        return TypedResults.Ok(new ResultsDto(
            RoundMapping.OutcomeRuleName(outcome.Rule),
            RoundMapping.TieBreakName(outcome.TieBreak),
            outcome.Budget.Cents,
            outcome.Spent.Cents,
            outcome.Remaining.Cents,
            outcome.Turnout,
            [.. outcome.Results.Select(r => new ProposalResultDto(
                r.Proposal.Number,
                state.Proposals[r.Proposal].Content.Title,
                r.Cost.Cents,
                r.Support,
                r.Rank,
                r.Won,
                KindName(r.Explanation.Kind),
                r.Explanation.RemainingBefore.Cents,
                english ? OutcomeTexts.English(r, Named) : OutcomeTexts.Dutch(r, Named)))],
            Ballots.BallotChannelNames.ToDtos(state.ChannelCounts)));
    }

    internal static string KindName(ExplanationKind kind) => kind switch
    {
        ExplanationKind.Won => "won",
        ExplanationKind.DidNotFit => "did-not-fit",
        ExplanationKind.BelowMinimumSupport => "below-minimum-support",
        _ => throw new InvalidOperationException($"Unknown explanation kind {kind}."),
    };
}
