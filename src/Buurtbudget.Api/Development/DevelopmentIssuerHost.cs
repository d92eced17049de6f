using System.Diagnostics.CodeAnalysis;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Development;

/// <summary>Whether this host runs the development issuer, and its key. The endpoints that hand out its tokens are
/// anonymous by design, so they are mapped only in the Development environment with the issuer enabled.</summary>
internal static class DevelopmentIssuerHost
{
    public static bool IsEnabled(IHostEnvironment environment, IServiceProvider services) =>
        environment.IsDevelopment() && Options(services).DevelopmentEnabled;

    /// <summary>The same key file the validator trusts, so every token handed out is accepted by this host.</summary>
    public static bool TryLoadKey(WebApplication app, [NotNullWhen(true)] out DevelopmentSigningKey? key)
    {
        key = null;
        if (!IsEnabled(app.Environment, app.Services))
        {
            return false;
        }

        var directory = Options(app.Services).DevelopmentKeyDirectory;
        key = string.IsNullOrWhiteSpace(directory) ? DevelopmentSigningKey.LoadOrCreateDefault() : DevelopmentSigningKey.LoadOrCreate(directory);
        return true;
    }

    private static TrustedIssuers Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TrustedIssuers>>().Value;
}
