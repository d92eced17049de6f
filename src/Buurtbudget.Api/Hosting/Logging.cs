using Serilog;
using Serilog.Extensions.Logging;

namespace Buurtbudget.Api.Hosting;

/// <summary>Serilog from configuration (section "Serilog"), with the log context so that request lines carry
/// the round id. Serilog.AspNetCore is not available here; this is its small core. The logger is built from the
/// final configuration when the container is, so settings added by a host (or a test) take effect. Every event
/// passes <see cref="LogPrivacy"/> last, whatever the configuration adds: no client's full IP address or token is written.</summary>
internal static class Logging
{
    public static WebApplicationBuilder AddBuurtbudgetLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var logger = new LoggerConfiguration()
                .ReadFrom.Configuration(configuration)
                .Enrich.FromLogContext()
                .Enrich.With(new LogPrivacy(LogPrivacy.PlatformAddressesIn(configuration)));
            if (!configuration.GetSection("Serilog:WriteTo").Exists())
            {
                logger = logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }

            return new SerilogLoggerProvider(logger.CreateLogger(), dispose: true);
        });
        return builder;
    }
}
