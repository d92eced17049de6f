using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Buurtbudget.Identity.Tokens;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>Asks a <see cref="TestApi"/> host, wired as production wires it, whether it accepts a token: the standard
/// handlers validate it, and the answer is read back from the response as a client sees it (the claims of the
/// signed-in user, or the RFC 6750 <c>error_description</c> of the challenge). Starts the host on first use.</summary>
public sealed class TokenProbe : IAsyncDisposable, IDisposable
{
    private readonly IDictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly string _environment;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private TestApi? _api;

    public TokenProbe(IDictionary<string, string?> settings, TimeProvider? clock = null, string environment = "Development")
    {
        _settings = settings;
        _clock = clock;
        _environment = environment;
    }

    public async Task<TokenValidation> ValidateAsync(string token)
    {
        var api = await StartedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/claims");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await api.Client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var claims = await response.Content.ReadFromJsonAsync<ClaimDescription[]>() ?? [];
            return TokenValidation.Accepted(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "Bearer", "sub", "roles"));
        }

        return TokenValidation.Rejected(RejectionOf(response));
    }

    /// <summary>The reason a 401 gives in its RFC 6750 <c>error_description</c>; or, for the one refusal that is not the
    /// token's fault, <see cref="TokenRejection.ProviderUnavailable"/>: a 503 problem with a retry hint and no challenge,
    /// so that a client does not send its user to sign in again at a provider that is down.</summary>
    public static TokenRejection RejectionOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = System.Text.Json.Nodes.JsonNode.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult())!;
            Assert.Equal("identity-provider-unavailable", (string?)problem["code"]);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            Assert.Empty(response.Headers.WwwAuthenticate);
            return TokenRejection.ProviderUnavailable;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        var rejection = Enum.GetValues<TokenRejection>()
            .Where(candidate => challenge.Contains($"error_description=\"{candidate.Description()}\"", StringComparison.Ordinal))
            .Cast<TokenRejection?>()
            .FirstOrDefault();
        Assert.True(rejection is not null, $"The challenge '{challenge}' names no reason.");
        return rejection.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _starting.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<TestApi> StartedAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _api ??= await TestApi.StartAsync(_settings, _environment, clock: _clock);
        }
        finally
        {
            _starting.Release();
        }
    }
}

/// <summary>What the host made of one token: the signed-in identity, or the reason it gave for refusing.</summary>
public sealed class TokenValidation
{
    private TokenValidation(ClaimsIdentity? identity, TokenRejection rejection)
    {
        Identity = identity;
        Rejection = rejection;
    }

    public ClaimsIdentity? Identity { get; }

    /// <summary>Meaningful only when <see cref="Succeeded"/> is false.</summary>
    public TokenRejection Rejection { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Identity))]
    public bool Succeeded => Identity is not null;

    public static TokenValidation Accepted(ClaimsIdentity identity) => new(identity, TokenRejection.Invalid);

    public static TokenValidation Rejected(TokenRejection rejection) => new(null, rejection);

    public override string ToString() => Succeeded ? "accepted" : $"rejected: {Rejection}";
}
