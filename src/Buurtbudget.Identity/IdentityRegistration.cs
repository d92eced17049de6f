using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Identity;

public static class IdentityRegistration
{
    /// <summary>Registers the "Bearer" scheme as the default, the policies of <see cref="Policies"/>, the
    /// options (validated at start) and <see cref="CallerFactory"/> behind <c>HttpContext.GetCaller()</c>.</summary>
    /// <param name="fallbackParticipantHashKey">The participant hash key when <c>Privacy:ParticipantHashKey</c> is
    /// not configured, e.g. <c>_ => ParticipantHashKeyFile.LoadOrCreate(dataDirectory)</c> for an embedded install.
    /// Without it, a missing key fails start-up.</param>
    public static IServiceCollection AddBuurtbudgetAuthentication(
        this IServiceCollection services,
        IConfiguration configuration,
        IHostEnvironment environment,
        Func<IServiceProvider, byte[]>? fallbackParticipantHashKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        const string scheme = BearerTokenDefaults.AuthenticationScheme;

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BearerTokenOptions>(scheme)
            .Bind(configuration.GetSection(BearerTokenDefaults.ConfigurationSection))
            .Configure(options => configuration.GetSection(BearerTokenDefaults.AzureAdConfigurationSection).Bind(options.AzureAd))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BearerTokenOptions>>(new BearerTokenOptionsValidator(environment));

        services.AddOptions<CallerOptions>()
            .Bind(configuration.GetSection(BearerTokenDefaults.ConfigurationSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallerOptions>, CallerOptionsValidator>();

        services.AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.ConfigurationSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>>(new PrivacyOptionsValidator(fallbackParticipantHashKey is not null));

        services.AddSingleton(provider => new BearerTokenValidator(
            provider.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(scheme),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<BearerTokenValidator>>()));
        services.AddSingleton(provider =>
        {
            var key = provider.GetRequiredService<IOptions<PrivacyOptions>>().Value.DecodeKey()
                ?? fallbackParticipantHashKey?.Invoke(provider)
                ?? throw new InvalidOperationException("Privacy:ParticipantHashKey is not configured.");
            return new ParticipantHasher(key);
        });
        services.AddSingleton(provider => PostcodeDistricts.Load(provider.GetRequiredService<IOptions<CallerOptions>>().Value.PostcodeTable));
        services.AddSingleton<CallerFactory>();
        services.AddSingleton<IAuthorizationHandler, CallerRoleAuthorizationHandler>();

        services.AddAuthentication(scheme).AddScheme<BearerTokenOptions, BearerTokenHandler>(scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, policy => policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser())
            .AddPolicy(Policies.Resident, policy => RequireRole(policy, Role.Resident))
            .AddPolicy(Policies.Voter, policy => policy.AddAuthenticationSchemes(scheme)
                .RequireAuthenticatedUser()
                // TryGetCaller: requirements run even after sign-in failed, and an anonymous request must get 401, not 500.
                .RequireAssertion(context => context.Resource is Microsoft.AspNetCore.Http.HttpContext http && http.TryGetCaller(out var caller) && caller.MayVote))
            .AddPolicy(Policies.Coordinator, policy => RequireRole(policy, Role.Coordinator))
            .AddPolicy(Policies.Auditor, policy => RequireRole(policy, Role.Auditor))
            .AddPolicy(Policies.Admin, policy => RequireRole(policy, Role.Admin));

        return services;
    }

    private static void RequireRole(AuthorizationPolicyBuilder policy, Role role) =>
        policy.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new CallerRoleRequirement(role));
}
