using Buurtbudget.Api.Problems;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Problems;
using Buurtbudget.Storage.News;
using Buurtbudget.Storage.Summaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.News;

/// <summary>News by e-mail: leave an address for a wijk, confirm it by the link in the first message, withdraw it by
/// the link in every message, and see one's own subscriptions.
/// <para>Subscribing needs no account: many residents vote with a code by post and never sign in, and the link in the
/// confirmation mail proves the address, which is all a subscription needs. So the form is open to anyone, limited
/// per client address, and a second request for the same address within an hour sends no second mail, so the form
/// cannot be used to flood a mailbox; the answer is the same whether the address was new, waiting or confirmed, so it
/// tells nobody who subscribed. A resident who is signed in has their participant key (a keyed hash, never who they
/// are) recorded with the subscription, which is what lets the news about their own proposal reach them.</para>
/// <para>Tokens travel in request bodies (and, for the mail programs' one-click button, in a query string, which the
/// request log never writes); addresses only in the subscribe request's body.</para></summary>
internal static class NewsApi
{
    public static IServiceCollection AddBuurtbudgetNews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NewsOptions>().Bind(configuration.GetSection(NewsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NewsOptions>, NewsOptionsValidator>();
        services.AddSingleton(provider => new NewsKeys(
            // The same key the participant hasher uses, found the same way (configured, else the install's key file).
            provider.GetRequiredService<IOptions<PrivacyOptions>>().Value.DecodeKey()
            ?? ParticipantHashKeyFile.LoadOrCreate(provider.GetRequiredService<Storage.DataDirectory>().Path)));
        services.AddSingleton<NewsLinks>();
        services.AddSingleton<NewsMessages>();
        services.AddSingleton<NewsSignal>();
        services.AddSingleton<NewsSubscriptions>();
        services.AddHostedService<NewsFeed>();
        services.AddHostedService<NewsSender>();
        return services;
    }

    public static void MapNewsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/wijken/{code}/news-subscriptions", Subscribe).WithTags("News").WithName("SubscribeToNews")
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.NewsSubscription).ProducesProblems(400, 503)
            .WithSummary("Leaves an e-mail address for a wijk's news; a message with a link to confirm it follows. The same answer whether the address is new or known. Anyone, limited per client address; a signed-in resident also hears about their own proposals.");

