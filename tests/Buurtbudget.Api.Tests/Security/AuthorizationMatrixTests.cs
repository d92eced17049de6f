using System.Net;
using System.Net.Http.Json;
using System.Text;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>Who may call what: one row per endpoint of the running app, one expected status per kind of caller,
/// every cell run against a real round of the Delfshaven wijk in a suitable phase. An endpoint without a row fails
/// the test, so a new endpoint cannot ship without deciding who may call it; a row without an endpoint fails too.</summary>
public sealed class AuthorizationMatrixTests : IDisposable
{
    private static readonly object SpendBody = new
    {
        proposalId = 1,
        amountCents = 100,
        description = "Voorschot aannemer",
        supplier = "Stadsbeheer BV",
        invoiceReference = "F-1",
        invoiceDate = "2026-01-05",
    };

    /// <summary>Not 401 or 403: the caller gets past authorization; what happens next depends on phase and body.</summary>
    private const int Allowed = 0;

    /// <summary>Endpoints outside the matrix: infrastructure that is anonymous for every caller by design.</summary>
    private static readonly string[] Infrastructure = ["/openapi/", "/health/"];

    private static readonly object NewRound = new
    {
        districtCode = Http.Delfshaven,
        districtName = "Delfshaven",
        municipalityName = "Rotterdam",
        title = "Nog een ronde",
        rules = Http.Rules(1_000_000),
    };

    /// <summary>A picture to upload: sent as multipart/form-data with an alt text (see <see cref="Row.Request"/>).</summary>
    private static readonly byte[] MatrixPicture = Images.TestImages.Jpeg();

