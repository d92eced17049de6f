using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Identity.Callers;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>One round in voting, shared by the cases below: nothing a case sends may change it.</summary>
public sealed class VotingRoundFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();

    public BuurtbudgetApp App { get; private set; } = null!;

    public TokenForge Forge { get; private set; } = null!;

    public string Round { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = new BuurtbudgetApp(_directory);
        Round = await RoundScenario.InVotingAsync(App, 1_000_000, [400_000, 300_000]);
        Forge = new TokenForge(_directory);
    }

    public async Task DisposeAsync()
    {
        Forge.Dispose();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>Bad tokens sent with a real state-changing request, casting a ballot in a round in voting: every one is
/// a 401 problem with a Bearer challenge, and afterwards the round's event log is as long as before and the
/// would-be voter has no ballot. A genuine token for the wrong role or wijk is a 403 instead (the contrast cases).</summary>
public sealed class NegativeTokenTests(VotingRoundFixture round) : IClassFixture<VotingRoundFixture>
{
    private static readonly byte[] Nothing = [];

    /// <summary>Each case turns a would-be voter's subject into a request header (or query string) on the ballot request.</summary>
    private static readonly Dictionary<string, Action<TokenForge, string, HttpRequestMessage>> Cases = new(StringComparer.Ordinal)
    {
        ["alg none, unsigned"] = (forge, subject, request) =>
            Bearer(request, TokenForge.Unsigned(new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" }, TokenForge.Payload(subject))),
        ["alg None in other casing, unsigned"] = (forge, subject, request) =>
            Bearer(request, TokenForge.Unsigned(new JsonObject { ["alg"] = "None", ["typ"] = "at+jwt", ["kid"] = forge.Key.KeyId }, TokenForge.Payload(subject))),
        ["HS256 keyed with the RSA public key (HS/RS confusion)"] = (forge, subject, request) =>
            Bearer(request, TokenForge.Hmac(With(forge.Header(), "alg", "HS256"), TokenForge.Payload(subject), Encoding.ASCII.GetBytes(forge.Trusted.ExportSubjectPublicKeyInfoPem()))),
        ["HS256 keyed with the public modulus"] = (forge, subject, request) =>
            Bearer(request, TokenForge.Hmac(With(forge.Header(), "alg", "HS256"), TokenForge.Payload(subject), forge.Trusted.ExportParameters(false).Modulus!)),
        ["HS256 with a guessed secret"] = (forge, subject, request) =>
            Bearer(request, TokenForge.Hmac(With(forge.Header(), "alg", "HS256"), TokenForge.Payload(subject), Encoding.ASCII.GetBytes("secret"))),
        ["wrong issuer"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), With(TokenForge.Payload(subject), "iss", "https://login.aanvaller.example"))),
        ["wrong audience"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), With(TokenForge.Payload(subject), "aud", "een-andere-api"))),
        ["no audience"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), Without(TokenForge.Payload(subject), "aud"))),
        ["expired beyond the 60 s skew"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), Times(TokenForge.Payload(subject), notBefore: -3600, expires: -90))),
        ["not valid until beyond the 60 s skew"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), Times(TokenForge.Payload(subject), notBefore: 300, expires: 3600))),
        ["no exp"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), Without(TokenForge.Payload(subject), "exp"))),
        ["exp as a string"] = (forge, subject, request) =>
        {
            var payload = TokenForge.Payload(subject);
            payload["exp"] = payload["exp"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Bearer(request, forge.Sign(forge.Header(), payload));
        },
        ["no sub"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), Without(TokenForge.Payload(subject), "sub"))),
        ["unknown kid, signed by the trusted key"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "kid", "onbekende-sleutel"), TokenForge.Payload(subject))),
        ["no kid, signed by the trusted key"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(Without(forge.Header(), "kid"), TokenForge.Payload(subject))),
        ["tampered payload with the original signature"] = (forge, subject, request) =>
        {
            var genuine = forge.Sign(forge.Header(), TokenForge.Payload(subject)).Split('.');
            var tampered = With(TokenForge.Payload(subject), "districts", new JsonArray(Http.Delfshaven, Http.Noord));
            Bearer(request, $"{genuine[0]}.{TokenForge.Encode(tampered)}.{genuine[2]}");
        },
        ["signature stripped"] = (forge, subject, request) =>
        {
            var genuine = forge.Sign(forge.Header(), TokenForge.Payload(subject));
            Bearer(request, genuine[..(genuine.LastIndexOf('.') + 1)]);
        },
        ["signed by another RSA key under the trusted kid"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(forge.Header(), TokenForge.Payload(subject), forge.Attacker)),
        ["jku header pointing at the attacker's JWKS"] = (forge, subject, request) =>
        {
            var header = With(With(forge.Header(), "kid", "aanvaller"), "jku", "https://aanvaller.example/.well-known/jwks.json");
            Bearer(request, forge.Sign(header, TokenForge.Payload(subject), forge.Attacker));
        },
        ["x5u header pointing at the attacker's certificate"] = (forge, subject, request) =>
        {
            var header = With(With(forge.Header(), "kid", "aanvaller"), "x5u", "https://aanvaller.example/cert.pem");
            Bearer(request, forge.Sign(header, TokenForge.Payload(subject), forge.Attacker));
        },
        ["embedded jwk header with the attacker's key"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(Without(forge.Header(), "kid"), "jwk", forge.AttackerJwk()), TokenForge.Payload(subject), forge.Attacker)),
        ["kid path traversal with HS256 and an empty key"] = (forge, subject, request) =>
        {
            var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt", ["kid"] = "../../../../../../dev/null" };
            Bearer(request, TokenForge.Hmac(header, TokenForge.Payload(subject), Nothing));
        },
        ["kid path traversal signed by the attacker"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "kid", "../../keys/development-signing-key.json"), TokenForge.Payload(subject), forge.Attacker)),
        ["kid SQL injection with HS256"] = (forge, subject, request) =>
        {
            var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt", ["kid"] = "x' UNION SELECT 'geheim' --" };
            Bearer(request, TokenForge.Hmac(header, TokenForge.Payload(subject), Encoding.ASCII.GetBytes("geheim")));
        },
        ["ID token (nonce, at_hash) signed by the trusted key"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "typ", "JWT"), With(With(TokenForge.Payload(subject), "nonce", "n-0S6_WzA2Mj"), "at_hash", "77QmUPtjPfzWtF2AnpK9RQ"))),
        ["Keycloak ID token (typ claim ID) signed by the trusted key"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "typ", "JWT"), With(TokenForge.Payload(subject), "typ", "ID"))),
        ["typ header id_token+jwt"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "typ", "id_token+jwt"), TokenForge.Payload(subject))),
        ["typ header JWE"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "typ", "JWE"), TokenForge.Payload(subject))),
        ["JWE, five parts"] = (forge, subject, request) =>
        {
            var header = new JsonObject { ["alg"] = "RSA-OAEP", ["enc"] = "A256GCM", ["typ"] = "at+jwt", ["kid"] = forge.Key.KeyId };
            string Random(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
            Bearer(request, $"{TokenForge.Encode(header)}.{Random(256)}.{Random(12)}.{Random(64)}.{Random(16)}");
        },
        ["malformed base64"] = (forge, subject, request) => Bearer(request, "eyJhbGciOiJSUzI1NiJ9!.ey$$$.***"),
        ["three dots and nothing else"] = (forge, subject, request) => Bearer(request, ".."),
        ["empty bearer"] = (forge, subject, request) => request.Headers.TryAddWithoutValidation("Authorization", "Bearer "),
        ["two Authorization headers"] = (forge, subject, request) =>
        {
            var genuine = forge.Sign(forge.Header(), TokenForge.Payload(subject));
            request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + genuine, "Bearer " + genuine]);
        },
        ["a genuine token in the query string only"] = (forge, subject, request) =>
            request.RequestUri = new Uri($"{request.RequestUri}?access_token={forge.Sign(forge.Header(), TokenForge.Payload(subject))}", UriKind.Relative),
        ["a header larger than 16 KB"] = (forge, subject, request) =>
            Bearer(request, forge.Sign(With(forge.Header(), "x5c", new JsonArray(new string('A', 17 * 1024))), TokenForge.Payload(subject))),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void The_suite_holds_at_least_25_distinct_cases() => Assert.True(Cases.Count >= 25, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_token_casts_no_ballot_and_is_a_401_problem(string name)
    {
        var subject = "aanvaller-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        var before = await RoundScenario.EventCountAsync(round.App, round.Round);
        using var request = BallotRequest();
        Cases[name](round.Forge, subject, request);

        using var client = round.App.Anonymous();
        var response = await client.SendAsync(request);

        await response.Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(before, subject);
    }

    [Fact]
    public async Task Contrast_a_genuine_token_without_the_resident_role_is_a_403_and_changes_nothing()
    {
        var before = await RoundScenario.EventCountAsync(round.App, round.Round);
        using var request = BallotRequest();

        var response = await round.App.As(Role.Auditor, "aanvaller-controleur").SendAsync(request);

        await response.Problem(HttpStatusCode.Forbidden, "forbidden");
        await AssertNothingChangedAsync(before, "aanvaller-controleur");
    }

    [Fact]
    public async Task Contrast_a_genuine_token_of_a_resident_of_another_wijk_is_a_403_and_changes_nothing()
    {
        var before = await RoundScenario.EventCountAsync(round.App, round.Round);
        using var request = BallotRequest();

        var response = await round.App.Resident("aanvaller-noord", Http.Noord).SendAsync(request);

        var problem = await response.Problem(HttpStatusCode.Forbidden, "not-eligible");
        Assert.Equal("not-in-district", (string?)problem["arguments"]!["reason"]);
        Assert.Equal(before, await RoundScenario.EventCountAsync(round.App, round.Round));
    }

    [Fact]
    public async Task Contrast_the_forge_with_its_defaults_makes_a_token_that_votes()
    {
        // Proves that the cases fail for what they change, not because the forge or the request is broken.
        var before = await RoundScenario.EventCountAsync(round.App, round.Round);
        using var request = BallotRequest();
        Bearer(request, round.Forge.Sign(round.Forge.Header(), TokenForge.Payload("bewoner-echt")));

        var response = await round.App.Anonymous().SendAsync(request);

        await response.Json(HttpStatusCode.OK);
        Assert.Equal(before + 1, await RoundScenario.EventCountAsync(round.App, round.Round));
    }

    private HttpRequestMessage BallotRequest() =>
        new(HttpMethod.Put, new Uri($"/api/rounds/{round.Round}/ballot", UriKind.Relative)) { Content = JsonContent.Create(Http.Ballot(1)) };

    private async Task AssertNothingChangedAsync(long eventsBefore, string subject)
    {
        Assert.Equal(eventsBefore, await RoundScenario.EventCountAsync(round.App, round.Round));
        var own = await round.App.Resident(subject, Http.Delfshaven).GetAsync($"/api/rounds/{round.Round}/ballot");
        await own.Problem(HttpStatusCode.NotFound, "no-ballot-yet");
    }

    private static void Bearer(HttpRequestMessage request, string token) =>
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

    private static JsonObject With(JsonObject node, string name, JsonNode? value)
    {
        node[name] = value;
        return node;
    }

    private static JsonObject Without(JsonObject node, string name)
    {
        node.Remove(name);
        return node;
    }

    /// <summary>Moves nbf, iat and exp to these many seconds from now.</summary>
    private static JsonObject Times(JsonObject payload, long notBefore, long expires)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload["nbf"] = now + notBefore;
        payload["iat"] = now + notBefore;
        payload["exp"] = now + expires;
        return payload;
    }
}
