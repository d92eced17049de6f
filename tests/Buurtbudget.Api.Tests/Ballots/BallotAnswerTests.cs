using System.Net;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Ballots;

/// <summary>The voting path's answers (a ballot, the tally) are sent whole with their length, not as a chunked stream
/// that needs a second write to end: the same JSON, one send per answer. Through Kestrel on a socket, as residents
/// reach it: the in-process test server states a length for every answer it buffers.</summary>
public sealed class BallotAnswerTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_cast_ballot_its_read_back_and_the_tally_are_answered_with_their_length()
    {
        await using var app = new BuurtbudgetApp(_directory);
        app.UseKestrel(0);
        app.StartServer();
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [200_000, 300_000]);
        var resident = app.Resident("lengte", Http.Delfshaven);

        var cast = await SizedJsonAsync(await resident.Put($"/api/rounds/{round}/ballot", Http.Ballot(1, 2)));
        var readBack = await SizedJsonAsync(await resident.GetAsync($"/api/rounds/{round}/ballot"));
        var tally = await SizedJsonAsync(await app.Coordinator(Http.Delfshaven).GetAsync($"/api/rounds/{round}/tally"));

        Assert.Equal((string)cast["receipt"]!, (string)readBack["receipt"]!);
        Assert.Equal(1, (int)tally["turnout"]!);
    }

    /// <summary>The answer's JSON, after checking that it is a 200, not chunked, whose stated length is its body's.</summary>
    private static async Task<JsonNode> SizedJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        return JsonNode.Parse(body)!;
    }
}
