using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.News;

/// <summary>The resident's own list of subscriptions carries, per subscription, what its withdraw button sends: the same
/// token as the withdraw link in its messages, and to its owner only.</summary>
public sealed class MySubscriptionWithdrawalTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_resident_withdraws_one_subscription_from_their_own_list()
    {
        await using var smtp = new LoopbackSmtpServer();
        smtp.Start();
        await using var app = new BuurtbudgetApp(_directory, settings: smtp.Settings);
        var resident = app.Resident("bewoner-met-nieuws", Http.Delfshaven);
        await (await resident.Post($"/api/wijken/{Http.Delfshaven}/news-subscriptions", new { email = "thuis@example.nl" })).Json(HttpStatusCode.Accepted);
        await (await resident.Post($"/api/wijken/{Http.Noord}/news-subscriptions", new { email = "werk@example.nl" })).Json(HttpStatusCode.Accepted);
        var mine = (await (await resident.GetAsync("/api/news/subscriptions/mine")).Json(HttpStatusCode.OK)).AsArray();
        var home = mine.Single(s => (string?)s!["district"] == Http.Delfshaven)!;

        var withdrawn = await (await resident.Post("/api/news/withdrawals", new { token = (string?)home["withdrawToken"] })).Json(HttpStatusCode.OK);

        Assert.True((bool)withdrawn["withdrawn"]!);
        var left = (await (await resident.GetAsync("/api/news/subscriptions/mine")).Json(HttpStatusCode.OK)).AsArray();
        Assert.Equal(Http.Noord, (string?)Assert.Single(left)!["district"]);
        Assert.Empty((await (await app.Resident("buurman", Http.Delfshaven).GetAsync("/api/news/subscriptions/mine")).Json(HttpStatusCode.OK)).AsArray());
    }
}
