using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buurtbudget.Api.News;

/// <summary>The kinds of news, as stored in the queue.</summary>
internal static class NewsKind
{
    public const string Confirm = "confirm";
    public const string SubmissionOpened = "submission-opened";
    public const string ProposalReviewed = "proposal-reviewed";
    public const string VotingOpened = "voting-opened";
    public const string VotingClosesSoon = "voting-closes-soon";
    public const string ResultsPublished = "results-published";
    public const string ProjectCompleted = "project-completed";
}

/// <summary>What a message is about, stored with it in the queue: public facts of a round, never an address or a
/// resident. Turned into words only when the message is sent (see <see cref="NewsMessages"/>).</summary>
internal sealed record NewsFacts(
    string District,
    string? DistrictName = null,
    string? RoundId = null,
    string? RoundTitle = null,
    int? ProposalId = null,
    string? ProposalTitle = null,
    bool? Feasible = null,
    string? Reason = null,
    DateTimeOffset? VotingCloses = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NewsFacts FromJson(string json) =>
        JsonSerializer.Deserialize<NewsFacts>(json, Json) ?? throw new JsonException("Empty news facts.");
}
