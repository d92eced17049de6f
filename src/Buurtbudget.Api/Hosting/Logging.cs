using System.Globalization;
using System.Net;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace Buurtbudget.Api.Hosting;

/// <summary>Serilog in two stages (Serilog.AspNetCore). First a bootstrap logger to the console, made before anything
/// else, so that a start that fails before the host exists (an unreadable appsettings.json, a bad service set-up) is
/// logged too. Then the host's logger from the final configuration (section "Serilog"), made when the container is,
/// so that settings a host or a test adds take effect. Every event of both passes <see cref="LogPrivacy"/> last,
/// whatever the configuration adds: no client's full IP address, token or query string is written.</summary>
/// <remarks>The host's logger does not replace the static <see cref="Log.Logger"/> (preserveStaticLogger): Serilog
/// freezes a bootstrap logger when it reconfigures it, and a second host in the same process (the tests run many at
/// once) would then fail or, worse, write into the first host's sinks. Nothing of the platform logs through the
/// static logger; the bootstrap one is only for failures before the host has its own.</remarks>
internal static class Logging
{
    /// <summary>The one line per request: the route template, never the path or its query string.</summary>
    public const string RequestTemplate = "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>A line on the console: Serilog's usual one, with the round and the problem type a request line carries.</summary>
    public const string OutputTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {RoundId} {ProblemType}{NewLine}{Exception}";

    private const string ProblemTypeKey = "Buurtbudget.ProblemType";

    /// <summary>The first stage: to the console, until the host's own logger exists. No client has connected yet, so
    /// no address is the platform's to keep whole: any but loopback is cut like a client's.</summary>
    public static ReloadableLogger CreateBootstrapLogger() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.With(new LogPrivacy(new HashSet<IPAddress>()))
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
            .CreateBootstrapLogger();

    /// <summary>The second stage: the host's logger, from configuration.</summary>
    public static WebApplicationBuilder AddBuurtbudgetLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var configuration = services.GetRequiredService<IConfiguration>();
                logger.ReadFrom.Configuration(configuration)
                    .Enrich.FromLogContext()
                    .Enrich.With(new LogPrivacy(LogPrivacy.PlatformAddressesIn(configuration)));
                if (!configuration.GetSection("Serilog:WriteTo").Exists())
                {
                    logger.WriteTo.BufferedConsole();
                }
            },
            preserveStaticLogger: true);
        CategoryLoggerCache.Decorate(builder.Services);
        return builder;
    }

    /// <summary>One event per request (Serilog's request logging): method, route template, status and duration, with
    /// the round id and, when the answer was a problem, its type. No header, path or query string is logged, and the
    /// client's address is not logged at all.</summary>
    public static IApplicationBuilder UseBuurtbudgetRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseSerilogRequestLogging(options =>
        {
            // The host's logger, not the static one (see the remarks above).
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = RequestTemplate;
            options.GetMessageTemplateProperties = (context, _, elapsedMs, statusCode) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("Route", new ScalarValue((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)")),
                new LogEventProperty("StatusCode", new ScalarValue(statusCode)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsedMs)),
            ];
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                // Runs outermost, after routing and after problem details were written.
                if (context.Request.RouteValues.TryGetValue("roundId", out var round) && round is string roundId)
                {
                    diagnostics.Set("RoundId", roundId);
                }

                if (context.Items.TryGetValue(ProblemTypeKey, out var type) && type is string problemType)
                {
                    diagnostics.Set("ProblemType", problemType);
                }
            };
        });
    }

    /// <summary>Notes the type of the problem a request is answered with, for its request log line. The platform's
    /// problems note it when they are built; the framework's and the identity handlers' when they are written.</summary>
    public static void NoteProblem(HttpContext context, string? type)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(type))
        {
            context.Items[ProblemTypeKey] = type;
        }
    }
}
