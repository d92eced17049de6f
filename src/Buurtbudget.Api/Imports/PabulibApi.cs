using System.Text;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Imports;

/// <param name="ProposalId">The proposal's number in the imported round.</param>
/// <param name="ProjectId">The project's id in the Pabulib file.</param>
public sealed record ImportedProjectDto(int ProposalId, string ProjectId);

public sealed record PabulibImportDto(RoundDto Round, int Ballots, IReadOnlyList<ImportedProjectDto> Projects);

/// <summary>Pabulib in and out. In: an admin imports a <c>.pb</c> file as a tallied round of a wijk, for
/// demonstrations and what-if analyses ("what would Equal Shares have chosen in our last round?"). Out: anyone signed
/// in downloads a tallied round as a <c>.pb</c> file with numbered, anonymous voters, to recompute it elsewhere.</summary>
internal static class PabulibApi
{
    /// <summary>Pabulib files of large cities run to megabytes (Amsterdam 252: 1 MB); every other body stays at 64 KB.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Ballots sent to the round at once: enough for the round's group commit to write them in batches.</summary>
    private const int BallotsInFlight = 256;

    public static void MapPabulibApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rounds/imports/pabulib", Import)
            .WithTags("Pabulib")
            .WithName("ImportPabulib")
            .RequireAuthorization(Policies.Admin)
            .RequireContentType("text/plain")
            .ProducesProblems(400, 409, 413, 415, 422, 503)
            .WithMetadata(new RequestBodyLimit(MaxFileBytes))
            .WithSummary("Imports a Pabulib file (the body, as text) as a tallied round of a wijk, decided by the rule asked for. Admins only.");
        app.MapGet("/api/rounds/{roundId}/results/pabulib", Export)
            .WithTags("Pabulib")
            .WithName("ExportPabulib")
            .AllowPublicRead()
            .ProducesFile("text/plain")
            .ProducesProblems(404, 409, 503)
            .WithSummary("A tallied round as a Pabulib file: projects on the ballot with their support and result, voters numbered without names. Anyone, without an account, once voting has closed.");
        app.MapGet("/api/rounds/{roundId}/results/open-data/{part}", ExportOpenData)
            .WithTags("Pabulib")
            .WithName("ExportOpenData")
            .AllowPublicRead()
            .ProducesFile("application/json", "text/csv")
            .ProducesProblems(404, 409, 422, 503)
            .WithSummary("The Pabulib export's projects and anonymised ballots as projects.csv or votes.csv, or the whole as round.json. Anyone, without an account, once voting has closed.");
    }

    private static async Task<Results<Created<PabulibImportDto>, ProblemHttpResult>> Import(
        string? districtCode,
        string? districtName,
        string? municipalityName,
        string? title,
        string? rule,
        string? tieBreak,
        HttpRequest request,
        IGrainFactory grains,
        ParticipantHasher hasher,
        CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        var (district, districtProblem) = ParseDistrict(context, districtCode, districtName, municipalityName);
        if (districtProblem is not null)
        {
            return districtProblem;
        }

        if (rule is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("rule"));
        }

        if (!OutcomeRuleNames.TryParseRule(rule, out var outcomeRule))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("rule", rule, string.Join(", ", OutcomeRuleNames.AllRules)));
        }

        var ties = TieBreak.Lexicographic;
        if (tieBreak is not null && !OutcomeRuleNames.TryParseTieBreak(tieBreak, out ties))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("tieBreak", tieBreak, string.Join(", ", OutcomeRuleNames.AllTieBreaks)));
        }

        string text;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        var parsed = PabulibParser.Parse(text);
        if (!parsed.Succeeded)
        {
            return Problems.Problems.Of(context, ProblemCatalog.PabulibUnreadable, ("line", parsed.Error!.Line), ("problem", parsed.Error.Problem));
        }

        var file = parsed.File!;
        var plan = PabulibRoundPlan.From(file, outcomeRule, ties, out var unsuitable);
        if (plan is null)
        {
            return Problems.Problems.Of(context, ProblemCatalog.PabulibNotARound, ("problem", unsuitable));
        }

        var grain = grains.GetRoundGrain(RoundId.New());
        var admin = context.GetCaller().ParticipantKey;
        var roundTitle = string.IsNullOrWhiteSpace(title) ? DefaultTitle(file) : title;
        var issuer = $"buurtbudget-pabulib-import:{grain.RoundId()}";
        var refused = plan.Rehearse(grain.RoundId(), district!, roundTitle, admin, Voter, DateTimeOffset.UtcNow);
        if (refused is not null)
        {
            return Problems.Problems.From(context, refused);
        }

        foreach (var command in plan.Opening(grain.RoundId(), district!, roundTitle, admin))
        {
            if (await SendAsync(context, grain, command, cancellationToken) is { } failed)
            {
                return failed;
            }
        }

        // Ballots go in parallel so that the round commits them in groups; each is one voter's only ballot. The
        // first failure is answered once all are back (the response is not touched from several threads).
        CommandResult? ballotFailure = null;
        await Parallel.ForEachAsync(
            plan.Votes(Voter),
            new ParallelOptions { MaxDegreeOfParallelism = BallotsInFlight, CancellationToken = cancellationToken },
            async (ballot, token) =>
            {
                var result = await grain.ExecuteAsync(ballot);
                if (!result.Succeeded)
                {
                    Interlocked.CompareExchange(ref ballotFailure, result, null);
                }
            });
        if (ballotFailure is not null)
        {
            return RoundAccess.Failure(context, ballotFailure) ?? throw new InvalidOperationException("A ballot that failed has a problem to answer.");
        }

        if (await SendAsync(context, grain, new CloseVoting(admin), cancellationToken) is { } closeFailed)
        {
            return closeFailed;
        }

        var (state, integrity) = await grain.GetViewAsync();
        return TypedResults.Created(
            $"/api/rounds/{grain.RoundId()}",
            new PabulibImportDto(state.ToDto(integrity), plan.Ballots.Length, [.. plan.Proposals.Select(p => new ImportedProjectDto(p.Number.Number, p.ProjectId))]));

        // The file's voter ids are hashed like residents are, under an issuer of this import alone.
        Domain.Common.ParticipantKey Voter(string voterId) => hasher.Hash(issuer, voterId);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (file, problem) = await TalliedAsync(roundId, grains, context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(PabulibWriter.Write(file!)), "text/plain; charset=utf-8", $"buurtbudget-{roundId}.pb");
    }

    /// <summary>The same anonymised round as CSV tables or one JSON document (<see cref="OpenDataWriter"/>).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportOpenData(RoundId roundId, string part, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (part is not (OpenDataParts.Json or OpenDataParts.ProjectsCsv or OpenDataParts.VotesCsv))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("part", part, $"{OpenDataParts.Json}, {OpenDataParts.ProjectsCsv}, {OpenDataParts.VotesCsv}"));
        }

        var (file, problem) = await TalliedAsync(roundId, grains, context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return part switch
        {
            OpenDataParts.Json => TypedResults.File(OpenDataWriter.Json(file!), "application/json", $"buurtbudget-{roundId}.json"),
            OpenDataParts.ProjectsCsv => TypedResults.File(Encoding.UTF8.GetBytes(OpenDataWriter.ProjectsCsv(file!)), "text/csv; charset=utf-8", $"buurtbudget-{roundId}-projects.csv"),
            _ => TypedResults.File(Encoding.UTF8.GetBytes(OpenDataWriter.VotesCsv(file!)), "text/csv; charset=utf-8", $"buurtbudget-{roundId}-votes.csv"),
        };
    }

    /// <summary>The round as an anonymised Pabulib file, once it has a result; otherwise the problem to answer.</summary>
    private static async Task<(PabulibFile? File, ProblemHttpResult? Problem)> TalliedAsync(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetRoundGrain(roundId);
        var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        // Built in the round, which holds the ballots; the overview read first only says whether there is a result.
        return state!.Outcome is not null && await grain.ExportAsync() is { } file
            ? (file, null)
            : (null, Problems.Problems.Of(context, ProblemCatalog.ResultsNotAvailable, ("phase", RoundMapping.Name(state.Phase))));
    }

    private static class OpenDataParts
    {
        public const string Json = "round.json";
        public const string ProjectsCsv = "projects.csv";
        public const string VotesCsv = "votes.csv";
    }

    private static (District? District, ProblemHttpResult? Problem) ParseDistrict(HttpContext context, string? code, string? name, string? municipality)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return (null, Problems.Problems.From(context, RoundMapping.Missing("districtCode")));
        }

        if (!DistrictCode.TryParse(code.Trim(), out var districtCode))
        {
            return (null, Problems.Problems.From(context, DistrictCode.InvalidError(code)));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, Problems.Problems.From(context, RoundMapping.Missing("districtName")));
        }

        return string.IsNullOrWhiteSpace(municipality)
            ? (null, Problems.Problems.From(context, RoundMapping.Missing("municipalityName")))
            : (new District(districtCode, name.Trim(), municipality.Trim()), null);
    }

    private static string DefaultTitle(PabulibFile file)
    {
        var name = file.MetaValue("description") ?? string.Join(' ', new[] { file.MetaValue("unit"), file.MetaValue("district"), file.MetaValue("instance") }.Where(v => v is not null));
        var title = $"Pabulib-import: {name}".Trim();
        return title.Length <= BudgetRound.TitleMaxLength ? title : title[..BudgetRound.TitleMaxLength];
    }

    /// <summary>Null when the round committed the command; otherwise the problem to answer (nothing after it is sent).</summary>
    private static async Task<ProblemHttpResult?> SendAsync(HttpContext context, IRoundGrain grain, RoundCommand command, CancellationToken cancellationToken) =>
        RoundAccess.Failure(context, await grain.ExecuteAsync(command));
}
