using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Buurtbudget.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Api.Tests.Security;

/// <summary>The development OpenID provider, driven as oidc-client-ts drives it from the browser: the sign-in page,
/// the chosen persona, the code at the callback, the code and PKCE verifier exchanged for tokens.</summary>
public sealed partial class DevelopmentOidcTests : IDisposable
{
    private const string ClientId = "buurtbudget-web";
    private const string Callback = "http://localhost/signin-callback";

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_whole_sign_in_flow_gives_a_token_that_calls_the_api_as_the_persona()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var pkce = Pkce.Create();

        var page = await ShowSignInAsync(browser, pkce.Challenge, nonce: "nonce-1");
        Assert.Contains("value=\"coordinator-middelland\"", page, StringComparison.Ordinal);
        var code = await ChooseAsync(browser, page, "coordinator-middelland", expectedState: "state-1");
        var tokens = await RedeemAsync(browser, code, pkce.Verifier).Ok();

        Assert.Equal("Bearer", (string?)tokens["token_type"]);
        Assert.Equal(3600, (int?)tokens["expires_in"]);
        Assert.Equal("openid profile", (string?)tokens["scope"]);
        using var api = app.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens["access_token"]!);
        var me = await api.GetAsync("/api/me").Ok();
        Assert.Equal("coordinator", (string?)me["role"]);
        Assert.Equal(["WK059903"], me["districts"]!.AsArray().Select(d => (string)d!));

        // The ID token is what oidc-client-ts reads: signed by the key the provider publishes, for this client.
        var jwks = await browser.GetAsync("/dev/oidc/jwks").Ok();
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync((string)tokens["id_token"]!, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/dev/oidc",
            ValidAudience = ClientId,
            IssuerSigningKeys = new JsonWebKeySet(jwks.ToJsonString()).GetSigningKeys(),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal("coordinator-middelland", validation.Claims["sub"]);
        Assert.Equal("nonce-1", validation.Claims["nonce"]);
        Assert.True(validation.Claims.ContainsKey("iat") && validation.Claims.ContainsKey("exp") && validation.Claims.ContainsKey("name"));

        // An ID token says who signed in to the client; it is no grant to call the API.
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens["id_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_leaves_no_code_token_or_state_in_the_log()
    {
        var logFile = Path.Combine(_directory.Root, "sign-in.json");
        string code;
        JsonNode tokens;
        await using (var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:WriteTo:File:Name"] = "File",
            ["Serilog:WriteTo:File:Args:path"] = logFile,
        }))
        {
            var browser = Browser(app);
            (var pkce, code) = await SignInAsync(browser, "bewoner-middelland");
            tokens = await RedeemAsync(browser, code, pkce.Verifier).Ok();
        }

        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("/dev/oidc/token", log, StringComparison.Ordinal);
        Assert.DoesNotContain(code, log, StringComparison.Ordinal);
        Assert.DoesNotContain("state-1", log, StringComparison.Ordinal);
        Assert.DoesNotContain(((string)tokens["access_token"]!).Split('.')[2], log, StringComparison.Ordinal);
        Assert.DoesNotContain(((string)tokens["id_token"]!).Split('.')[2], log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_answer_is_never_cached()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var (pkce, code) = await SignInAsync(browser, "bewoner-middelland");

        using var response = await RedeemAsync(browser, code, pkce.Verifier);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sign_in_page_is_Dutch_by_default_and_English_when_asked()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var challenge = Pkce.Create().Challenge;

        var dutch = await ShowSignInAsync(browser, challenge);
        var english = await ShowSignInAsync(browser, challenge, extra: "&ui_locales=en");

        Assert.Contains("<html lang=\"nl\">", dutch, StringComparison.Ordinal);
        Assert.Contains("<h1>Inloggen bij Buurtbudget</h1>", dutch, StringComparison.Ordinal);
        Assert.Contains("inlogpagina voor ontwikkeling", dutch, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/dev/oidc/authorize\">", dutch, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in to Buurtbudget</h1>", english, StringComparison.Ordinal);

        // One real button per persona; its text (the accessible name) is the description, with the persona's name.
        var buttons = Button().Matches(dutch).Select(match => (Name: match.Groups["value"].Value, Text: match.Groups["text"].Value)).ToList();
        Assert.Equal(["bewoner-middelland", "bewoner-oude-noorden", "coordinator-middelland", "coordinator-oude-noorden", "auditor", "admin", "tweede-wijkcoordinator-noord", "bewoner-spangen"], buttons.Select(b => b.Name));
        Assert.All(buttons, button => Assert.Contains(button.Name, button.Text, StringComparison.Ordinal));
        Assert.StartsWith("Bewoner van Middelland", buttons[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Resident of Middelland", Button().Match(english).Groups["text"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_and_uses_up_the_code()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var (pkce, code) = await SignInAsync(browser, "bewoner-middelland");

        await AssertTokenErrorAsync(await RedeemAsync(browser, code, Pkce.Create().Verifier), "invalid_grant");
        await AssertTokenErrorAsync(await RedeemAsync(browser, code, pkce.Verifier), "invalid_grant");
    }

    [Fact]
    public async Task A_code_is_redeemed_only_once()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var (pkce, code) = await SignInAsync(browser, "auditor");

        await RedeemAsync(browser, code, pkce.Verifier).Ok();
        await AssertTokenErrorAsync(await RedeemAsync(browser, code, pkce.Verifier), "invalid_grant");
    }

    [Fact]
    public async Task A_code_expires_after_a_minute()
    {
        var clock = new AdjustableClock();
        await using var app = new BuurtbudgetApp(_directory);
        await using var clocked = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var browser = clocked.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (pkce, code) = await SignInAsync(browser, "admin");

        clock.Advance(TimeSpan.FromSeconds(61));

        var error = await AssertTokenErrorAsync(await RedeemAsync(browser, code, pkce.Verifier), "invalid_grant");
        Assert.Contains("expired", (string?)error["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_is_bound_to_its_callback_and_client()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var pkce = Pkce.Create();
        var first = await ChooseAsync(browser, await ShowSignInAsync(browser, pkce.Challenge), "admin");
        var second = await ChooseAsync(browser, await ShowSignInAsync(browser, pkce.Challenge), "admin");

        await AssertTokenErrorAsync(await RedeemAsync(browser, first, pkce.Verifier, redirectUri: "http://localhost:5173/signin-callback"), "invalid_grant");
        await AssertTokenErrorAsync(await RedeemAsync(browser, second, pkce.Verifier, clientId: "another-app"), "invalid_client");
    }

    [Theory]
    [InlineData("https://evil.example/signin-callback")]
    [InlineData("http://localhost/signin-callback/../elsewhere")]
    [InlineData("http://localhost/signin-callbackx")]
    public async Task A_callback_not_on_the_list_gets_an_error_page_and_no_redirect(string redirectUri)
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var challenge = Pkce.Create().Challenge;

        using var shown = await browser.GetAsync(AuthorizeUrl(challenge, redirectUri: redirectUri));
        var page = await AssertErrorPageAsync(shown);
        Assert.Contains("Terugkeeradres niet toegestaan", page, StringComparison.Ordinal);

        // Nor does the form take a callback the page never offered.
        var form = await ShowSignInAsync(browser, challenge);
        using var posted = await browser.PostAsync("/dev/oidc/authorize", Form(form, "admin", ("redirect_uri", redirectUri)));
        await AssertErrorPageAsync(posted);
    }

    [Theory]
    [InlineData("&code_challenge_method=plain", "PLAIN")]
    [InlineData("&code_challenge_method=S256", null)]
    [InlineData("", "CHALLENGE")]
    [InlineData("&code_challenge_method=S256", "te-kort")]
    public async Task A_plain_absent_or_malformed_code_challenge_is_refused(string method, string? challenge)
    {
        await using var app = new BuurtbudgetApp(_directory);
        var valid = Pkce.Create().Challenge;
        var query = $"/dev/oidc/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(Callback)}&scope=openid&state=s" +
            method + (challenge is null ? "" : "&code_challenge=" + (challenge switch { "PLAIN" or "CHALLENGE" => valid, _ => challenge }));

        var page = await AssertErrorPageAsync(await Browser(app).GetAsync(query));

        Assert.Contains("PKCE", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_client_or_another_response_type_is_refused_with_a_page()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var challenge = Pkce.Create().Challenge;

        var unknown = await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge, clientId: "ander-systeem", extra: "&ui_locales=en")));
        var implicitFlow = await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge, responseType: "token")));

        Assert.Contains("<html lang=\"en\">", unknown, StringComparison.Ordinal);
        Assert.Contains("ander-systeem", unknown, StringComparison.Ordinal);
        Assert.Contains("response_type=code", implicitFlow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_not_from_the_page_is_refused()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var page = await ShowSignInAsync(Browser(app), Pkce.Create().Challenge);

        // Another browser (no antiforgery cookie) posting the same form, as a page on another site would.
        using var response = await Browser(app).PostAsync("/dev/oidc/authorize", Form(page, "admin"));

        var error = await AssertErrorPageAsync(response);
        Assert.Contains("Inlogformulier verlopen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vite_dev_server_may_sign_in_and_call_the_provider()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);
        var pkce = Pkce.Create();
        const string vite = "http://localhost:5173/signin-callback";

        var page = await ShowSignInAsync(browser, pkce.Challenge, redirectUri: vite);
        var code = await ChooseAsync(browser, page, "bewoner-oude-noorden", callback: vite);
        using var token = new HttpRequestMessage(HttpMethod.Post, "/dev/oidc/token") { Content = TokenForm(code, pkce.Verifier, vite, ClientId) };
        token.Headers.Add("Origin", "http://localhost:5173");
        using var answer = await browser.SendAsync(token);
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/dev/oidc/.well-known/openid-configuration") { Headers = { { "Origin", "https://evil.example" } } };
        using var refused = await browser.SendAsync(elsewhere);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("http://localhost:5173", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_discovery_document_describes_the_provider()
    {
        await using var app = new BuurtbudgetApp(_directory);

        var discovery = await app.Anonymous().GetAsync("/dev/oidc/.well-known/openid-configuration").Ok();

        Assert.Equal("http://localhost/dev/oidc", (string?)discovery["issuer"]);
        Assert.Equal("http://localhost/dev/oidc/authorize", (string?)discovery["authorization_endpoint"]);
        Assert.Equal("http://localhost/dev/oidc/token", (string?)discovery["token_endpoint"]);
        Assert.Equal("http://localhost/dev/oidc/jwks", (string?)discovery["jwks_uri"]);
        Assert.Equal("http://localhost/dev/oidc/end-session", (string?)discovery["end_session_endpoint"]);
        Assert.Equal(["code"], Strings(discovery["response_types_supported"]));
        Assert.Equal(["S256"], Strings(discovery["code_challenge_methods_supported"]));
        Assert.Equal(["authorization_code"], Strings(discovery["grant_types_supported"]));
        Assert.Equal(["RS256"], Strings(discovery["id_token_signing_alg_values_supported"]));
        Assert.Contains("openid", Strings(discovery["scopes_supported"]));
        Assert.NotEmpty(Strings(discovery["subject_types_supported"]));
        var key = (await app.Anonymous().GetAsync("/dev/oidc/jwks").Ok())["keys"]![0]!.AsObject();
        Assert.Equal(["kty", "use", "alg", "kid", "n", "e"], key.Select(member => member.Key));
    }

    [Fact]
    public async Task Signing_out_returns_only_to_an_allowed_origin()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var browser = Browser(app);

        using var back = await browser.GetAsync("/dev/oidc/end-session?post_logout_redirect_uri=" + Uri.EscapeDataString("http://localhost/") + "&state=x");
        using var away = await browser.GetAsync("/dev/oidc/end-session?post_logout_redirect_uri=" + Uri.EscapeDataString("https://evil.example/"));

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("http://localhost/?state=x", back.Headers.Location?.OriginalString);
        await AssertErrorPageAsync(away);
    }

    private static HttpClient Browser(BuurtbudgetApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static string AuthorizeUrl(string challenge, string redirectUri = Callback, string clientId = ClientId, string responseType = "code", string nonce = "n", string extra = "") =>
        $"/dev/oidc/authorize?response_type={responseType}&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&scope=openid%20profile&state=state-1&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256{extra}";

    private static async Task<string> ShowSignInAsync(HttpClient browser, string challenge, string redirectUri = Callback, string nonce = "n", string extra = "")
    {
        using var response = await browser.GetAsync(AuthorizeUrl(challenge, redirectUri, nonce: nonce, extra: extra));
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        return page;
    }

    /// <summary>Signs in as the persona with a fresh PKCE pair, up to the code at the callback.</summary>
    private static async Task<(Pkce Pkce, string Code)> SignInAsync(HttpClient browser, string persona)
    {
        var pkce = Pkce.Create();
        return (pkce, await ChooseAsync(browser, await ShowSignInAsync(browser, pkce.Challenge), persona));
    }

    /// <summary>Presses the persona's button: the page's form as the browser sends it. Returns the code at the callback.</summary>
    private static async Task<string> ChooseAsync(HttpClient browser, string page, string persona, string expectedState = "state-1", string callback = Callback)
    {
        using var response = await browser.PostAsync("/dev/oidc/authorize", Form(page, persona));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(callback + "?", location, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal(expectedState, query["state"].ToString());
        var code = query["code"].ToString();
        Assert.Equal(32, Base64Url.DecodeFromChars(code).Length);
        return code;
    }

    /// <summary>The page's hidden fields and the pressed button, with some fields replaced.</summary>
    private static FormUrlEncodedContent Form(string page, string persona, params (string Name, string Value)[] replaced)
    {
        var fields = HiddenField().Matches(page).ToDictionary(match => match.Groups["name"].Value, match => WebUtility.HtmlDecode(match.Groups["value"].Value), StringComparer.Ordinal);
        fields["persona"] = persona;
        foreach (var (name, value) in replaced)
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }

    private static Task<HttpResponseMessage> RedeemAsync(HttpClient browser, string code, string verifier, string redirectUri = Callback, string clientId = ClientId) =>
        browser.PostAsync("/dev/oidc/token", TokenForm(code, verifier, redirectUri, clientId));

    private static FormUrlEncodedContent TokenForm(string code, string verifier, string redirectUri, string clientId) => new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = redirectUri,
        ["client_id"] = clientId,
        ["code_verifier"] = verifier,
    });

    private static async Task<JsonNode> AssertTokenErrorAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Json(HttpStatusCode.BadRequest);
        Assert.Equal(error, (string?)body["error"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error_description"]));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain("access_token", body.ToJsonString(), StringComparison.Ordinal);
        return body;
    }

    /// <summary>An HTML page with status 400, never a redirect.</summary>
    private static async Task<string> AssertErrorPageAsync(HttpResponseMessage response)
    {
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {page}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        return page;
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(item => (string)item!);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">", RegexOptions.ExplicitCapture)]
    private static partial Regex HiddenField();

    [GeneratedRegex("<button type=\"submit\" name=\"persona\" value=\"(?<value>[^\"]+)\">(?<text>.*?)</button>", RegexOptions.ExplicitCapture)]
    private static partial Regex Button();

    /// <summary>A PKCE pair as oidc-client-ts makes one (RFC 7636 §4.1, §4.2).</summary>
    private sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce Create()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));
            return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }
}
