using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Proposals;

/// <summary>A proposal's place on the map over HTTP: kept and shown when it lies in the Netherlands, refused in Dutch
/// first and in English when it does not, and nothing stored for a refusal.</summary>
public sealed class ProposalLocationApiTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private BuurtbudgetApp _app = null!;
    private string _round = "";

    public async Task InitializeAsync()
    {
        _app = new BuurtbudgetApp(_directory);
        _round = await RoundScenario.CreateAsync(_app);
        await RoundScenario.MoveAsync(_app.Coordinator(Http.Delfshaven), _round, "submission");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    private HttpClient Author => _app.Resident("indiener", Http.Delfshaven);

    private static object Proposal(double? latitude, double? longitude, string? buurt = null) => new
    {
        title = "Zebrapad bij de Mathenesserlaan",
        description = "Kinderen steken hier over naar school; een zebrapad maakt het veiliger.",
        category = "traffic-safety",
        estimatedCostCents = 1_200_000,
        buurt,
        location = latitude is null ? null : new { latitude, longitude },
    };

    [Fact]
    public async Task A_place_in_the_wijk_is_kept_with_the_chosen_buurt_and_shown_to_everyone()
    {
        var created = await (await Author.Post($"/api/rounds/{_round}/proposals", Proposal(51.9143, 4.4512, "BU05990325"))).Json(HttpStatusCode.Created);

        var shown = await _app.Resident("buurman", Http.Delfshaven).GetAsync($"/api/rounds/{_round}/proposals/{(int)created["id"]!}").Ok();

        Assert.Equal(51.9143, (double)shown["location"]!["latitude"]!);
        Assert.Equal(4.4512, (double)shown["location"]!["longitude"]!);
        Assert.Equal("BU05990325", (string?)shown["buurt"]);
    }

    [Fact]
    public async Task A_proposal_without_a_place_has_no_location()
    {
        var created = await (await Author.Post($"/api/rounds/{_round}/proposals", Proposal(null, null))).Json(HttpStatusCode.Created);

        Assert.Null(created["location"]);
    }

    [Theory]
    [InlineData(4.4512, 51.9143)]   // latitude and longitude swapped: off the coast of Somalia
    [InlineData(48.8566, 2.3522)]   // Paris
    [InlineData(52.5200, 13.4050)]  // Berlin
    [InlineData(0, 0)]              // the default of a map that never got a click
    public async Task A_place_outside_the_Netherlands_is_refused_in_words_and_stores_nothing(double latitude, double longitude)
    {
        var before = await RoundScenario.EventCountAsync(_app, _round);

        var response = await Author.Post($"/api/rounds/{_round}/proposals", Proposal(latitude, longitude));

        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "location-outside-netherlands");
        Assert.Equal("Plek niet in Nederland", (string?)problem["title"]);
        Assert.StartsWith("De plek (", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.EndsWith("ligt niet in Nederland. Zet de speld opnieuw op de kaart, of laat de plek weg en kies alleen de buurt.", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await RoundScenario.EventCountAsync(_app, _round));
    }

    [Fact]
    public async Task The_refusal_is_in_English_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{_round}/proposals") { Content = JsonContent.Create(Proposal(48.8566, 2.3522)) };
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,nl;q=0.5");

        var problem = await (await Author.SendAsync(request)).Problem(HttpStatusCode.UnprocessableEntity, "location-outside-netherlands");

        Assert.Equal("Place not in the Netherlands", (string?)problem["title"]);
        Assert.Equal("The place (48.8566, 2.3522) does not lie in the Netherlands. Put the pin on the map again, or leave the place out and choose only the buurt.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Moving_the_place_is_an_edit_and_a_move_abroad_is_refused()
    {
        var created = await (await Author.Post($"/api/rounds/{_round}/proposals", Proposal(51.9143, 4.4512))).Json(HttpStatusCode.Created);
        var path = $"/api/rounds/{_round}/proposals/{(int)created["id"]!}";

        var moved = await (await Author.Put(path, Proposal(51.9170, 4.4440))).Json(HttpStatusCode.OK);
        await (await Author.Put(path, Proposal(50.8503, 2.0))).Problem(HttpStatusCode.UnprocessableEntity, "location-outside-netherlands");
        var removed = await (await Author.Put(path, Proposal(null, null))).Json(HttpStatusCode.OK);

        Assert.Equal(4.4440, (double)moved["location"]!["longitude"]!);
        Assert.Null(removed["location"]);
        var edits = (await _app.Auditor().GetAsync($"/api/rounds/{_round}/events").Ok())["events"]!.AsArray()
            .Count(e => (string?)e!["type"] == "proposal-edited");
        Assert.Equal(2, edits);
    }
}
