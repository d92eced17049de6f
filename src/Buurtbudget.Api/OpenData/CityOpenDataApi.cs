using System.Globalization;
using System.Text;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Reports;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.OpenData;

/// <summary>The city-wide, anonymised comparison of wijken (<see cref="CityOverview"/>) as open data: CSV tables or one
/// JSON document with the same columns and values.</summary>
internal static class CityOpenDataApi
{
    private const string WijkenCsv = "wijken.csv";
    private const string RoundsCsv = "rounds.csv";
    private const string CategoriesCsv = "categories.csv";
    private const string CityJson = "city.json";

    private static readonly string[] WijkColumns = ["municipality", "district_code", "district_name", "rounds", "ballots", "budget_cents", "funded_cents", "spent_cents"];

    // Per channel, in the order of BallotChannel: the ballots that count, then those replaced by the same person's later
    // ballot through another channel; empty for a round whose figures were stored before channels were counted. Declared
    // before RoundColumns, which lists them: static fields are set in the order they are written.
    private static readonly BallotChannel[] Channels = Enum.GetValues<BallotChannel>();

    private static readonly string[] RoundColumns =
    [
        "municipality", "district_code", "district_name", "round_id", "title", "phase", "voting_closed", "budget_cents", "ballots",
        "registered_voters", "turnout_percent", "funded_projects", "funded_cents", "spent_cents", "pending_cents",
        .. ChannelColumns(),
    ];

    private static IEnumerable<string> ChannelColumns() =>
        Channels.Select(channel => $"ballots_{ChannelColumn(channel)}")
            .Concat(Channels.Select(channel => $"replaced_by_other_channel_{ChannelColumn(channel)}"));

    private static string ChannelColumn(BallotChannel channel) => BallotChannelNames.Of(channel).Replace('-', '_');

    private static IEnumerable<string> ChannelCells(ChannelTally? tally) =>
        tally is null
            ? Channels.SelectMany(_ => new[] { "", "" })
            : Channels.Select(channel => Number(tally.For(channel).Counted))
                .Concat(Channels.Select(channel => Number(tally.For(channel).ReplacedByOtherChannel)));

    private static readonly string[] CategoryColumns = ["municipality", "district_code", "district_name", "category", "funded_projects", "funded_cents", "spent_cents"];

    public static RouteHandlerBuilder MapCityOpenDataApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/open-data/city/{part}", Export)
            .WithTags("Open data")
            .WithName("ExportCityOpenData")
            .AllowPublicRead()
            .ProducesFile("application/json", "text/csv")
            .ProducesProblems(422, 503)
            .WithSummary("Every wijk's decided rounds compared, anonymised: turnout, categories funded and spend realised (approved, four eyes). "
                + "wijken.csv, rounds.csv, categories.csv (per wijk), or city.json with all three. Anyone, without an account.");

    /// <summary>Reads the round summaries the grains keep on commit, which carry each decided round's figures: no round is
    /// activated for the city's overview.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string part, IRoundSummaries summaries, HttpContext context, CancellationToken cancellationToken)
    {
        if (part is not (WijkenCsv or RoundsCsv or CategoriesCsv or CityJson))
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("part", part, $"{WijkenCsv}, {RoundsCsv}, {CategoriesCsv}, {CityJson}"));
        }

        var rounds = (await summaries.ListSummariesAsync(cancellationToken: cancellationToken))
            .Select(stored => RoundSummary.FromStored(stored).Figures)
            .OfType<RoundFigures>()
            .ToList();

        var wijken = CityOverview.ByDistrict(rounds);
        var wijkRows = wijken.Select(WijkRow);
        var roundRows = rounds
            .OrderBy(r => r.District.Code.Value, StringComparer.Ordinal)
            .ThenBy(r => r.VotingClosedAt)
            .Select(RoundRow);
        var categoryRows = wijken.SelectMany(w => w.Categories.Select(c => CategoryRow(w, c)));
        return part switch
        {
            WijkenCsv => Csv(OpenDataWriter.Csv(WijkColumns, wijkRows), "buurtbudget-wijken.csv"),
            RoundsCsv => Csv(OpenDataWriter.Csv(RoundColumns, roundRows), "buurtbudget-rondes.csv"),
            CategoriesCsv => Csv(OpenDataWriter.Csv(CategoryColumns, categoryRows), "buurtbudget-categorieen.csv"),
            _ => TypedResults.File(
                OpenDataWriter.Json(
                    [new("rounds", Number(rounds.Count)), new("wijken", Number(wijken.Length))],
                    [("wijken", WijkColumns, wijkRows), ("rounds", RoundColumns, roundRows), ("categories", CategoryColumns, categoryRows)]),
                "application/json",
                "buurtbudget-stad.json"),
        };
    }

    private static FileContentHttpResult Csv(string table, string fileName) => TypedResults.File(Encoding.UTF8.GetBytes(table), "text/csv; charset=utf-8", fileName);

    private static string[] WijkRow(DistrictFigures w) =>
    [
        w.District.MunicipalityName, w.District.Code.Value, w.District.Name, Number(w.Rounds), Number(w.Ballots),
        Number(w.Budget.Cents), Number(w.Funded.Cents), Number(w.Spent.Cents),
    ];

    private static string[] RoundRow(RoundFigures r) =>
    [
        r.District.MunicipalityName, r.District.Code.Value, r.District.Name, r.Round.ToString(), r.Title, RoundMapping.Name(r.Phase),
        r.VotingClosedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        Number(r.Budget.Cents), Number(r.Ballots),
        r.RegisteredVoters is { } registered ? Number(registered) : "",
        r.TurnoutPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        Number(r.FundedProjects), Number(r.Funded.Cents), Number(r.Spent.Cents), Number(r.Pending.Cents),
        .. ChannelCells(r.Channels),
    ];

    private static string[] CategoryRow(DistrictFigures w, CategoryFigures c) =>
    [
        w.District.MunicipalityName, w.District.Code.Value, w.District.Name, ProposalMapping.Name(c.Category),
        Number(c.FundedProjects), Number(c.Funded.Cents), Number(c.Spent.Cents),
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
