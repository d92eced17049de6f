using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Images;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Storage.Images;

namespace Buurtbudget.Api.Tests.Images;

/// <summary>Pictures over HTTP against the real host and its embedded image store (files in the data directory).</summary>
public sealed class ProposalImagesApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ImageFolder => Path.Combine(_directory.Data, FileImageStore.FolderName);

    private string[] StoredFiles() => Directory.Exists(ImageFolder) ? Directory.GetFiles(ImageFolder, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task An_author_adds_a_picture_and_anyone_sees_it_without_its_metadata_and_the_log_names_the_stored_bytes()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);

        var created = await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.JpegWithGps(640, 480), "De donkere steeg achter de school")))
            .Json(HttpStatusCode.Created);

        var image = created["images"]![0]!;
        Assert.Equal("shown", (string?)image["status"]);
        Assert.Equal("De donkere steeg achter de school", (string?)image["altText"]);
        var hash = (string)image["image"]!;
        var thumbnail = (string)image["thumbnail"]!;

        using var response = await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{hash}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var served = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(served)));

        // The stored bytes are the served ones, named by their hash; neither they nor the thumbnail hold the position.
        var stored = await File.ReadAllBytesAsync(Path.Combine(ImageFolder, hash[..2], hash));
        Assert.Equal(served, stored);
        foreach (var bytes in new[] { stored, await File.ReadAllBytesAsync(Path.Combine(ImageFolder, thumbnail[..2], thumbnail)) })
        {
            Assert.DoesNotContain(TestImages.JpegSegments(bytes), segment => segment.Marker is (>= 0xE1 and <= 0xEF) or 0xFE);
            Assert.False(TestImages.Contains(bytes, TestImages.GpsSecondsRational));
        }

        Assert.Equal(2, StoredFiles().Length);
        var added = (await EventsAsync(app, round)).Single(e => (string?)e["type"] == "proposal-image-added")["payload"]!;
        Assert.Equal(hash, (string?)added["image"]);
        Assert.Equal(thumbnail, (string?)added["thumbnail"]);

        var listed = await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals").Ok();
        Assert.Equal(hash, (string?)listed[0]!["images"]![0]!["image"]);
        using var small = await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{thumbnail}");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    public static TheoryData<string, byte[], HttpStatusCode, string> Refused() => new()
    {
        { "truncated", TestImages.Jpeg(400, 300)[..1500], HttpStatusCode.UnprocessableEntity, "image-incomplete" },
        { "bomb", TestImages.JpegClaiming(60_000, 60_000), HttpStatusCode.UnprocessableEntity, "image-too-many-pixels" },
        { "text called .jpg", "Dit is geen foto."u8.ToArray(), HttpStatusCode.UnprocessableEntity, "image-unreadable" },
        { "gif", TestImages.Gif(), HttpStatusCode.UnsupportedMediaType, "image-type-not-allowed" },
        { "over 10 MB", new byte[ImageProcessing.MaxUploadBytes + 1], HttpStatusCode.RequestEntityTooLarge, "image-too-large" },
    };

    [Theory]
    // Enumerated when the test runs, not at discovery: xunit serialises discovered rows element by element, and the
    // 10 MB upload alone took about 70 s of every run's discovery (measured: listing the tests, 72.6 s against 1.9 s).
    [MemberData(nameof(Refused), DisableDiscoveryEnumeration = true)]
    public async Task What_is_not_a_usable_picture_is_refused_with_a_problem_and_nothing_is_stored(string what, byte[] upload, HttpStatusCode status, string code)
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        var events = await RoundScenario.EventCountAsync(app, round);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/proposals/1/images") { Content = Form(upload, "Een foto van de plek") };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("nl"));
        var problem = await (await author.SendAsync(request)).Problem(status, code);

        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), what);
        Assert.Empty(StoredFiles());
        Assert.Equal(events, await RoundScenario.EventCountAsync(app, round));
    }

    [Fact]
    public async Task A_fourth_picture_is_refused_and_alt_text_is_required()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        for (var i = 0; i < 3; i++)
        {
            await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.Jpeg(640 + i, 480), $"Foto {i + 1} van de plek"))).Json(HttpStatusCode.Created);
        }

        await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.Jpeg(80, 48), "Foto 4 van de plek")))
            .Problem(HttpStatusCode.Conflict, "proposal-too-many-images");
        Assert.Equal(6, StoredFiles().Length);

        await (await author.PostAsync($"/api/rounds/{round}/proposals/2/images", Form(TestImages.Jpeg(), altText: null))).Problem(HttpStatusCode.BadRequest, "missing-field");
        var tooShort = await (await author.PostAsync($"/api/rounds/{round}/proposals/2/images", Form(TestImages.Jpeg(90, 50), " a "))).Problem(HttpStatusCode.UnprocessableEntity, "invalid-text");
        Assert.Equal("altText", (string?)tooShort["arguments"]!["field"]);
        await (await author.PostAsJsonAsync($"/api/rounds/{round}/proposals/2/images", new { altText = "Foto" })).Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Only_the_author_adds_and_removes_and_a_removed_picture_is_gone()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        var neighbour = app.Resident("buurman", Http.Delfshaven);

        await (await neighbour.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.Jpeg(), "Niet mijn voorstel"))).Problem(HttpStatusCode.Forbidden, "not-proposal-author");
        Assert.Empty(StoredFiles());

        var hash = await AddAsync(author, round);
        await (await neighbour.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Problem(HttpStatusCode.Forbidden, "not-proposal-author");
        var after = await (await author.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Json(HttpStatusCode.OK);

        Assert.Equal("removed", (string?)after["images"]![0]!["status"]);
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Problem(HttpStatusCode.Gone, "image-removed");
    }

    [Fact]
    public async Task Pictures_are_fixed_once_review_starts_like_the_text()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        var hash = await AddAsync(author, round);
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "review");

        await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.Jpeg(70, 50), "Nog een foto"))).Problem(HttpStatusCode.Conflict, "wrong-phase");
        await (await author.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Problem(HttpStatusCode.Conflict, "wrong-phase");
    }

    [Fact]
    public async Task A_coordinator_hides_a_picture_with_a_reason_that_is_served_instead_and_its_bytes_can_then_be_erased()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        var hash = await AddAsync(author, round);
        var coordinator = app.Coordinator(Http.Delfshaven);
        var elsewhere = app.Coordinator(Http.Noord);

        await (await coordinator.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}/bytes")).Problem(HttpStatusCode.Conflict, "proposal-image-still-shown");
        await (await elsewhere.Post($"/api/rounds/{round}/proposals/1/images/{hash}/hiding", new { reason = "Herkenbare personen" })).Problem(HttpStatusCode.Forbidden, "not-your-district");
        var hidden = await (await coordinator.Post($"/api/rounds/{round}/proposals/1/images/{hash}/hiding", new { reason = "Er staan herkenbare kinderen op." })).Json(HttpStatusCode.OK);

        Assert.Equal("hidden", (string?)hidden["images"]![0]!["status"]);
        Assert.Equal("Er staan herkenbare kinderen op.", (string?)hidden["images"]![0]!["hiddenReason"]);
        var gone = await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Problem(HttpStatusCode.Gone, "image-hidden");
        Assert.Contains("Er staan herkenbare kinderen op.", (string?)gone["detail"], StringComparison.Ordinal);
        var thumbnail = (string)hidden["images"]![0]!["thumbnail"]!;
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{thumbnail}")).Problem(HttpStatusCode.Gone, "image-hidden");
        Assert.Equal(2, StoredFiles().Length);

        await (await author.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}/bytes")).Problem(HttpStatusCode.Forbidden, "not-your-district");
        var erased = await (await coordinator.DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}/bytes")).Json(HttpStatusCode.OK);
        Assert.True((bool?)erased["images"]![0]!["erased"]);
        Assert.Empty(StoredFiles());
        await (await app.Admin().DeleteAsync($"/api/rounds/{round}/proposals/1/images/{hash}/bytes")).Json(HttpStatusCode.OK);
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{hash}")).Problem(HttpStatusCode.Gone, "image-erased");

        // The log keeps what was shown and what became of it, and its chain still holds.
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok();
        Assert.True((bool?)log["chainValid"]);
        var types = log["events"]!.AsArray().Select(e => (string?)e!["type"]).Where(t => t!.StartsWith("proposal-image-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["proposal-image-added", "proposal-image-hidden", "proposal-image-erased"], types);
        Assert.All(log["events"]!.AsArray().Where(e => ((string?)e!["type"])!.StartsWith("proposal-image-", StringComparison.Ordinal)), e => Assert.Equal(hash, (string?)e!["payload"]!["image"]));
    }

    [Fact]
    public async Task A_picture_of_another_proposal_or_an_unknown_hash_is_not_found()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var (round, author) = await InSubmissionAsync(app);
        var hash = await AddAsync(author, round);

        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/2/images/{hash}")).Problem(HttpStatusCode.NotFound, "proposal-image-not-found");
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/{new string('a', 64)}")).Problem(HttpStatusCode.NotFound, "proposal-image-not-found");
        await (await app.Anonymous().GetAsync($"/api/rounds/{round}/proposals/1/images/..%2F..%2Fkeys")).Problem(HttpStatusCode.NotFound, "proposal-image-not-found");
    }

    internal static MultipartFormDataContent Form(byte[] file, string? altText)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(content, "file", "foto.jpg");
        if (altText is not null)
        {
            form.Add(new StringContent(altText), "altText");
        }

        return form;
    }

    internal static async Task<(string Round, HttpClient Author)> InSubmissionAsync(BuurtbudgetApp app)
    {
        var round = await RoundScenario.CreateAsync(app);
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "submission");
        var author = app.Resident("indiener", Http.Delfshaven);
        await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal("Licht in de steeg", 400_000))).Json(HttpStatusCode.Created);
        await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal("Bankjes op het plein", 300_000))).Json(HttpStatusCode.Created);
        return (round, author);
    }

    private static async Task<string> AddAsync(HttpClient author, string round)
    {
        // Larger than a thumbnail, so that the thumbnail is bytes of its own.
        var created = await (await author.PostAsync($"/api/rounds/{round}/proposals/1/images", Form(TestImages.Jpeg(640, 480), "De donkere steeg"))).Json(HttpStatusCode.Created);
        return (string)created["images"]![0]!["image"]!;
    }

    private static async Task<List<JsonNode>> EventsAsync(BuurtbudgetApp app, string round)
    {
        var log = await app.Auditor().GetAsync($"/api/rounds/{round}/events?limit=10000").Ok();
        return [.. log["events"]!.AsArray().Select(e => e!)];
    }
}
