using Buurtbudget.Api.Access;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Development.Oidc;
using Buurtbudget.Api.Health;
using Buurtbudget.Api.OpenApi;
using Buurtbudget.Api.Hosting.Dashboard;
using Buurtbudget.Api.Problems;
using Buurtbudget.Api.RateLimits;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Api.Seeds;
using Buurtbudget.Api.Telemetry;
using Buurtbudget.Api.VotingCodes;
using Buurtbudget.Api.WebClient;
using Buurtbudget.Identity;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Storage;
using Buurtbudget.Storage.Hosting;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Buurtbudget.Api.Hosting;

/// <summary>What the API is made of, and the order requests flow through it.</summary>
internal static class ApiComposition
{
    public static IServiceCollection AddBuurtbudgetApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Problems written by the framework or the identity handlers note their type for the request log line too.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = problem => Logging.NoteProblem(problem.HttpContext, problem.ProblemDetails.Type));
        // In order: a storage outage or an unreachable round is a 503 with a retry hint; everything else is mapped (or is a 500) after it.
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        // Unreadable requests throw, so that the exception handler answers them with problem details and a reason.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.AllowOutOfOrderMetadataProperties = true;

            // The web defaults read "100" as 100 and let a repeated key overwrite the first. A client that sends
            // either has a bug or is probing what another reader of the same body (a proxy, a log, an audit) would see
            // differently, so both are refused as unreadable.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddBuurtbudgetOpenApi();

        services.AddBuurtbudgetStorage(configuration.GetSection("Storage"));
        services.AddBuurtbudgetSilo(configuration);
        // Without a configured key, an embedded install keeps its participant hash key next to its database.
        services.AddBuurtbudgetAuthentication(
            configuration, environment, provider => ParticipantHashKeyFile.LoadOrCreate(provider.GetRequiredService<DataDirectory>().Path));
        services.AddApiPolicies();
        services.AddClusterDashboardAccess(configuration, environment);
        services.AddForwardedClients(configuration);
        services.AddBuurtbudgetRateLimits(configuration);
        services.AddBuurtbudgetHealth();
        services.AddBuurtbudgetTelemetry(configuration);

        services.AddOptions<SeedOptions>().Bind(configuration.GetSection("Seeds"));
        services.AddSingleton<SeedLoader>();

        // Registered after the silo, so that it starts after it (the seeds are commands to grains), and before the
        // server takes requests.
        services.AddHostedService<SeedLoading>();
        services.AddHostedService<RoundSummaryRebuild>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<VotingCodeOptions>, VotingCodeOptionsValidator>();
        services.AddOptions<VotingCodeOptions>().Bind(configuration.GetSection(VotingCodeOptions.SectionName)).ValidateOnStart();
        services.AddBulletinBoard(configuration);
        services.AddWebClient(configuration);
        services.AddDevelopmentOidc();
        return services;
    }

    public static WebApplication UseBuurtbudgetPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseBuurtbudgetRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodeProblems();
        app.UseRouting();
        // Only the development provider allows another origin (the Vite dev server); everything else is same-origin.
        app.UseCors();
        app.UseWebClient();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseAuthentication();

        // After authentication, so that a resident's limit is keyed by who they are; before authorisation, so that a
        // flood of refused requests is limited too (per address) instead of costing a policy check each.
        app.UseMiddleware<RateLimiting>();
        app.UseAuthorization();
        return app;
    }
}
