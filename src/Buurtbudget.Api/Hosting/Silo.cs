using System.Net;
using System.Net.Sockets;
using Buurtbudget.Actors.Hosting;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Hosting;

/// <summary>Where this process's Orleans silo listens and which cluster it belongs to (section "Orleans").</summary>
internal sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    /// <summary>The port other silos reach this one on (loopback only for one node); 0 takes a free one at start-up,
    /// which is right for one node: nothing else needs to know it.</summary>
    public int SiloPort { get; set; }

    public string ClusterId { get; set; } = "buurtbudget";

    public string ServiceId { get; set; } = "buurtbudget";
}

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)} must be between 0 (a free port) and {IPEndPoint.MaxPort}, not {options.SiloPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.ClusterId)} and {SiloOptions.SectionName}:{nameof(SiloOptions.ServiceId)} must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class Silo
{
    /// <summary>Hosts the grains in this process: one silo that also serves the API, so a call from an endpoint to a
    /// round's grain on this node is a method call without a network hop or a copy.</summary>
    public static IServiceCollection AddBuurtbudgetSilo(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SiloOptions.SectionName);
        var options = section.Get<SiloOptions>() ?? new SiloOptions();
        var validation = new SiloOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), validation.Failures);
        }

        services.AddOrleans(silo =>
        {
            // One node: development clustering on loopback, and no gateway, since no client connects from outside.
            silo.UseLocalhostClustering(
                siloPort: options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort,
                gatewayPort: 0,
                serviceId: options.ServiceId,
                clusterId: options.ClusterId);
            silo.AddBuurtbudgetGrains(configuration.GetSection("Actors"));
        });
        return services;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
