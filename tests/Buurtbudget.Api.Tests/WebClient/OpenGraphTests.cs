using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Buurtbudget.Api.Tests.Images;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.WebClient;

/// <summary>A link shared in the buurt's WhatsApp group shows the proposal: the HTML the server sends for a page's
/// address carries its Open Graph tags, read here as a crawler reads them, without running any script.</summary>
public sealed partial class OpenGraphTests : IDisposable
{
    private const string Index = "<!doctype html><html lang=\"nl\"><head><title>Buurtbudget</title><script type=\"module\" src=\"/assets/index-Ab12Cd34.js\"></script></head><body><div id=\"root\"></div></body></html>";

    private readonly TestDirectory _directory = new();
    private readonly string _root;

    public OpenGraphTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_directory.Root, "dist")).FullName;
        File.WriteAllText(Path.Combine(_root, "index.html"), Index);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_proposal_page_carries_its_title_description_first_visible_picture_and_address()
    {
        await using var app = Hosting();
        var (round, author) = await ProposalImagesApiTests.InSubmissionAsync(app);
        var first = await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", ProposalImagesApiTests.Form(TestImages.Jpeg(640, 480), "Eerste foto"))).Json(HttpStatusCode.Created);
        var second = await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", ProposalImagesApiTests.Form(TestImages.Jpeg(800, 600), "De steeg \"s avonds\" <donker>"))).Json(HttpStatusCode.Created);
        var firstHash = (string)first["images"]![0]!["image"]!;
        var secondHash = (string)second["images"]![1]!["image"]!;
        await (await app.Coordinator(Http.Delfshaven).PostAsJsonAsync($"/api/rounds/{round}/proposals/1/images/{firstHash}/hiding", new { reason = "Herkenbare personen" })).Json(HttpStatusCode.OK);

        var (html, tags) = await PageAsync(app, $"/rondes/{round}/voorstellen/1");

        Assert.Equal("Licht in de steeg - Buurtbudget Middelland", tags["og:title"]);
        Assert.StartsWith("Een voorstel om de buurt veiliger", tags["og:description"], StringComparison.Ordinal);
        Assert.Equal($"http://localhost/rondes/{round}/voorstellen/1", tags["og:url"]);
        Assert.Equal("nl_NL", tags["og:locale"]);
        Assert.Equal($"http://localhost/api/rounds/{round}/proposals/1/images/{secondHash}", tags["og:image"]);
        Assert.Equal("De steeg \"s avonds\" <donker>", tags["og:image:alt"]);
        Assert.Equal("summary_large_image", tags["twitter:card"]);
        Assert.Contains("<title>Licht in de steeg - Buurtbudget Middelland</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<donker>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/assets/index-Ab12Cd34.js\"", html, StringComparison.Ordinal);

        // The image the tag names is served to a crawler without an account.
        using var picture = await app.Anonymous().GetAsync(new Uri(tags["og:image"]).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
    }

    [Fact]
    public async Task A_proposal_without_a_picture_a_round_and_its_results_have_tags_of_their_own()
    {
        await using var app = Hosting();
        var (round, _) = await ProposalImagesApiTests.InSubmissionAsync(app);

        var (_, proposal) = await PageAsync(app, $"/rondes/{round}/voorstellen/2");
        Assert.Equal("Bankjes op het plein - Buurtbudget Middelland", proposal["og:title"]);
        Assert.False(proposal.ContainsKey("og:image"));
        Assert.Equal("summary", proposal["twitter:card"]);

        var (_, page) = await PageAsync(app, $"/rondes/{round}");
        Assert.Equal("Buurtbudget Middelland", page["og:title"]);
        Assert.Contains("Delfshaven, Rotterdam", page["og:description"], StringComparison.Ordinal);

        var (_, results) = await PageAsync(app, $"/rondes/{round}/uitslag");
        Assert.Equal("Uitslag: Buurtbudget Middelland", results["og:title"]);
    }

    [Theory]
    [InlineData("/rondes/019a8e3c-5a00-7000-8000-000000000001/voorstellen/1")]
    [InlineData("/rondes/geen-ronde")]
    [InlineData("/rondes/019a8e3c-5a00-7000-8000-000000000001/uitslag")]
    public async Task An_unknown_round_or_proposal_gets_the_generic_tags_and_the_page_not_an_error(string path)
    {
        await using var app = Hosting();

        var (_, tags) = await PageAsync(app, path);

        Assert.Equal("Buurtbudget", tags["og:title"]);
        Assert.Equal("nl_NL", tags["og:locale"]);
        Assert.False(tags.ContainsKey("og:image"));
    }

    [Fact]
    public async Task A_round_in_draft_shows_nothing_of_itself()
    {
        await using var app = Hosting();
        var round = await RoundScenario.CreateAsync(app);

        var (_, tags) = await PageAsync(app, $"/rondes/{round}");

        Assert.Equal("Buurtbudget", tags["og:title"]);
    }

    [Fact]
    public async Task The_configured_public_address_is_used_not_the_host_header()
    {
        await using var app = Hosting(("News:PublicUrl", "https://buurtbudget.rotterdam.example/"));
        var (round, _) = await ProposalImagesApiTests.InSubmissionAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/rondes/{round}");
        request.Headers.Host = "evil.example";

        using var response = await app.Anonymous().SendAsync(request);
        var tags = Tags(await response.Content.ReadAsStringAsync());

        Assert.Equal($"https://buurtbudget.rotterdam.example/rondes/{round}", tags["og:url"]);
    }

    private static async Task<(string Html, Dictionary<string, string> Tags)> PageAsync(BuurtbudgetApp app, string path)
    {
        using var response = await app.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        return (html, Tags(html));
    }

    /// <summary>The meta tags as a crawler reads them: by property or name, with their content decoded.</summary>
    private static Dictionary<string, string> Tags(string html) =>
        MetaTag().Matches(html).ToDictionary(m => m.Groups["key"].Value, m => WebUtility.HtmlDecode(m.Groups["content"].Value), StringComparer.Ordinal);

    [GeneratedRegex("<meta (property|name)=\"(?<key>[^\"]+)\" content=\"(?<content>[^\"]*)\" />", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MetaTag();

    private BuurtbudgetApp Hosting(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal) { ["WebClient:Root"] = _root };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new BuurtbudgetApp(_directory, settings: all);
    }
}
