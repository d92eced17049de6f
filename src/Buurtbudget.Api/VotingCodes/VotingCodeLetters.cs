using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Buurtbudget.Domain.Pabulib;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>A batch of codes written for print: a CSV for a print shop, or one A4 letter per code as HTML. Neither
/// holds personal data: the print shop merges the codes with addresses itself, so the platform never sees which
/// address got which code. Every text that comes from the round is HTML-encoded.</summary>
internal static class VotingCodeLetters
{
    public static async Task WriteCsvAsync(TextWriter writer, int batch, IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(codes);
        var batchText = batch.ToString(CultureInfo.InvariantCulture);
        await writer.WriteAsync(OpenDataWriter.Csv(
            ["volgnummer", "stemcode", "batch"],
            codes.Select((code, index) => new[] { (index + 1).ToString(CultureInfo.InvariantCulture), code, batchText })));
    }

    private const string Style = """
        @page { size: A4; margin: 25mm 20mm; }
        body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #000; }
        .letter { break-after: page; page-break-after: always; }
        .letter:last-child { break-after: auto; page-break-after: auto; }
        .code { font-family: "Courier New", monospace; font-size: 20pt; font-weight: bold; letter-spacing: 0.1em; border: 2px solid #000; padding: 6mm; text-align: center; margin: 8mm 0; }
        .deadline { font-weight: bold; }
        .english { font-size: 9pt; color: #333; margin-top: 10mm; }
        """;

    /// <summary>The letters' Content-Security-Policy: their one style element by its hash, and nothing else, so that
    /// even a round title that slipped past encoding could load or run nothing in a page that holds every code.</summary>
    public static readonly string ContentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static async Task WriteHtmlAsync(TextWriter writer, RoundOverview state, Uri votingUrl, IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(votingUrl);
        ArgumentNullException.ThrowIfNull(codes);
        var html = HtmlEncoder.Default;
        var title = html.Encode(state.Title);
        var district = html.Encode(state.District!.Name);
        var municipality = html.Encode(state.District.MunicipalityName);
        var url = html.Encode(ShortAddress(votingUrl));
        var closes = state.Calendar?.VotingCloses;
        var deadline = closes is { } dutchClose
            ? $"U kunt stemmen tot {html.Encode(DutchMoment(dutchClose))}."
            : "De einddatum van de stemming is nog niet vastgesteld. De gemeente maakt die later bekend.";
        var deadlineEnglish = closes is { } englishClose
            ? $"Voting closes on {html.Encode(EnglishMoment(englishClose))}."
            : "The date voting closes has not been set yet; the municipality will announce it.";

        await writer.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="nl">
            <head>
            <meta charset="utf-8">
            <title>Stemcodes {{title}}</title>
            <style>{{Style}}</style>
            </head>
            <body>

            """);
        foreach (var code in codes)
        {
            await writer.WriteAsync($"""
                <section class="letter">
                <h1>Stem mee over het buurtbudget van {district}</h1>
                <p>Beste bewoner,</p>
                <p>In {district} ({municipality}) beslissen bewoners zelf waaraan het buurtbudget wordt besteed. Met de persoonlijke stemcode in deze brief kunt u stemmen in de ronde <strong>{title}</strong>. U heeft daarvoor geen account nodig.</p>
                <ol>
                <li>Ga naar <strong>{url}</strong>.</li>
                <li>Kies <em>Stemmen met een code</em> en typ de code hieronder over. Hoofdletters, spaties en streepjes maken niet uit.</li>
                <li>Kies de voorstellen die u wilt steunen en bevestig uw stem.</li>
                </ol>
                <p class="deadline">{deadline}</p>
                <p class="code">{html.Encode(code)}</p>
                <p>Zolang de stemming open is, kunt u uw stem met dezelfde code wijzigen; alleen uw laatste stem telt. De code hoort bij deze ronde en geldt voor één stem: geef hem niet aan een ander. Niemand kan zien wat er met deze code is gestemd.</p>
                <p class="english" lang="en">English: with the code above you can vote in the neighbourhood budget round &ldquo;{title}&rdquo; of {district} without an account. Go to {url}, choose <em>Vote with a code</em> and type the code. You can change your vote with the same code until voting closes; only your last vote counts. {deadlineEnglish}</p>
                </section>

                """);
        }

        await writer.WriteAsync("</body>\n</html>\n");
    }

    /// <summary>The voting address as a resident types it from paper: host and path, without the scheme (browsers
    /// add it) and without a trailing slash; the port only where it is not the scheme's own.</summary>
    public static string ShortAddress(Uri votingUrl)
    {
        ArgumentNullException.ThrowIfNull(votingUrl);
        var path = votingUrl.AbsolutePath.TrimEnd('/');
        return votingUrl.Authority + path + votingUrl.Query;
    }

    /// <summary>Letters go to Dutch addresses, so their moments are in Dutch time, whatever the server's zone.</summary>
    private static readonly TimeZoneInfo DutchTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    // Culture-free on purpose, like OutcomeTexts: servers may run with invariant globalization, without nl-NL.
    private static readonly string[] DutchDays = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
    private static readonly string[] DutchMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    /// <summary>"dinsdag 12 maart 2027 om 17:00 uur", in Dutch time.</summary>
    public static string DutchMoment(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, DutchTime);
        return string.Create(CultureInfo.InvariantCulture, $"{DutchDays[(int)local.DayOfWeek]} {local.Day} {DutchMonths[local.Month - 1]} {local.Year} om {local:HH:mm} uur");
    }

    /// <summary>"Tuesday 12 March 2027 at 17:00 (Dutch time)".</summary>
    public static string EnglishMoment(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, DutchTime);
        return string.Create(CultureInfo.InvariantCulture, $"{local:dddd d MMMM yyyy} at {local:HH:mm} (Dutch time)");
    }
}
