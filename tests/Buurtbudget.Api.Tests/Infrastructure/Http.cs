using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>Small helpers that keep tests about behaviour, not HTTP plumbing.</summary>
public static class Http
{
    public const string Delfshaven = "WK059903";
    public const string Noord = "WK059905";

    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Ok(this Task<HttpResponseMessage> response) => await (await response).Json(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> Put(this HttpClient client, string path, object body) => client.PutAsJsonAsync(path, body);

    /// <summary>Asserts an RFC 9457 problem with the given status and code and returns it.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = await response.Json(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal("https://buurtbudget.nl/problems/" + code, (string?)problem["type"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    public static object Rules(long budgetCents, object? ballotMethod = null, bool liveTally = false) => new
    {
        budgetCents,
        ballotMethod = ballotMethod ?? new { kind = "approval-within-budget" },
        liveTallyVisible = liveTally,
    };

    public static object Proposal(string title, long costCents, string category = "traffic-safety") => new
    {
        title,
        description = "Een voorstel om de buurt veiliger en prettiger te maken: " + title + ".",
        category,
        estimatedCostCents = costCents,
    };

    public static object Ballot(params int[] proposalIds) => new { choices = proposalIds.Select(id => new { proposalId = id }).ToArray() };
}
