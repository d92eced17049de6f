using Buurtbudget.Api.Tests.Infrastructure;

namespace Buurtbudget.Api.Tests.Telemetry;

/// <summary>A telemetry setting that cannot work stops the start and names itself, instead of metrics that never arrive.</summary>
public sealed class TelemetrySettingsTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("OpenTelemetry:Prometheus:ManagementPort", "0")]
    [InlineData("OpenTelemetry:Prometheus:ManagementPort", "70000")]
    [InlineData("OpenTelemetry:Otlp:Endpoint", "collector:4317")]
    [InlineData("OpenTelemetry:Otlp:Endpoint", "ftp://127.0.0.1:4317")]
    public async Task A_bad_telemetry_setting_fails_the_start_and_names_the_setting(string key, string value)
    {
        await using var app = new BuurtbudgetApp(_directory, settings: new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, app.StartupErrors, StringComparison.Ordinal);
    }
}