    /// <summary>The matrix. Add a row per new endpoint: method, route pattern exactly as mapped, the phase the round
    /// must be in (and Fresh when an allowed call changes it for good), the body, then the expected status for each
    /// caller. {roundId} is a round of wijk Delfshaven (WK059903); {proposalId} is proposal 1, submitted by the
    /// resident of Delfshaven; {batch:int}, {pass:int} and {position:int} are 1 (a batch the round does not have); {name} is the persona bewoner-middelland; {part} is votes.csv (wijken.csv for the city); {spend} is a spend recorded by
    /// another coordinator of the wijk; {receipt} is 0000-0000-0000-0000; {code} is the wijk code of Delfshaven;
    /// {argumentId:int} is argument 1, on proposal 1, by another resident of the wijk.</summary>
    private static readonly Row[] Matrix =
    [
        //                                                                                         anonymous  resident  resident   coordinator coordinator auditor admin
        //                                                                                                    of wijk   elsewhere  of wijk     elsewhere
        // Public pages: anyone reads rounds, proposals, results, the bulletin board, spending, the audit's verdict and open
        // data without an account; a round in draft is the staff's and is not found for anonymous callers.
        new("GET", "/api/rounds", Stage.Draft, null,                                                  200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds", Stage.Draft, NewRound,                                             401,      403,      403,       403,        403,       403,    201),
        new("GET", "/api/rounds/{roundId}", Stage.Draft, null,                                        404,      200,      200,       200,        200,       200,    200),
        new("PUT", "/api/rounds/{roundId}/rules", Stage.Draft, Http.Rules(1_000_000),                 401,      403,      403,       200,        403,       403,    200),
        new("PUT", "/api/rounds/{roundId}/calendar", Stage.Draft, Rounds.RoundCalendarApiTests.Calendar(7, 21, 28, 35), 401, 403, 403, 200,       403,       403,    200),
        new("DELETE", "/api/rounds/{roundId}/calendar", Stage.Draft, null,                            401,      403,      403,       200,        403,       403,    200),
        new("POST", "/api/rounds/{roundId}/phase", Stage.Draft, new { to = "submission" },            401,      403,      403,       200,        403,       403,    200, Fresh: true),
        new("GET", "/api/rounds/{roundId}/proposals", Stage.Submission, null,                         200,      200,      200,       200,        200,       200,    200),
        new("GET", "/api/rounds/{roundId}/proposals/{proposalId}", Stage.Submission, null,            200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds/{roundId}/proposals", Stage.Submission, Http.Proposal("Bankjes", 100_000), 401, 201,    403,       403,        403,       403,    403),
        new("PUT", "/api/rounds/{roundId}/proposals/{proposalId}", Stage.Submission, Http.Proposal("Bomen", 400_000), 401, 200, 403, 403,        403,       403,    403),
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/withdrawal", Stage.Submission, null, 401,     200,      403,       403,        403,       403,    403, Fresh: true),
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/review", Stage.Review, new { decision = "feasible", approvedCostCents = 400_000 },
                                                                                                      401,      403,      403,       200,        403,       403,    403, Fresh: true),
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/merge", Stage.Review, new { into = 2 },
                                                                                                      401,      403,      403,       200,        403,       403,    403, Fresh: true),
        new("PUT", "/api/rounds/{roundId}/ballot", Stage.Voting, Http.Ballot(1),                      401,      200,      403,       403,        403,       403,    403),
        new("GET", "/api/rounds/{roundId}/ballot", Stage.Voting, null,                                401,      200,      403,       403,        403,       403,    403),
        // The round does not show its tally live: while voting, staff of this wijk only.
        new("GET", "/api/rounds/{roundId}/tally", Stage.Voting, null,                                 401,      403,      403,       200,        403,       200,    200),
        new("GET", "/api/rounds/{roundId}/results", Stage.Tallied, null,                              200,      200,      200,       200,        200,       200,    200),
        // The bulletin board is published like the results: anyone, without an account, once voting has closed. {receipt} is a
        // well-formed receipt that is on no board, so a caller who gets past authorization finds it absent.
        new("GET", "/api/rounds/{roundId}/bulletin-board", Stage.Tallied, null,                       200,      200,      200,       200,        200,       200,    200),
        new("GET", "/api/rounds/{roundId}/bulletin-board/{receipt}", Stage.Tallied, null,             404,      404,      404,       404,        404,       404,    404),
        new("GET", "/api/rounds/{roundId}/events", Stage.Draft, null,                                 401,      403,      403,       403,        403,       200,    403),
        new("GET", "/api/rounds/{roundId}/export", Stage.Draft, null,                                 401,      403,      403,       403,        403,       200,    403),
        new("POST", "/api/rounds/{roundId}/recount", Stage.Tallied, new { },                          401,      403,      403,       403,        403,       200,    403),
        // The event log and the export stay the auditors'; the audit's verdict is public, but not of a round in draft.
        new("GET", "/api/rounds/{roundId}/audit", Stage.Draft, null,                                  404,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds/{roundId}/audit/sign-off", Stage.Closed, new { verdict = "approved" }, 401,     403,      403,       403,        403,       200,    403, Fresh: true),
        new("GET", "/api/rounds/{roundId}/results/pabulib", Stage.Tallied, null,                      200,      200,      200,       200,        200,       200,    200),
        new("GET", "/api/rounds/{roundId}/results/open-data/{part}", Stage.Tallied, null,             200,      200,      200,       200,        200,       200,    200),
        // Spending: the wijk's coordinators keep the accounts (four eyes), everyone sees them, without an account too.
        new("GET", "/api/rounds/{roundId}/spending", Stage.Spending, null,                            200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds/{roundId}/spending/spends", Stage.Spending, SpendBody,                401,      403,      403,       201,        403,       403,    403),
        new("POST", "/api/rounds/{roundId}/spending/spends/{spend:int}/approval", Stage.Spending, null, 401,    403,      403,       200,        403,       403,    403, Fresh: true),
        new("POST", "/api/rounds/{roundId}/spending/spends/{spend:int}/rejection", Stage.Spending, new { reason = "Onjuist" }, 401, 403, 403, 200, 403,  403,    403, Fresh: true),
        new("POST", "/api/rounds/{roundId}/spending/overruns", Stage.Spending, new { proposalId = 1, amountCents = 100, reason = "Tegenvaller" },
                                                                                                      401,      403,      403,       200,        403,       403,    403),
        new("PUT", "/api/rounds/{roundId}/spending/projects/{proposalId}/progress", Stage.Spending, new { status = "in-progress", percentComplete = 10 },
                                                                                                      401,      403,      403,       200,        403,       403,    403),
        // A wijk's budget: admins allocate; the wijk's coordinators, auditors and admins read it. {code} is Delfshaven.
        new("GET", "/api/wijken/{code}/budget", Stage.Draft, null,                                    401,      403,      403,       200,        403,       200,    200),
        new("POST", "/api/wijken/{code}/budget/allocations", Stage.Draft, new { amountCents = 100, reason = "Raadsbesluit" },
                                                                                                      401,      403,      403,       403,        403,       403,    201),
        new("GET", "/api/open-data/city/{part}", Stage.Draft, null,                                   200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds/imports/pabulib", Stage.Draft, "geen pabulib",                       401,      403,      403,       403,        403,       403,    Allowed),
        // Eligibility: the voter register, run by the wijk's staff; auditors see the count.
        new("PUT", "/api/rounds/{roundId}/voter-register", Stage.Review, new { voters = new[] { new string('a', 43) } }, 401, 403, 403, 200,  403,       403,    200),
        new("GET", "/api/rounds/{roundId}/voter-register", Stage.Draft, null,                         401,      403,      403,       200,        403,       200,    200),
        // Voting codes by post: issued by the wijk's staff; a ballot by code needs no account, only a code, so every
        // caller may try (and an invented code is refused with 422, never with 401 or 403).
        new("POST", "/api/rounds/{roundId}/voting-codes", Stage.Review, new { count = 3 },            401,      403,      403,       200,        403,       403,    200),
        new("GET", "/api/rounds/{roundId}/voting-codes", Stage.Draft, null,                           401,      403,      403,       200,        403,       200,    200),
        new("PUT", "/api/rounds/{roundId}/ballot/by-code", Stage.Voting, new { code = "KX7F-9QPM-3TRW-H4NC", choices = new[] { new { proposalId = 1 } } },
            Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        new("POST", "/api/rounds/{roundId}/ballot/by-code/lookup", Stage.Voting, new { code = "KX7F-9QPM-3TRW-H4NC" },
            Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        new("POST", "/api/rounds/{roundId}/ballot/by-code/ballot-paper", Stage.Voting, new { code = "KX7F-9QPM-3TRW-H4NC" },
            Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        // The code alone finds its round (the home page's code form): like the round's own code entry, every caller may try.
        new("POST", "/api/voting-codes/ballot-paper", Stage.Voting, new { code = "KX7F-9QPM-3TRW-H4NC" },
            Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        // Paper ballots at a voting evening: the wijk's coordinators type, settle and count batches (double entry);
        // auditors read the batches and their totals; nobody else. The round has no batch 1, so a caller who gets past
        // authorization finds it absent (404), which the matrix counts as allowed.
        new("GET", "/api/rounds/{roundId}/paper-batches", Stage.Voting, null,                         401,      403,      403,       200,        403,       200,    403),
        new("POST", "/api/rounds/{roundId}/paper-batches", Stage.Voting, new { label = "Buurthuis, stapel 1" }, 401, 403, 403,     201,        403,       403,    403),
        new("GET", "/api/rounds/{roundId}/paper-batches/{batch:int}", Stage.Voting, null,             401,      403,      403,       Allowed,    403,       Allowed, 403),
        new("PUT", "/api/rounds/{roundId}/paper-batches/{batch:int}/entries/{pass:int}/{position:int}", Stage.Voting, new { spoiled = true },
                                                                                                      401,      403,      403,       Allowed,    403,       403,    403),
        new("GET", "/api/rounds/{roundId}/paper-batches/{batch:int}/entries/{pass:int}", Stage.Voting, null, 401, 403,    403,       Allowed,    403,       403,    403),
        new("POST", "/api/rounds/{roundId}/paper-batches/{batch:int}/entries/{pass:int}/finish", Stage.Voting, null, 401, 403, 403,  Allowed,    403,       403,    403),
        new("GET", "/api/rounds/{roundId}/paper-batches/{batch:int}/disagreements", Stage.Voting, null, 401,    403,      403,       Allowed,    403,       Allowed, 403),
        new("POST", "/api/rounds/{roundId}/paper-batches/{batch:int}/disagreements/{position:int}/resolution", Stage.Voting, new { setAsideReason = "Onleesbaar" },
                                                                                                      401,      403,      403,       Allowed,    403,       403,    403),
        new("POST", "/api/rounds/{roundId}/paper-batches/{batch:int}/commit", Stage.Voting, null,     401,      403,      403,       Allowed,    403,       403,    403),
        // News by e-mail: anyone may leave an address for any wijk (the link in the confirmation mail proves it; a
        // signed-in resident's key is recorded too); confirming and withdrawing take the token from a message's link,
        // so an invented token is refused with 404 for every caller, never 401 or 403; one's own list needs a sign-in.
        new("POST", "/api/wijken/{code}/news-subscriptions", Stage.Draft, new { email = "matrix@example.nl" }, 202, 202,  202,       202,        202,       202,    202),
        new("POST", "/api/news/confirmations", Stage.Draft, new { token = "onzin" },                  404,      404,      404,       404,        404,       404,    404),
        new("POST", "/api/news/withdrawals", Stage.Draft, new { token = "onzin" },                    404,      404,      404,       404,        404,       404,    404),
        new("POST", "/api/news/withdrawals/one-click", Stage.Draft, null,                             404,      404,      404,       404,        404,       404,    404),
        new("GET", "/api/news/subscriptions/mine", Stage.Draft, null,                                 401,      200,      200,       200,        200,       200,    200),
        // Proposal pictures (issue 18): the author adds (a real multipart upload) and removes; the wijk's coordinators
        // hide; they or an admin erase the bytes of one no longer shown; anyone reads a shown one. {image} is a
        // well-formed hash that is on no proposal, so a caller who gets past authorization finds no such picture.
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/images", Stage.Submission, MatrixPicture, 401, 201, 403, 403,     403,       403,    403),
        new("GET", "/api/rounds/{roundId}/proposals/{proposalId}/images/{image}", Stage.Submission, null, 404, 404, 404, 404,       404,       404,    404),
        new("DELETE", "/api/rounds/{roundId}/proposals/{proposalId}/images/{image}", Stage.Submission, null, 401, 404, 403, 403,     403,       403,    403),
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/images/{image}/hiding", Stage.Submission, new { reason = "Herkenbare personen" },
                                                                                                      401,      403,      403,       404,        403,       403,    403),
        new("DELETE", "/api/rounds/{roundId}/proposals/{proposalId}/images/{image}/bytes", Stage.Submission, null, 401, 403, 403, 404, 403,     403,    404),
        // Arguments for and against: anyone reads them; residents of the wijk post and agree (with argument 1, by a
        // neighbour); the wijk's coordinators hide one with a reason. Admins and auditors take no part in the discussion.
        new("GET", "/api/rounds/{roundId}/proposals/{proposalId}/arguments", Stage.Submission, null,  200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/rounds/{roundId}/proposals/{proposalId}/arguments", Stage.Submission, new { side = "for", text = "Goed voor de hele straat.", displayName = "Bewoner hier" },
                                                                                                      401,      201,      403,       403,        403,       403,    403),
        new("POST", "/api/rounds/{roundId}/arguments/{argumentId:int}/agreement", Stage.Submission, null, 401,  200,      403,       403,        403,       403,    403, Fresh: true),
        new("POST", "/api/rounds/{roundId}/arguments/{argumentId:int}/hiding", Stage.Submission, new { reason = "Noemt een buurman bij naam." },
                                                                                                      401,      403,      403,       200,        403,       403,    403, Fresh: true),
        // The no-work endpoints the load tests measure the ceiling with.
        new("GET", "/api/ping", Stage.Draft, null,                                                    204,      204,      204,       204,        204,       204,    204),
        new("GET", "/api/ping/signed-in", Stage.Draft, null,                                          401,      204,      204,       204,        204,       204,    204),
        // Development sign-in: anonymous by design, and mapped only in Development with the development issuer on.
        new("GET", "/api/dev/personas", Stage.Draft, null,                                            200,      200,      200,       200,        200,       200,    200),
        new("POST", "/api/dev/personas/{name}/token", Stage.Draft, null,                              200,      200,      200,       200,        200,       200,    200),
        // The web client starts with these: where to sign in (before anyone is signed in), and who signed in.
        new("GET", "/api/client-config", Stage.Draft, null,                                           200,      200,      200,       200,        200,       200,    200),
        new("GET", "/api/me", Stage.Draft, null,                                                      401,      200,      200,       200,        200,       200,    200),
        // The development OpenID provider: like the development sign-in, anonymous by design and mapped only in
        // Development with the development issuer on. Without the sign-in request's parameters, the authorize page
        // and the token endpoint refuse with 400 (an HTML page, an OAuth error), never with 401 or 403.
        new("GET", "/dev/oidc/.well-known/openid-configuration", Stage.Draft, null,                   200,      200,      200,       200,        200,       200,    200),
        new("GET", "/dev/oidc/authorize", Stage.Draft, null,                                          400,      400,      400,       400,        400,       400,    400),
        new("POST", "/dev/oidc/authorize", Stage.Draft, null,                                         400,      400,      400,       400,        400,       400,    400),
        new("POST", "/dev/oidc/token", Stage.Draft, null,                                             400,      400,      400,       400,        400,       400,    400),
        new("GET", "/dev/oidc/jwks", Stage.Draft, null,                                               200,      200,      200,       200,        200,       200,    200),
        new("GET", "/dev/oidc/end-session", Stage.Draft, null,                                        200,      200,      200,       200,        200,       200,    200),
        // The Orleans dashboard: an admin's bearer token buys a ticket (a cookie for /dashboard only); the dashboard
        // takes that ticket and nothing else, so with a bearer token alone every caller, an admin too, gets 401.
        // The ticket's own cells (the cookie's path, expiry, a non-admin's ticket) are in ClusterDashboardTests.
        new("POST", "/api/admin/dashboard-ticket", Stage.Draft, null,                                 401,      403,      403,       403,        403,       403,    200),
        Ticketed("/dashboard"),
        Ticketed("/dashboard/index.html"),
        Ticketed("/dashboard/favicon.ico"),
        Ticketed("/dashboard/index.min.js"),
        Ticketed("/dashboard/index.css"),
        Ticketed("/dashboard/fonts/{**path}"),
        Ticketed("/dashboard/img/{**path}"),
        Ticketed("/dashboard/version"),
        Ticketed("/dashboard/DashboardCounters"),
        Ticketed("/dashboard/ClusterStats"),
        Ticketed("/dashboard/Reminders"),
        Ticketed("/dashboard/Reminders/{page:int}"),
        Ticketed("/dashboard/HistoricalStats/{*path}"),
        Ticketed("/dashboard/SiloProperties/{*address}"),
        Ticketed("/dashboard/SiloMetadata/{*address}"),
        Ticketed("/dashboard/SiloStats/{*address}"),
        Ticketed("/dashboard/SiloCounters/{*address}"),
        Ticketed("/dashboard/GrainStats/{*grainName}"),
        Ticketed("/dashboard/TopGrainMethods"),
        Ticketed("/dashboard/GrainState"),
        Ticketed("/dashboard/LifecycleStages"),
        Ticketed("/dashboard/GrainTypes"),
        Ticketed("/dashboard/Trace"),

        // Prometheus' scrape endpoint: answered only on the management port (OpenTelemetry:Prometheus:ManagementPort),
        // whoever calls, since Prometheus sends no token; on the public port nobody gets it, an admin neither. The
        // management port's own cells are in Telemetry/MetricsEndpointTests, over real sockets.
        new("GET", "/metrics", Stage.Draft, null,                                                     404,      404,      404,       404,        404,       404,    404),
    ];

    private readonly TestDirectory _directory = new();

    /// <summary>A page or data endpoint of the Orleans dashboard: it takes the dashboard ticket only, never a bearer token.</summary>
    private static Row Ticketed(string pattern) => new("GET", pattern, Stage.Draft, null, 401, 401, 401, 401, 401, 401, 401);

    public void Dispose() => _directory.Dispose();

    /// <summary>The phase a row's round is prepared in; each stage includes the ones before it.</summary>
    private enum Stage
    {
        Draft,

        /// <summary>Proposals 1 and 2, by the resident of the wijk.</summary>
        Submission,
        Review,

        /// <summary>Both proposals feasible; the resident of the wijk has voted for proposal 1; no live tally.</summary>
        Voting,
        Tallied,

        /// <summary>Spending, with spend 1 (on proposal 1) recorded by a second coordinator of the wijk and pending.</summary>
        Spending,

        /// <summary>Through spending to closed: what an audit is signed off on.</summary>
        Closed,
    }

    private enum CallerKind
    {
        Anonymous,
        ResidentHere,
        ResidentElsewhere,
        CoordinatorHere,
        CoordinatorElsewhere,
        Auditor,
        Admin,
    }

    [Fact]
    public async Task Every_endpoint_has_a_row_and_every_row_an_endpoint()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Hosting.ClusterDashboardTests.DashboardOn);

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {Normalize(endpoint.RoutePattern.RawText)}"))
            .Where(endpoint => !Infrastructure.Any(prefix => endpoint.Split(' ')[1].StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
        var listed = Matrix.Select(row => row.Key).ToList();

        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.True(
            mapped.SetEquals(listed),
            $"Endpoints without a row in the matrix: [{string.Join(", ", mapped.Except(listed).Order(StringComparer.Ordinal))}]. " +
            $"Rows without an endpoint: [{string.Join(", ", listed.Except(mapped).Order(StringComparer.Ordinal))}].");
    }

    [Fact]
    public async Task Every_cell_of_the_matrix_holds()
    {
        await using var app = new BuurtbudgetApp(_directory, settings: Hosting.ClusterDashboardTests.DashboardOn);
        var shared = new Dictionary<Stage, string>();
        var wrong = new List<string>();

        foreach (var row in Matrix)
        {
            foreach (var caller in Enum.GetValues<CallerKind>())
            {
                string round;
                if (row.Fresh)
                {
                    round = await PrepareAsync(app, row.Stage);
                }
                else if (!shared.TryGetValue(row.Stage, out round!))
                {
                    round = shared[row.Stage] = await PrepareAsync(app, row.Stage);
                }

                using var client = Client(app, caller);
                using var request = row.Request(round);
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = row.Expected(caller);
                var holds = expected == Allowed ? status is not (401 or 403) : status == expected;
                if (!holds)
                {
                    wrong.Add($"{row.Key} as {caller}: expected {(expected == Allowed ? "allowed" : expected)}, got {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task A_resident_reads_only_their_own_ballot()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await PrepareAsync(app, Stage.Voting);
        var neighbour = app.Resident("buurvrouw", Http.Delfshaven);

        await (await neighbour.GetAsync($"/api/rounds/{round}/ballot")).Problem(HttpStatusCode.NotFound, "no-ballot-yet");
        await neighbour.Put($"/api/rounds/{round}/ballot", Http.Ballot(2)).Ok();

        var mine = await Client(app, CallerKind.ResidentHere).GetAsync($"/api/rounds/{round}/ballot").Ok();
        var hers = await neighbour.GetAsync($"/api/rounds/{round}/ballot").Ok();
        Assert.Equal(1, (int?)mine["choices"]![0]!["proposalId"]);
        Assert.Equal(2, (int?)hers["choices"]![0]!["proposalId"]);
    }

    [Fact]
    public async Task A_coordinator_of_another_wijk_reads_and_changes_nothing_meant_for_staff()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var inReview = await PrepareAsync(app, Stage.Review);
        var inVoting = await PrepareAsync(app, Stage.Voting);
        var elsewhere = Client(app, CallerKind.CoordinatorElsewhere);
        var reviewEvents = await RoundScenario.EventCountAsync(app, inReview);
        var votingEvents = await RoundScenario.EventCountAsync(app, inVoting);

        await (await elsewhere.GetAsync($"/api/rounds/{inVoting}/tally")).Problem(HttpStatusCode.Forbidden, "tally-not-public");
        await (await elsewhere.Put($"/api/rounds/{inReview}/rules", Http.Rules(2_000_000))).Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await elsewhere.Post($"/api/rounds/{inReview}/phase", new { to = "voting" })).Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await elsewhere.Post($"/api/rounds/{inReview}/proposals/1/review", new { decision = "infeasible", reason = "Niet in deze wijk." }))
            .Problem(HttpStatusCode.Forbidden, "not-your-district");
        await (await elsewhere.Post($"/api/rounds/{inReview}/proposals/1/merge", new { into = 2 })).Problem(HttpStatusCode.Forbidden, "not-your-district");

        Assert.Equal(reviewEvents, await RoundScenario.EventCountAsync(app, inReview));
        Assert.Equal(votingEvents, await RoundScenario.EventCountAsync(app, inVoting));
    }

    private static HttpClient Client(BuurtbudgetApp app, CallerKind caller) => caller switch
    {
        CallerKind.Anonymous => app.Anonymous(),
        CallerKind.ResidentHere => app.Resident("bewoner-hier", Http.Delfshaven),
        CallerKind.ResidentElsewhere => app.Resident("bewoner-elders", Http.Noord),
        CallerKind.CoordinatorHere => app.Coordinator(Http.Delfshaven),
        CallerKind.CoordinatorElsewhere => app.Coordinator(Http.Noord),
        CallerKind.Auditor => app.Auditor(),
        CallerKind.Admin => app.Admin(),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private static async Task<string> PrepareAsync(BuurtbudgetApp app, Stage stage)
    {
        var round = await RoundScenario.CreateAsync(app, 1_000_000);
        if (stage == Stage.Draft)
        {
            return round;
        }

        var coordinator = app.Coordinator(Http.Delfshaven);
        var author = Client(app, CallerKind.ResidentHere);
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        long[] costs = [400_000, 300_000];
        for (var i = 0; i < costs.Length; i++)
        {
            await (await author.Post($"/api/rounds/{round}/proposals", Http.Proposal($"Voorstel {i + 1}", costs[i]))).Json(HttpStatusCode.Created);
        }

        // Argument 1, on proposal 1, by a neighbour: the resident of the wijk may agree with it. A neighbour per round,
        // so that the many rounds prepared here stay within the per-resident limit on posting arguments.
        await (await app.Resident("buurvrouw-" + round, Http.Delfshaven).Post($"/api/rounds/{round}/proposals/1/arguments", new { side = "against", text = "Liever bankjes dan drempels.", displayName = "Buurvrouw" }))
            .Json(HttpStatusCode.Created);
        if (stage == Stage.Submission)
        {
            return round;
        }

        await RoundScenario.MoveAsync(coordinator, round, "review");
        if (stage == Stage.Review)
        {
            return round;
        }

        for (var i = 0; i < costs.Length; i++)
        {
            await (await coordinator.Post($"/api/rounds/{round}/proposals/{i + 1}/review", new { decision = "feasible", approvedCostCents = costs[i] })).Json(HttpStatusCode.OK);
        }

        await RoundScenario.MoveAsync(coordinator, round, "voting");
        await author.Put($"/api/rounds/{round}/ballot", Http.Ballot(1)).Ok();
        if (stage == Stage.Voting)
        {
            return round;
        }

        await RoundScenario.MoveAsync(coordinator, round, "tallied");
        if (stage == Stage.Tallied)
        {
            return round;
        }

        await RoundScenario.MoveAsync(coordinator, round, "spending");
        var second = app.As(Role.Coordinator, "coordinator-tweede", Http.Delfshaven);
        if (stage == Stage.Spending)
        {
            await (await second.Post($"/api/rounds/{round}/spending/spends", SpendBody)).Json(HttpStatusCode.Created);
            return round;
        }

        await RoundScenario.MoveAsync(coordinator, round, "closed");
        return round;
    }

    /// <summary>Route patterns as written, without the trailing slash a group's empty route leaves.</summary>
    private static string Normalize(string? pattern) => pattern is null or "/" ? "/" : "/" + pattern.Trim('/');

    /// <param name="Body">Sent as JSON; a string is sent as text/plain; bytes as a picture upload (multipart/form-data).</param>
    /// <param name="Fresh">Each cell gets a round of its own, because an allowed call changes the round for good.</param>
    private sealed record Row(
        string Method,
        string Pattern,
        Stage Stage,
        object? Body,
        int Anonymous,
        int ResidentHere,
        int ResidentElsewhere,
        int CoordinatorHere,
        int CoordinatorElsewhere,
        int Auditor,
        int Admin,
        bool Fresh = false)
    {
        public string Key => $"{Method} {Pattern}";

        public int Expected(CallerKind caller) => caller switch
        {
            CallerKind.Anonymous => Anonymous,
            CallerKind.ResidentHere => ResidentHere,
            CallerKind.ResidentElsewhere => ResidentElsewhere,
            CallerKind.CoordinatorHere => CoordinatorHere,
            CallerKind.CoordinatorElsewhere => CoordinatorElsewhere,
            CallerKind.Auditor => Auditor,
            CallerKind.Admin => Admin,
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };

        public HttpRequestMessage Request(string round)
        {
            var path = Pattern
                .Replace("{roundId}", round, StringComparison.Ordinal)
                .Replace("{proposalId}", "1", StringComparison.Ordinal)
                .Replace("{name}", "bewoner-middelland", StringComparison.Ordinal)
                .Replace("{part}", Pattern.StartsWith("/api/open-data/", StringComparison.Ordinal) ? "wijken.csv" : "votes.csv", StringComparison.Ordinal)
                .Replace("{spend:int}", "1", StringComparison.Ordinal)
                .Replace("{argumentId:int}", "1", StringComparison.Ordinal)
                .Replace("{receipt}", "0000-0000-0000-0000", StringComparison.Ordinal)
                .Replace("{page:int}", "1", StringComparison.Ordinal)
                .Replace("{**path}", "fa-solid-900.woff2", StringComparison.Ordinal)
                .Replace("{*path}", "Buurtbudget.Actors.Rounds.RoundGrain", StringComparison.Ordinal)
                .Replace("{*address}", "127.0.0.1:11111@1", StringComparison.Ordinal)
                .Replace("{*grainName}", "Buurtbudget.Actors.Rounds.RoundGrain", StringComparison.Ordinal)
                .Replace("{code}", Http.Delfshaven, StringComparison.Ordinal)
                .Replace("{batch:int}", "1", StringComparison.Ordinal)
                .Replace("{pass:int}", "1", StringComparison.Ordinal)
                .Replace("{position:int}", "1", StringComparison.Ordinal)
                .Replace("{image}", new string('a', 64), StringComparison.Ordinal);
            return new HttpRequestMessage(new HttpMethod(Method), new Uri(path, UriKind.Relative))
            {
                Content = Body switch
                {
                    null => null,
                    string text => new StringContent(text, Encoding.UTF8, "text/plain"),
                    byte[] picture => Images.ProposalImagesApiTests.Form(picture, "Een foto van de plek"),
                    _ => JsonContent.Create(Body, Body.GetType()),
                },
            };
        }
    }
}
