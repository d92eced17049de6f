using Buurtbudget.Api.Problems;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Buurtbudget.Api.Telemetry;

/// <summary>OpenTelemetry: metrics from ASP.NET Core, outgoing HTTP, Npgsql, the .NET runtime, Orleans and the
/// platform's own meter (<see cref="BuurtbudgetMetrics"/>), always on a Prometheus scrape endpoint and over OTLP when a
/// collector is configured; traces of the same sources (and Orleans' grain calls) only over OTLP.</summary>
/// <remarks>Traces only with a collector: Prometheus takes no traces, and without an exporter every request would still
/// start and record a span only to drop it. Metrics cost an addition or a histogram entry per instrument and request.</remarks>
internal static class PlatformTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meter Orleans 10 records its instruments on (Orleans.Core's OrleansInstruments).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string ServiceName = "buurtbudget";

    public static IServiceCollection AddBuurtbudgetTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();

        var collector = TelemetryOptions.OtlpEndpointIn(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName));
        if (collector is null && !IsScraped(configuration))
        {
            // Nobody could read them: no collector, and no management port for Prometheus. Collecting anyway would put a
            // listener on every instrument of ASP.NET Core, Kestrel and Orleans, recorded on every request and grain
            // message (load test: 16% of the signed-in ceiling), for nothing.
            return services;
        }

        telemetry.WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrleansMeter, BuurtbudgetMetrics.MeterName)
                    .AddPrometheusExporter();
                if (collector is not null)
                {
                    metrics.AddOtlpExporter(otlp => Export(otlp, configuration, "metrics"));
                }
            });
        if (collector is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName, ActivitySources.LifecycleActivitySourceName)
                .AddOtlpExporter(otlp => Export(otlp, configuration, "traces")));
        }

        return services;
    }

    /// <summary>Whether a management port is set, on which Prometheus scrapes <see cref="MetricsPath"/>.</summary>
    private static bool IsScraped(IConfiguration configuration) =>
        configuration[$"{TelemetryOptions.SectionName}:Prometheus:ManagementPort"] is { Length: > 0 };

    /// <summary>Whether traces are recorded (a collector is configured): the silo then carries a request's trace into
    /// the grain calls it makes.</summary>
    public static bool RecordsTraces(IConfiguration configuration) => TelemetryOptions.OtlpEndpointIn(configuration) is not null;

    /// <summary>The Prometheus scrape endpoint at <see cref="MetricsPath"/>. Metrics show how busy each round and wijk
    /// is and how the nodes fare: an operator's, not the public's. Prometheus sends no bearer token (a token would expire
    /// between scrapes), so the endpoint is anonymous and answered only on the management port
    /// (<c>OpenTelemetry:Prometheus:ManagementPort</c>): a port of the server's own that the firewall and the reverse
    /// proxy keep off the internet. The decision is by the port the connection arrived on, which a client cannot
    /// choose by a header (a Host header or X-Forwarded-* can be forged; the socket's local port cannot). On every
    /// other port, and everywhere when no management port is set, the answer is 404 with a reason.</summary>
    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var managementPort = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus.ManagementPort;
        if (managementPort is null)
        {
            // No Prometheus exporter without a management port (see AddBuurtbudgetTelemetry); the address still says why.
            app.MapGet(MetricsPath, RefuseAsync)
                .AllowAnonymous()
                .ExcludeFromDescription()
                .WithDisplayName("Prometheus metrics (management port only)");
            return app;
        }

        app.MapPrometheusScrapingEndpoint(
                MetricsPath,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use((context, next) =>
                    managementPort is { } port && context.Connection.LocalPort == port ? next(context) : RefuseAsync(context)),
                optionsName: null)
            .AllowAnonymous()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .ExcludeFromDescription()
            .WithDisplayName("Prometheus metrics (management port only)");
        return app;
    }

    private static Task RefuseAsync(HttpContext context)
    {
        var problem = Problems.Problems.Build(context, ProblemCatalog.MetricsOnManagementPort, new Dictionary<string, string>(StringComparer.Ordinal));
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    /// <summary>The platform's setting when given, read as OTEL_EXPORTER_OTLP_ENDPOINT is: the collector's base address,
    /// to which OTLP over HTTP adds the signal's path (<c>/v1/traces</c>, <c>/v1/metrics</c>). Otherwise the exporter
    /// reads OpenTelemetry's standard variables itself (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS).</summary>
    private static void Export(OtlpExporterOptions otlp, IConfiguration configuration, string signal)
    {
        if (configuration[$"{TelemetryOptions.SectionName}:Otlp:Endpoint"] is { Length: > 0 } endpoint)
        {
            otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint.TrimEnd('/') + "/v1/" + signal)
                : new Uri(endpoint);
        }
    }
}