        var links = app.MapGroup("/api/news").WithTags("News").AllowAnonymous();
        links.MapPost("/confirmations", Confirm).WithName("ConfirmNewsSubscription").ProducesProblems(400, 404, 503)
            .WithSummary("Confirms a subscription with the token from the confirmation message's link. Anyone with the link.");
        links.MapPost("/withdrawals", Withdraw).WithName("WithdrawNewsSubscription").ProducesProblems(400, 404, 503)
            .WithSummary("Withdraws a subscription with the token from any message's link: the address is deleted at once. Anyone with the link.");
        links.MapPost("/withdrawals/one-click", WithdrawInOneClick).WithName("WithdrawNewsSubscriptionInOneClick").ProducesProblems(404, 503)
            .WithSummary("The mail programs' unsubscribe button (RFC 8058): the token in the query string of the List-Unsubscribe header. Anyone with the link.");
        app.MapGet("/api/news/subscriptions/mine", Mine).WithTags("News").WithName("GetMyNewsSubscriptions").RequireAuthorization(Policies.SignedIn).ProducesProblems(503)
            .WithSummary("The subscriptions the signed-in caller made while signed in, with their addresses partly hidden. Anyone signed in, their own only.");
    }

    private static async Task<Results<Accepted<SubscribeAnswer>, ProblemHttpResult>> Subscribe(
        string code,
        SubscribeRequest request,
        NewsSubscriptions subscriptions,
        IRoundSummaries summaries,
        NewsSignal signal,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!DistrictCode.TryParse(code, out var district))
        {
            return Problem(context, ProblemCatalog.InvalidValue, ("field", "code"), ("value", code), ("allowed", "WK + 6 cijfers / digits, e.g. WK059903"));
        }

        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return Problem(context, ProblemCatalog.MissingField, ("field", "email"));
        }

        if (NewsSubscriptions.Normalise(request.Email) is not { } address)
        {
            return Problem(context, ProblemCatalog.NewsAddressInvalid);
        }

        var language = request.Language switch
        {
            null or "" => ResponseLanguages.Preferred(context.Request) == ResponseLanguage.English ? "en" : "nl",
            "nl" or "en" => request.Language,
            _ => null,
        };
        if (language is null)
        {
            return Problem(context, ProblemCatalog.InvalidValue, ("field", "language"), ("value", request.Language), ("allowed", "nl, en"));
        }

        ParticipantKey? participant = context.TryGetCaller(out var caller) && caller.MayVote ? caller.ParticipantKey : null;
        var known = (await summaries.ListSummariesAsync(district, cancellationToken: cancellationToken)).FirstOrDefault();
        var name = known is null ? null : Actors.Rounds.RoundSummary.FromStored(known).District.Name;
        await subscriptions.SubscribeAsync(district, address, language, participant, new NewsFacts(district.Value, name), cancellationToken);
        signal.Wake();
        return TypedResults.Accepted((string?)null, new SubscribeAnswer(district.Value, name));
    }

    private static async Task<Results<Ok<SubscriptionAnswer>, ProblemHttpResult>> Confirm(
        TokenRequest request,
        NewsLinks links,
        INewsStore store,
        TimeProvider time,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (links.SubscriptionOf(NewsLinks.Confirm, request.Token) is not { } id || !await store.ConfirmAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return Problem(context, ProblemCatalog.NewsLinkInvalid);
        }

        var subscription = await store.FindSubscriptionAsync(id, cancellationToken);
        return TypedResults.Ok(new SubscriptionAnswer(subscription?.District.Value ?? "", Confirmed: true));
    }

    private static async Task<Results<Ok<WithdrawalAnswer>, ProblemHttpResult>> Withdraw(
        TokenRequest request,
        NewsLinks links,
        INewsStore store,
        HttpContext context,
        CancellationToken cancellationToken) =>
        await WithdrawAsync(request.Token, links, store, context, cancellationToken);

    private static async Task<Results<Ok<WithdrawalAnswer>, ProblemHttpResult>> WithdrawInOneClick(
        [FromQuery] string? token,
        NewsLinks links,
        INewsStore store,
        HttpContext context,
        CancellationToken cancellationToken) =>
        await WithdrawAsync(token, links, store, context, cancellationToken);

    private static async Task<Results<Ok<WithdrawalAnswer>, ProblemHttpResult>> WithdrawAsync(string? token, NewsLinks links, INewsStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (links.SubscriptionOf(NewsLinks.Withdraw, token) is not { } id)
        {
            return Problem(context, ProblemCatalog.NewsLinkInvalid);
        }

        // A second click (or an old message's link) finds nothing left to delete: that is what was asked.
        var deleted = await store.WithdrawAsync(id, cancellationToken);
        return TypedResults.Ok(new WithdrawalAnswer(Withdrawn: true, AlreadyGone: !deleted));
    }

    private static async Task<Ok<IReadOnlyList<MySubscription>>> Mine(
        INewsStore store,
        NewsSubscriptions subscriptions,
        NewsLinks links,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var caller = context.GetCaller();
        var mine = await store.ListOfParticipantAsync(caller.ParticipantKey, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<MySubscription>>([.. mine.Select(s => new MySubscription(s.District.Value, subscriptions.Masked(s), s.IsConfirmed, s.CreatedAt, links.Token(NewsLinks.Withdraw, s.Id)))]);
    }

    private static ProblemHttpResult Problem(HttpContext context, string code, params (string Name, object? Value)[] arguments) =>
        TypedResults.Problem(Problems.Problems.Build(context, code, DomainError.Of(code, arguments).Arguments));
}
