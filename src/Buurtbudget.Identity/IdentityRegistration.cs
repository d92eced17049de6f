using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace Buurtbudget.Identity;

public static class IdentityRegistration
{
    /// <summary>Registers the "Bearer" policy scheme as the default (see <see cref="BearerSchemes"/>), the policies of <see cref="Policies"/>, the
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
        var issuers = TrustedIssuers.Read(configuration);
        // The development scheme exists only in Development: elsewhere no selector, route or setting can reach it.
        var development = environment.IsDevelopment() && issuers.DevelopmentEnabled;

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<TrustedIssuers>().Configure(options => options.ReadFrom(configuration)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedIssuers>>(new TrustedIssuersValidator(environment));

        services.AddOptions<CallerOptions>()
            .Bind(configuration.GetSection(BearerSchemes.ConfigurationSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallerOptions>, CallerOptionsValidator>();

        services.AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.ConfigurationSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>>(new PrivacyOptionsValidator(fallbackParticipantHashKey is not null));

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

        AddBearerSchemes(services, configuration, issuers, development);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, policy => policy.AddAuthenticationSchemes(BearerSchemes.Bearer).RequireAuthenticatedUser())
            .AddPolicy(Policies.Resident, policy => RequireRole(policy, Role.Resident))
            .AddPolicy(Policies.Voter, policy => policy.AddAuthenticationSchemes(BearerSchemes.Bearer)
                .RequireAuthenticatedUser()
                // TryGetCaller: requirements run even after sign-in failed, and an anonymous request must get 401, not 500.
                .RequireAssertion(context => context.Resource is Microsoft.AspNetCore.Http.HttpContext http && http.TryGetCaller(out var caller) && caller.MayVote))
            .AddPolicy(Policies.Coordinator, policy => RequireRole(policy, Role.Coordinator))
            .AddPolicy(Policies.Auditor, policy => RequireRole(policy, Role.Auditor))
            .AddPolicy(Policies.Admin, policy => RequireRole(policy, Role.Admin));

        return services;
    }

    /// <summary>The policy scheme that every policy names, and behind it one standard handler per kind of issuer,
    /// each hardened by <see cref="BearerTokenHardening"/> after its library configured it.</summary>
    private static void AddBearerSchemes(IServiceCollection services, IConfiguration configuration, TrustedIssuers issuers, bool development)
    {
        var selector = new IssuerSchemeSelector(issuers, development);
        services.AddSingleton(selector);
        var authentication = services.AddAuthentication(BearerSchemes.Bearer)
            .AddPolicyScheme(BearerSchemes.Bearer, "Bearer token", policy => policy.ForwardDefaultSelector = selector.Select);
        var schemes = new List<string>();

        if (issuers.HasResidentBroker)
        {
            // Residents: an OpenID Connect broker for DigiD, a Keycloak realm, any provider with discovery.
            authentication.AddJwtBearer(BearerSchemes.Resident, options =>
            {
                options.Authority = issuers.Authority;
                options.MetadataAddress = issuers.MetadataAddress!;
                options.Audience = issuers.Audience;
                options.RequireHttpsMetadata = issuers.RequireHttpsMetadata;
            });
            schemes.Add(BearerSchemes.Resident);
        }

        if (issuers.HasStaffTenant)
        {
            // Staff: the municipality's Entra ID tenant. Microsoft.Identity.Web sets the authority, the Entra issuer
            // validation and the audiences (the client id and api://client id, or AzureAd:Audience).
            authentication.AddMicrosoftIdentityWebApi(
                configuration.GetSection(BearerSchemes.AzureAdConfigurationSection), BearerSchemes.Staff, subscribeToJwtBearerMiddlewareDiagnosticsEvents: false);
            services.Configure<JwtBearerOptions>(BearerSchemes.Staff, options => options.RequireHttpsMetadata = issuers.RequireHttpsMetadata);
            schemes.Add(BearerSchemes.Staff);
        }

        if (development)
        {
            authentication.AddJwtBearer(BearerSchemes.Development, options =>
            {
                var key = DevelopmentSigningKey.LoadOrCreate(string.IsNullOrWhiteSpace(issuers.DevelopmentKeyDirectory)
                    ? DevelopmentSigningKey.DefaultDirectory()
                    : issuers.DevelopmentKeyDirectory);
                options.TokenValidationParameters.ValidIssuer = DevelopmentTokenIssuer.Issuer;
                options.TokenValidationParameters.ValidAudience = DevelopmentTokenIssuer.Audience;
                options.TokenValidationParameters.IssuerSigningKey = key.ValidationKey;
            });
            schemes.Add(BearerSchemes.Development);
        }

        foreach (var scheme in schemes)
        {
            services.Configure<JwtBearerOptions>(scheme, options => options.BackchannelTimeout = BearerTokenHardening.MetadataTimeout);
            // Post-configured, so that it runs after the libraries' own configuration (and the configuration manager exists).
            services.AddOptions<JwtBearerOptions>(scheme).PostConfigure<TimeProvider>(BearerTokenHardening.Apply);
        }
    }

    private static void RequireRole(AuthorizationPolicyBuilder policy, Role role) =>
        policy.AddAuthenticationSchemes(BearerSchemes.Bearer)
            .RequireAuthenticatedUser()
            .AddRequirements(new CallerRoleRequirement(role));
}
