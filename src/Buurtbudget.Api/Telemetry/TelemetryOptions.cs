using System.Net;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Telemetry;

/// <summary>Where traces and metrics go (section "OpenTelemetry").</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>OpenTelemetry's own variable for the collector, honoured as well.</summary>
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public OtlpTelemetryOptions Otlp { get; set; } = new();

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();

    /// <summary>The OTLP collector named by <c>OpenTelemetry:Otlp:Endpoint</c> or by <see cref="StandardOtlpEndpointKey"/>;
    /// null when neither is set (then nothing is exported over OTLP and no traces are recorded).</summary>
    public static string? OtlpEndpointIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new[] { configuration[$"{SectionName}:Otlp:Endpoint"], configuration[StandardOtlpEndpointKey] }
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
    }
}

internal sealed class OtlpTelemetryOptions
{
    /// <summary>The collector's OTLP/gRPC address, e.g. <c>http://127.0.0.1:4317</c>.</summary>
    public string? Endpoint { get; set; }
}

internal sealed class PrometheusTelemetryOptions
{
    /// <summary>The port (one of the server's own, in <c>urls</c>) on which <c>/metrics</c> is answered. Unset, it is
    /// answered nowhere.</summary>
    public int? ManagementPort { get; set; }
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Otlp.Endpoint is { Length: > 0 } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))))
        {
            failures.Add($"{TelemetryOptions.SectionName}:Otlp:Endpoint must be the collector's http:// or https:// address (e.g. http://127.0.0.1:4317), not '{endpoint}'.");
        }

        if (options.Prometheus.ManagementPort is { } port && port is < 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{TelemetryOptions.SectionName}:Prometheus:ManagementPort must be a port between 1 and {IPEndPoint.MaxPort} that the server listens on (see urls), not {port}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
