using Serilog;

namespace Buurtbudget.Api.Hosting;

/// <summary>Serilog from configuration (section "Serilog"), with the log context so that request lines carry
/// the round id. Serilog.AspNetCore is not available here; this is its small core.</summary>
internal static class Logging
{
    public static WebApplicationBuilder AddBuurtbudgetLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
        {
            configuration = configuration.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
        return builder;
    }
}
