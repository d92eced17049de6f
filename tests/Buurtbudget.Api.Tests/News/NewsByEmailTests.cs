using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace Buurtbudget.Api.Tests.News;

/// <summary>News by e-mail, end to end: the real API host sends through a real SMTP server on loopback, and the
/// tests read what arrived and what the database holds.</summary>
public sealed partial class NewsByEmailTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Confirmation_mail_arrives_and_its_link_confirms()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var anonymous = app.Anonymous();

        var answer = await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "Bewoner@Example.nl" })).Json(HttpStatusCode.Accepted);
        Assert.Equal(Http.Delfshaven, (string?)answer["district"]);

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("bewoner@example.nl", Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("Bevestig uw e-mailadres", mail.Subject, StringComparison.Ordinal);
        var text = mail.TextBody ?? "";
        Assert.True(text.IndexOf("Klik op deze link", StringComparison.Ordinal) < text.IndexOf("Click this link", StringComparison.Ordinal), "Dutch comes first.");
        Assert.StartsWith("<https://buurtbudget.rotterdam.example/api/news/withdrawals/one-click?token=", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("https://buurtbudget.rotterdam.example/nieuws/afmelden?token=", text, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("SELECT count(*) FROM news_subscriptions WHERE confirmed_at IS NOT NULL"));

        var confirmed = await (await anonymous.Post("/api/news/confirmations", new { token = ConfirmToken(mail) })).Json(HttpStatusCode.OK);
        Assert.True((bool)confirmed["confirmed"]!);
        Assert.Equal(1, Scalar("SELECT count(*) FROM news_subscriptions WHERE confirmed_at IS NOT NULL"));

        // The same address again: the same answer, still one subscription, and no second mail to a confirmed address.
        await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "bewoner@example.nl" })).Json(HttpStatusCode.Accepted);
        await WaitForQueueEmptyAsync();
        Assert.Equal(1, Scalar("SELECT count(*) FROM news_subscriptions"));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task Voting_opens_mail_reaches_confirmed_subscribers_only_and_a_review_only_its_author()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var anonymous = app.Anonymous();
        await SubscribeAndConfirmAsync(app, smtp, anonymous, "buur@example.nl", Http.Delfshaven);
        // The author of the proposals below (RoundScenario's "indiener"), signed in: their key is recorded, not who they are.
        await SubscribeAndConfirmAsync(app, smtp, app.Resident("indiener", Http.Delfshaven), "indiener@example.nl", Http.Delfshaven);
        await SubscribeAndConfirmAsync(app, smtp, anonymous, "noord@example.nl", Http.Noord);
        await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "twijfel@example.nl" })).Json(HttpStatusCode.Accepted);
        await smtp.WaitForAsync(4);

        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000, 300_000]);
        await WaitForFeedAsync(round);
        await WaitForQueueEmptyAsync();

        var news = smtp.Received.Where(m => !(m.Subject ?? "").StartsWith("Bevestig", StringComparison.Ordinal)).ToList();
        string[] To(string address) => [.. news.Where(m => m.To.Mailboxes.Single().Address == address).Select(m => (m.Subject ?? "").Split(" / ")[0]).Order(StringComparer.Ordinal)];
        Assert.Equal(["Stem nu: Buurtbudget Middelland", "U kunt nu plannen indienen voor Buurtbudget Middelland"], To("buur@example.nl"));
        Assert.Equal(
            ["Stem nu: Buurtbudget Middelland", "U kunt nu plannen indienen voor Buurtbudget Middelland", "Uw plan 'Voorstel 1' is beoordeeld", "Uw plan 'Voorstel 2' is beoordeeld"],
            To("indiener@example.nl"));
        Assert.Empty(To("noord@example.nl"));
        Assert.Empty(To("twijfel@example.nl"));
        Assert.Contains("uitvoerbaar", news.First(m => (m.Subject ?? "").StartsWith("Uw plan 'Voorstel 1'", StringComparison.Ordinal)).TextBody ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voting_closes_soon_results_and_a_completed_project_each_arrive_once()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        // The reminder goes this long before voting closes: 35 days less 25 seconds, so that with a calendar whose
        // voting closes in 35 days it falls due 25 seconds after the calendar is set, which is after voting opened.
        var settings = LogTo(Path.Combine(_directory.Root, "reminder.json"), new Dictionary<string, string?>(smtp.Settings, StringComparer.Ordinal) { ["News:VotingClosesReminder"] = "34.23:59:35" });
        await using var app = new BuurtbudgetApp(_directory, settings: settings);
        await SubscribeAndConfirmAsync(app, smtp, app.Anonymous(), "volger@example.nl", Http.Delfshaven);

        var coordinator = app.Coordinator(Http.Delfshaven);
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        await coordinator.Put($"/api/rounds/{round}/calendar", Rounds.RoundCalendarApiTests.Calendar(7, 21, 28, 35)).Ok();
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        var author = app.Resident("indiener", Http.Delfshaven);
        await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal("Lantaarns in de steeg", 400_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        await (await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents = 400_000 })).Json(HttpStatusCode.OK);
        await RoundScenario.MoveAsync(coordinator, round, "voting");
        await author.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();

        var reminder = (await smtp.WaitForAsync(4, TimeSpan.FromSeconds(90))).Last();
        Assert.StartsWith("Nog 2 dagen stemmen: Buurtbudget Middelland", reminder.Subject, StringComparison.Ordinal);
        Assert.Contains(" om ", reminder.TextBody ?? "", StringComparison.Ordinal);
        await WaitUntilAsync(() => Scalar("SELECT count(*) FROM news_schedule") == 0, "the reminder left the schedule");

        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        await RoundScenario.MoveAsync(coordinator, round, "spending");
        await coordinator.Put($"/api/rounds/{round}/spending/projects/1/progress", new { status = "completed", percentComplete = 100 }).Ok();
        // The first "Klaar" is sent (and leaves the queue) before the project is reported completed again: the second
        // report is no news, however long after the first it comes.
        await WaitForFeedAsync(round);
        await WaitForQueueEmptyAsync();
        await coordinator.Put($"/api/rounds/{round}/spending/projects/1/progress", new { status = "completed", percentComplete = 100, milestone = "Opgeleverd" }).Ok();
        await WaitForFeedAsync(round);
        await WaitForQueueEmptyAsync();

        var subjects = smtp.Received.Skip(1).Select(m => (m.Subject ?? "").Split(" / ")[0]).ToList();
        Assert.Equal(
            [
                "U kunt nu plannen indienen voor Buurtbudget Middelland", "Stem nu: Buurtbudget Middelland", "Nog 2 dagen stemmen: Buurtbudget Middelland",
                "De uitslag is bekend: Buurtbudget Middelland", "Klaar: Lantaarns in de steeg",
            ],
            subjects);
    }

    [Fact]
    public async Task Withdrawal_deletes_the_row_and_no_further_mail_comes()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var anonymous = app.Anonymous();
        var byLink = await SubscribeAndConfirmAsync(app, smtp, anonymous, "weg@example.nl", Http.Delfshaven);
        var byButton = await SubscribeAndConfirmAsync(app, smtp, anonymous, "knop@example.nl", Http.Delfshaven);
        Assert.Equal(2, Scalar("SELECT count(*) FROM news_subscriptions"));

        var withdrawn = await (await anonymous.Post("/api/news/withdrawals", new { token = WithdrawToken(byLink) })).Json(HttpStatusCode.OK);
        Assert.False((bool)withdrawn["alreadyGone"]!);
        // The mail program's button posts to the List-Unsubscribe address (RFC 8058).
        var oneClick = new Uri((byButton.Headers["List-Unsubscribe"] ?? "").Trim('<', '>'));
        using var form = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        (await anonymous.PostAsync(oneClick.PathAndQuery, form)).EnsureSuccessStatusCode();

        Assert.Equal(0, Scalar("SELECT count(*) FROM news_subscriptions"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM news_outbox"));
        var again = await (await anonymous.Post("/api/news/withdrawals", new { token = WithdrawToken(byLink) })).Json(HttpStatusCode.OK);
        Assert.True((bool)again["alreadyGone"]!);

        var round = await RoundScenario.CreateAsync(app);
        await RoundScenario.MoveAsync(app.Coordinator(Http.Delfshaven), round, "submission");
        await WaitForFeedAsync(round);
        await WaitForQueueEmptyAsync();
        Assert.Equal(2, smtp.Received.Count);
    }

    [Fact]
    public async Task Queued_mail_survives_a_restart_and_is_sent_once()
    {
        var logFile = Path.Combine(_directory.Root, "no-smtp.json");
        await using (var withoutSmtp = new BuurtbudgetApp(_directory, settings: LogTo(logFile, new Dictionary<string, string?>(StringComparer.Ordinal) { ["News:PollInterval"] = "00:00:00.200" })))
        {
            await (await withoutSmtp.Anonymous().Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "later@example.nl" })).Json(HttpStatusCode.Accepted);
            Assert.Equal(1, Scalar("SELECT count(*) FROM news_outbox"));
            await WaitUntilAsync(() => File.Exists(logFile) && Shared(logFile).Contains("no SMTP host is configured", StringComparison.Ordinal), "the log says mail waits");
        }

        Assert.DoesNotContain("later@example.nl", Shared(logFile), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, Scalar("SELECT count(*) FROM news_outbox"));

        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var withSmtp = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        _ = withSmtp.Server;
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("later@example.nl", mail.To.Mailboxes.Single().Address);
        await WaitForQueueEmptyAsync();
        // Several more polls: a sent message is not sent again.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_delays_mail_but_loses_none()
    {
        var port = LoopbackSmtpServer.FreePort();
        await using var smtp = new LoopbackSmtpServer(port);
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        await (await app.Anonymous().Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "geduld@example.nl" })).Json(HttpStatusCode.Accepted);

        await WaitUntilAsync(() => Scalar("SELECT coalesce(max(attempts), 0) FROM news_outbox") >= 2, "two failed attempts");
        Assert.Empty(smtp.Received);

        smtp.Start();
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("geduld@example.nl", mail.To.Mailboxes.Single().Address);
        await WaitForQueueEmptyAsync();
    }

    [Fact]
    public async Task Neither_the_database_nor_the_log_holds_an_address_in_the_clear()
    {
        var logFile = Path.Combine(_directory.Root, "all.json");
        string[] addresses = ["Privacy.Test@Example.nl", "tweede.persoon@voorbeeld.nl"];
        await using (var smtp = new LoopbackSmtpServer())
        {
            smtp.Start();
            await using var app = new BuurtbudgetApp(_directory, settings: LogTo(logFile, smtp.Settings));
            var resident = app.Resident("indiener", Http.Delfshaven);
            await SubscribeAndConfirmAsync(app, smtp, resident, addresses[0], Http.Delfshaven);
            await (await app.Anonymous().Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = addresses[1] })).Json(HttpStatusCode.Accepted);
            var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
            await WaitForFeedAsync(round);
            await WaitForQueueEmptyAsync();
            Assert.True(smtp.Received.Count >= 4);

            // The resident's own view shows the address only partly.
            var mine = await (await resident.GetAsync("/api/news/subscriptions/mine")).Json(HttpStatusCode.OK);
            Assert.Equal("p…@example.nl", (string?)mine[0]!["address"]);
            var export = await (await app.Auditor().GetAsync($"/api/rounds/{round}/export")).Content.ReadAsStringAsync();
            Assert.All(addresses, address => Assert.DoesNotContain(address.Split('@')[0], export, StringComparison.OrdinalIgnoreCase));
        }

        var log = Shared(logFile);
        Assert.Contains("sent", log, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_directory.Data, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var asText = Encoding.UTF8.GetString(bytes);
            var asUtf16 = Encoding.Unicode.GetString(bytes);
            foreach (var address in addresses)
            {
                foreach (var part in new[] { address, address.ToLowerInvariant(), address.Split('@')[0].ToLowerInvariant() })
                {
                    Assert.DoesNotContain(part, asText, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(part, asUtf16, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(part, log, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task A_wrong_address_or_link_gets_a_problem_a_person_can_act_on()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var anonymous = app.Anonymous();

        var wrong = await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "naam at voorbeeld" })).Problem(HttpStatusCode.BadRequest, "news-address-invalid");
        Assert.Contains("naam@voorbeeld.nl", (string?)wrong["detail"], StringComparison.Ordinal);
        await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "" })).Problem(HttpStatusCode.BadRequest, "missing-field");
        await (await anonymous.Post("/api/wijken/Delfshaven/news-subscriptions", new { email = "a@b.nl" })).Problem(HttpStatusCode.BadRequest, "invalid-value");
        await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "a@b.nl", language = "de" })).Problem(HttpStatusCode.BadRequest, "invalid-value");

        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/news/confirmations") { Content = JsonContent.Create(new { token = "0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAA" }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var problem = await (await anonymous.SendAsync(english)).Problem(HttpStatusCode.NotFound, "news-link-invalid");
        Assert.Contains("Copy the whole link", (string?)problem["detail"], StringComparison.Ordinal);
        await (await anonymous.Post("/api/news/withdrawals", new { token = "nonsense" })).Problem(HttpStatusCode.NotFound, "news-link-invalid");
        await (await anonymous.PostAsync("/api/news/withdrawals/one-click", null)).Problem(HttpStatusCode.NotFound, "news-link-invalid");
    }

    [Fact]
    public async Task Sign_ups_are_limited_per_client_address_and_a_second_request_sends_no_second_mail()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var household = BuurtbudgetApp.From(app.Anonymous(), "203.0.113.7");
        for (var i = 0; i < Buurtbudget.Api.RateLimits.RateLimitPolicies.NewsSubscriptionsPerAddressPerHour; i++)
        {
            await (await household.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "herhaal@example.nl" })).Json(HttpStatusCode.Accepted);
        }

        await (await household.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "nog.een@example.nl" })).Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        // Another address (another household) is not held up.
        await (await BuurtbudgetApp.From(app.Anonymous(), "198.51.100.9").Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "buren@example.nl" })).Json(HttpStatusCode.Accepted);

        await smtp.WaitForAsync(2);
        await WaitForQueueEmptyAsync();
        // Ten requests for one address within the hour: one confirmation mail, so the form cannot flood a mailbox.
        Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == "herhaal@example.nl");
        Assert.Equal(2, Scalar("SELECT count(*) FROM news_subscriptions"));
    }

    [Fact]
    public async Task A_confirmation_link_does_not_withdraw_and_a_withdrawal_link_does_not_confirm()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var anonymous = app.Anonymous();
        await (await anonymous.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "kruis@example.nl" })).Json(HttpStatusCode.Accepted);
        var mail = Assert.Single(await smtp.WaitForAsync(1));

        await (await anonymous.Post("/api/news/withdrawals", new { token = ConfirmToken(mail) })).Problem(HttpStatusCode.NotFound, "news-link-invalid");
        await (await anonymous.Post("/api/news/confirmations", new { token = WithdrawToken(mail) })).Problem(HttpStatusCode.NotFound, "news-link-invalid");
        Assert.Equal(1, Scalar("SELECT count(*) FROM news_subscriptions WHERE confirmed_at IS NULL"));
    }

    private static Dictionary<string, string?> LogTo(string logFile, IReadOnlyDictionary<string, string?> settings) =>
        new(settings, StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:All:Name"] = "File",
            ["Serilog:WriteTo:All:Args:path"] = logFile,
            ["Serilog:WriteTo:All:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        };

    /// <summary>Reads a log file the running app still holds open.</summary>
    private static string Shared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task<MimeMessage> SubscribeAndConfirmAsync(BuurtbudgetApp app, LoopbackSmtpServer smtp, HttpClient client, string address, string district)
    {
        var before = smtp.Received.Count;
        await (await client.Post($"/api/wijken/{district}/news-subscriptions", new { email = address })).Json(HttpStatusCode.Accepted);
        var mail = (await smtp.WaitForAsync(before + 1)).Last(m => string.Equals(m.To.Mailboxes.Single().Address, address, StringComparison.OrdinalIgnoreCase));
        await (await app.Anonymous().Post("/api/news/confirmations", new { token = ConfirmToken(mail) })).Json(HttpStatusCode.OK);
        return mail;
    }

    private static string ConfirmToken(MimeMessage mail) => Token(mail, "nieuws/bevestigen");

    private static string WithdrawToken(MimeMessage mail) => Token(mail, "nieuws/afmelden");

    private static string Token(MimeMessage mail, string page)
    {
        var match = Regex.Match(mail.TextBody ?? "", Regex.Escape(page) + @"\?token=(?<token>\S+)", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"No {page} link in: {mail.TextBody}");
        return Uri.UnescapeDataString(match.Groups["token"].Value);
    }

    /// <summary>Until the feed has read the round's whole log.</summary>
    private Task WaitForFeedAsync(string round) =>
        WaitUntilAsync(
            () => Scalar($"SELECT count(*) FROM news_cursors c WHERE c.round_id = '{round}' AND c.seq = (SELECT max(seq) FROM events WHERE round_id = '{round}')") == 1,
            $"the news feed read round {round}");

    private Task WaitForQueueEmptyAsync() => WaitUntilAsync(() => Scalar("SELECT count(*) FROM news_outbox") == 0, "the mail queue is empty");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Waited 30 s for: {what}.");
            await Task.Delay(100);
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory.Data, "buurtbudget.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
