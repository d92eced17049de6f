using System.Net.Http.Headers;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>A small API host wired the way Buurtbudget.Api wires identity, on a real socket: one endpoint per policy.</summary>
public sealed class TestApi : IAsyncDisposable
{
    /// <summary>32 bytes of zeros would do as well; the tests only need a key they know.</summary>
    public static readonly byte[] ParticipantHashKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly WebApplication _app;

    private TestApi(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static IDictionary<string, string?> DevelopmentSettings(string keyDirectory) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Authentication:Development:Enabled"] = "true",
        ["Authentication:Development:KeyDirectory"] = keyDirectory,
        ["Privacy:ParticipantHashKey"] = Convert.ToBase64String(ParticipantHashKey),
    };

    /// <summary>Builds and starts the host; start-up validation failures surface as the exception they are.</summary>
    public static async Task<TestApi> StartAsync(
        IDictionary<string, string?> settings,
        string environment = "Development",
        Func<IServiceProvider, byte[]>? fallbackParticipantHashKey = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddBuurtbudgetAuthentication(builder.Configuration, builder.Environment, fallbackParticipantHashKey);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (HttpContext context) => Describe(context.GetCaller())).RequireAuthorization(Policies.SignedIn);
        app.MapGet("/claims", (HttpContext context) => context.User.Claims.Select(claim => new ClaimDescription(claim.Type, claim.Value)).ToArray())
            .RequireAuthorization(Policies.SignedIn);
        app.MapGet("/districts/{district}/residents/me", (string district, HttpContext context) =>
                context.GetCaller().IsResidentOf(DistrictCode.Parse(district)) ? Results.Ok() : Results.NotFound())
            .RequireAuthorization(Policies.Resident);
        app.MapGet("/coordinator", (HttpContext context) => Describe(context.GetCaller())).RequireAuthorization(Policies.Coordinator);
        app.MapGet("/auditor", () => "auditor").RequireAuthorization(Policies.Auditor);
        app.MapGet("/admin", () => "admin").RequireAuthorization(Policies.Admin);

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestApi(app, new Uri(address));
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? token = null, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private static CallerDescription Describe(Caller caller) => new(
        caller.ParticipantKey.Value,
        [.. caller.Roles.Select(role => role.ToName()).Order(StringComparer.Ordinal)],
        [.. caller.Districts.Select(district => district.Value).Order(StringComparer.Ordinal)]);
}

public sealed record ClaimDescription(string Type, string Value);

public sealed record CallerDescription(string ParticipantKey, string[] Roles, string[] Districts);
