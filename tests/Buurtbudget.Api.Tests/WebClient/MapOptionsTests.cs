using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Api.WebClient;

namespace Buurtbudget.Api.Tests.WebClient;

/// <summary>The background map (section Map): delivered to the client with its attribution, its tiles' origin
/// admitted for images only, and a wrong setting refused at start-up with a message that names it.</summary>
public sealed class MapOptionsTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task By_default_the_client_gets_PDOKs_BRT_background_map_credited_to_Kadaster()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var map = (await app.Anonymous().GetAsync("/api/client-config").Ok())["map"]!;

        Assert.Equal("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png", (string?)map["tileUrl"]);
        Assert.Equal("Kaartgegevens © Kadaster", (string?)map["attribution"]);
    }

    [Fact]
    public async Task A_configured_map_reaches_the_client_and_only_its_origin_is_admitted_for_images()
    {
        var root = Directory.CreateDirectory(Path.Combine(_directory.Root, "dist")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><html lang=\"nl\"><body></body></html>");
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["WebClient:Root"] = root,
            ["Map:TileUrl"] = "https://tiles.rotterdam.example:8443/brt/{z}/{x}/{y}.png?style=grijs",
            ["Map:Attribution"] = "  Kaart: Gemeente Rotterdam, Kadaster ",
        });

        var map = (await app.Anonymous().GetAsync("/api/client-config").Ok())["map"]!;
        using var page = await app.Anonymous().GetAsync("/rondes");

        Assert.Equal("https://tiles.rotterdam.example:8443/brt/{z}/{x}/{y}.png?style=grijs", (string?)map["tileUrl"]);
        Assert.Equal("Kaart: Gemeente Rotterdam, Kadaster", (string?)map["attribution"]);
        var directives = page.Headers.GetValues("Content-Security-Policy").Single().Split("; ");
        Assert.Contains("img-src 'self' data: blob: https://tiles.rotterdam.example:8443", directives);
        Assert.Single(directives, d => d.Contains("tiles.rotterdam.example", StringComparison.Ordinal));
        Assert.DoesNotContain(directives, d => d.Contains("pdok", StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_without_a_tile_origin_admits_images_from_here_only()
    {
        var policy = WebClientHosting.ContentSecurityPolicy(authority: null, tileOrigin: null);

        Assert.Contains("img-src 'self' data: blob:;", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png", "Kaartgegevens © Kadaster", null)]
    [InlineData("http://127.0.0.1:5000/tiles/{z}/{x}/{y}.png", "Testkaart", null)]
    [InlineData("https://{s}.tile.example/{z}/{x}/{y}.png", "Kaart", "Map:TileUrl 'https://{s}.tile.example/{z}/{x}/{y}.png' is not an absolute http(s) URL with one fixed host")]
    [InlineData("/tiles/{z}/{x}/{y}.png", "Kaart", "Map:TileUrl '/tiles/{z}/{x}/{y}.png' is not an absolute http(s) URL")]
    [InlineData("ftp://tiles.example/{z}/{x}/{y}.png", "Kaart", "is not an absolute http(s) URL")]
    [InlineData("https://tiles.example/{z}/{x}.png", "Kaart", "lacks one of {z}, {x} and {y}")]
    [InlineData("https://tiles.example/{z}/{x}/{y}.png", " ", "Map:Attribution must be one line of plain text")]
    [InlineData("https://tiles.example/{z}/{x}/{y}.png", "Kaart\nmet regel", "Map:Attribution must be one line of plain text")]
    public void A_wrong_map_setting_is_refused_at_start_up_naming_the_setting(string tileUrl, string attribution, string? failure)
    {
        var result = new MapOptionsValidator().Validate(null, new MapOptions { TileUrl = tileUrl, Attribution = attribution });

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_platform_does_not_start_with_a_wrong_tile_url_and_names_the_setting()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Map:TileUrl"] = "tiles.example/{z}/{x}/{y}.png",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Map:TileUrl 'tiles.example/{z}/{x}/{y}.png'", app.StartupErrors, StringComparison.Ordinal);
    }
}
