using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;

namespace Buurtbudget.LoadTesting.Voting;

/// <summary>Talks to one node over HTTP as residents, a coordinator, an admin and an auditor, with tokens from the
/// development issuer. Every call but a ballot throws <see cref="TrialException"/> on an unexpected answer: the
/// harness must not mistake a broken setup for a result.</summary>
public sealed class BuurtbudgetClient : IDisposable
{
    public const string District = "WK059903";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    private readonly HttpClient _http;
    private readonly DevelopmentTokenIssuer _issuer;
    private readonly ConcurrentDictionary<(string Subject, Role Role), string> _tokens;

    /// <param name="tokens">Tokens already signed, shared between the clients of one trial: signing is the most
    /// expensive thing the harness does, and a token stays valid across the node's restart.</param>
    public BuurtbudgetClient(Uri baseAddress, DevelopmentTokenIssuer issuer, int connections, ConcurrentDictionary<(string Subject, Role Role), string> tokens)
    {
        _issuer = issuer;
        _tokens = tokens;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>A round in voting with <paramref name="proposals"/> feasible proposals of € 1.000 each and a
    /// budget that fits all of them, so that every non-empty choice is a valid ballot. Brought there the way
    /// people would: the municipality allocates the round's budget to the wijk, an admin creates the round (which
    /// reserves it), proposals are submitted by a resident and reviewed by the coordinator.</summary>
    public async Task<string> PrepareRoundInVotingAsync(int proposals, CancellationToken cancellationToken, string title = "Crashproef buurtbudget")
    {
        const long cost = 100_000;
        await SendAsync<JsonElement>(HttpMethod.Post, $"api/wijken/{District}/budget/allocations", Role.Admin, "gemeente-beheer", new
        {
            amountCents = cost * proposals,
            reason = "Budget voor een ronde van de belastingstest",
        }, HttpStatusCode.Created, cancellationToken);

        var round = await SendAsync<RoundAnswer>(HttpMethod.Post, "api/rounds", Role.Admin, "gemeente-beheer", new
        {
            districtCode = District,
            districtName = "Delfshaven",
            municipalityName = "Rotterdam",
            title,
            rules = new { budgetCents = cost * proposals, ballotMethod = new { kind = "approval-within-budget" } },
        }, HttpStatusCode.Created, cancellationToken);

        await MoveAsync(round.Id, "submission", cancellationToken);
        for (var i = 1; i <= proposals; i++)
        {
            await SendAsync<JsonElement>(HttpMethod.Post, $"api/rounds/{round.Id}/proposals", Role.Resident, "indiener", new
            {
                title = $"Verlichting in straat {i}",
                description = "Betere straatverlichting zodat de buurt 's avonds veiliger is.",
                category = "lighting",
                estimatedCostCents = cost,
            }, HttpStatusCode.Created, cancellationToken);
        }

        await MoveAsync(round.Id, "review", cancellationToken);
        for (var i = 1; i <= proposals; i++)
        {
            await SendAsync<JsonElement>(
                HttpMethod.Post, $"api/rounds/{round.Id}/proposals/{i}/review", Role.Coordinator, "wijkcoordinator",
                new { decision = "feasible", approvedCostCents = cost }, HttpStatusCode.OK, cancellationToken);
        }

        await MoveAsync(round.Id, "voting", cancellationToken);
        return round.Id;
    }

    /// <summary>Casts a ballot. Returns the saved ballot when the API acknowledged it (200), or null for any other
    /// answer; an exception means no answer came (the node died while the ballot was in flight).</summary>
    public async Task<(BallotAnswer? Saved, HttpStatusCode Status)> CastBallotAsync(string round, string subject, IReadOnlyList<int> proposals, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"api/rounds/{round}/ballot", Role.Resident, subject, new
        {
            choices = proposals.Select(p => new { proposalId = p }).ToArray(),
        });
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, response.StatusCode);
        }

        var saved = await response.Content.ReadFromJsonAsync<BallotAnswer>(Json, cancellationToken);
        return (saved is { Saved: true } ? saved : null, response.StatusCode);
    }

    /// <summary>The resident's stored ballot, or null when they have none. A 503 (a round still moving to another node,
    /// or its store briefly unavailable) is read again after its Retry-After, as a client does, a few times: the checks
    /// read what is stored, and how long the platform was unavailable is measured elsewhere.</summary>
    public async Task<BallotAnswer?> GetBallotAsync(string round, string subject, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = Request(HttpMethod.Get, $"api/rounds/{round}/ballot", Role.Resident, subject, body: null);
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < ReadAttempts)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }

            return await BallotOfAsync(response, subject, cancellationToken);
        }
    }

    private const int ReadAttempts = 10;

    private static async Task<BallotAnswer?> BallotOfAsync(HttpResponseMessage response, string subject, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return await response.Content.ReadFromJsonAsync<BallotAnswer>(Json, cancellationToken)
                ?? throw new TrialException("The API answered a ballot read with an empty body.");
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && string.Equals(JsonSerializer.Deserialize<ProblemAnswer>(body, Json)?.Code, "no-ballot-yet", StringComparison.Ordinal))
        {
            return null;
        }

        throw new TrialException($"Reading {subject}'s ballot answered {(int)response.StatusCode}{Challenge(response)}: {body}");
    }

    public Task<TallyAnswer> GetTallyAsync(string round, CancellationToken cancellationToken) =>
        SendAsync<TallyAnswer>(HttpMethod.Get, $"api/rounds/{round}/tally", Role.Coordinator, "wijkcoordinator", null, HttpStatusCode.OK, cancellationToken);

    /// <summary>The whole event log, page by page, as an auditor reads it. The API verifies the chain over the whole
    /// log on every page; the last page's verdict is the one returned.</summary>
    public async Task<EventLogAnswer> GetEventLogAsync(string round, CancellationToken cancellationToken)
    {
        const int page = 10_000;
        var events = new List<EventAnswer>();
        EventLogAnswer last;
        do
        {
            var after = events.Count == 0 ? 0 : events[^1].Sequence;
            last = await SendAsync<EventLogAnswer>(
                HttpMethod.Get,
                string.Create(CultureInfo.InvariantCulture, $"api/rounds/{round}/events?after={after}&limit={page}"),
                Role.Auditor,
                "controleur",
                null,
                HttpStatusCode.OK,
                cancellationToken);
            events.AddRange(last.Events);
        }
        while (last.Events.Count == page);

        return last with { Events = events };
    }

    /// <summary>Signs the residents' tokens now, so that signing does not compete with the vote for the CPU.</summary>
    public void SignResidentTokens(IEnumerable<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        foreach (var subject in subjects)
        {
            _ = Token(Role.Resident, subject);
        }
    }

    /// <summary>A signed access token for <paramref name="subject"/> in <paramref name="role"/> (of this wijk, except
    /// for auditors), for load engines that send their own requests. Safe to call from many threads at once.</summary>
    public string TokenFor(Role role, string subject) => Token(role, subject);

    public void Dispose() => _http.Dispose();

    private Task MoveAsync(string round, string to, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"api/rounds/{round}/phase", Role.Coordinator, "wijkcoordinator", new { to }, HttpStatusCode.OK, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, Role role, string subject, object? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, role, subject, body);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new TrialException($"{method} /{path} as {role} answered {(int)response.StatusCode}{Challenge(response)}, not {(int)expected}: {text}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new TrialException($"{method} /{path} answered with an empty body.");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, Role role, string subject, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return request;
    }

    /// <summary>A refused token's reason as the node gave it (RFC 6750's error description), for the harness's message.</summary>
    private static string Challenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Count > 0 ? $" ({string.Join("; ", response.Headers.WwwAuthenticate)})" : "";

    /// <summary>Uses <paramref name="token"/> for <paramref name="subject"/> from now on: tokens signed earlier (kept
    /// between runs) need not be signed again when the harness reads as that person.</summary>
    public void Remember(Role role, string subject, string token) => _tokens[(subject, role)] = token;

    private string Token(Role role, string subject) =>
        _tokens.GetOrAdd((subject, role), key => _issuer.CreateToken(
            key.Subject,
            [key.Role],
            key.Role == Role.Auditor ? [] : [DistrictCode.Parse(District)],
            TokenLifetime));
}

/// <summary>The harness could not carry out its run (a node did not start, the setup was refused, the load engine
/// failed): not a verdict on the platform, but a run that ends with it is not a passing run either.</summary>
public sealed class TrialException : Exception
{
    public TrialException()
    {
    }

    public TrialException(string message)
        : base(message)
    {
    }

    public TrialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
