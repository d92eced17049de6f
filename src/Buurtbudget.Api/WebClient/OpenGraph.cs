using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.News;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>What a link preview shows (WhatsApp, Signal, social media): their crawlers run no JavaScript, so the
/// server writes Open Graph and Twitter card tags into the index.html it sends for a round's, a proposal's and a
/// result's address. Everything is HTML-encoded; an unknown or unreachable round gives the generic tags, never an
/// error page.</summary>
internal static partial class OpenGraph
{
    public const string SiteName = "Buurtbudget";
    public const string GenericDescription = "Bewoners bedenken plannen voor hun wijk en stemmen samen over het buurtbudget.";
    private const int MaxDescription = 200;

    /// <summary>Encodes what HTML gives meaning (&lt; &gt; &amp; quotes) and leaves Dutch letters as they are.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The page addresses that have tags of their own (see the client's paths.ts).</summary>
    [GeneratedRegex("^/rondes/(?<round>[^/]+)(/(?<page>uitslag|voorstellen/(?<proposal>[0-9]{1,9})))?/?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SharedPage();

    [GeneratedRegex("<title>.*?</title>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleElement();

    public static bool IsSharedPage(PathString path) => path.HasValue && SharedPage().IsMatch(path.Value!);

    /// <summary>The tags for the page at the request's address.</summary>
    public static async Task<Tags> ForAsync(HttpContext context)
    {
        var url = AbsoluteUrl(context, context.Request.Path.Value ?? "/");
        var generic = new Tags(SiteName, GenericDescription, url, null);
        var match = SharedPage().Match(context.Request.Path.Value ?? "");
        if (!match.Success || !RoundId.TryParse(match.Groups["round"].Value, out var roundId))
        {
            return generic;
        }

        RoundOverview round;
        try
        {
            round = (await context.RequestServices.GetRequiredService<IGrainFactory>().GetRoundGrain(roundId).GetViewAsync()).Round;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A preview is a courtesy: a round that cannot be read now still gets a page, with the generic tags.
            return generic;
        }

        if (!round.Exists || !RoundAccess.IsPublic(round.Phase))
        {
            return generic;
        }

        var place = $"{round.District!.Name}, {round.District.MunicipalityName}";
        if (match.Groups["proposal"].Success
            && ProposalId.TryParse(match.Groups["proposal"].Value, out var proposalId)
            && round.Proposals.TryGetValue(proposalId, out var proposal)
            && proposal.IsActive)
        {
            var picture = proposal.Images.FirstOrDefault(image => image.IsShown && !image.Erased);
            return new Tags(
                $"{proposal.Content.Title} - {round.Title}",
                Shorten(proposal.Content.Description),
                url,
                picture is null ? null : new Picture(
                    AbsoluteUrl(context, $"/api/rounds/{roundId}/proposals/{proposalId}/images/{picture.Image}"), picture.AltText, picture.Width, picture.Height));
        }

        if (string.Equals(match.Groups["page"].Value, "uitslag", StringComparison.Ordinal))
        {
            return new Tags($"Uitslag: {round.Title}", $"Welke plannen krijgen geld uit het buurtbudget van {place}?", url, null);
        }

        return new Tags(round.Title, $"Het buurtbudget van {place}: bekijk de plannen van bewoners en stem mee.", url, null);
    }

    /// <summary><paramref name="index"/> with the page's title and its tags at the end of the head.</summary>
    public static string Render(string index, Tags tags)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(tags);
        var encoder = Encoder;
        var meta = new StringBuilder();
        void Property(string name, string value) => meta.Append(CultureInfo.InvariantCulture, $"<meta property=\"{name}\" content=\"{encoder.Encode(value)}\" />\n");
        void Name(string name, string value) => meta.Append(CultureInfo.InvariantCulture, $"<meta name=\"{name}\" content=\"{encoder.Encode(value)}\" />\n");

        Name("description", tags.Description);
        Property("og:site_name", SiteName);
        Property("og:type", "website");
        Property("og:locale", "nl_NL");
        Property("og:title", tags.Title);
        Property("og:description", tags.Description);
        Property("og:url", tags.Url);
        Name("twitter:card", tags.Picture is null ? "summary" : "summary_large_image");
        Name("twitter:title", tags.Title);
        Name("twitter:description", tags.Description);
        if (tags.Picture is { } picture)
        {
            Property("og:image", picture.Url);
            Property("og:image:type", "image/jpeg");
            Property("og:image:width", picture.Width.ToString(CultureInfo.InvariantCulture));
            Property("og:image:height", picture.Height.ToString(CultureInfo.InvariantCulture));
            Property("og:image:alt", picture.AltText);
            Name("twitter:image", picture.Url);
            Name("twitter:image:alt", picture.AltText);
        }

        var title = $"<title>{encoder.Encode(tags.Title)}</title>";
        var page = TitleElement().IsMatch(index) ? TitleElement().Replace(index, title.Replace("$", "$$", StringComparison.Ordinal), 1) : index;
        var head = page.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? page : page.Insert(head, meta.ToString());
    }

    /// <summary>The address as people share it: the configured public address of the web client where there is one
    /// (News:PublicUrl), so that a forged Host header cannot put another site's address into a preview.</summary>
    private static string AbsoluteUrl(HttpContext context, string path)
    {
        var configured = context.RequestServices.GetService<IOptions<NewsOptions>>()?.Value.PublicUrl;
        var origin = configured is { IsAbsoluteUri: true } url
            ? url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}";
        return origin + path;
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= MaxDescription ? oneLine : string.Concat(oneLine.AsSpan(0, MaxDescription - 1).TrimEnd(), "…");
    }

    public sealed record Picture(string Url, string AltText, int Width, int Height);

    public sealed record Tags(string Title, string Description, string Url, Picture? Picture);
}
