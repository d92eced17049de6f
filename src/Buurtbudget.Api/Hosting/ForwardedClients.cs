using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Buurtbudget.Api.Hosting;

/// <summary>Behind a reverse proxy every connection comes from the proxy, so per-address rate limits would count the
/// whole town as one address. The client's address is taken from X-Forwarded-For, but only when the connection
/// comes from a trusted proxy: loopback (the framework's default, as in infra/cluster.sh) and the addresses in
/// <c>ForwardedHeaders:KnownProxies</c>. From anyone else the header is ignored, so a client cannot pick its own
/// partition. Only the last hop is read. X-Forwarded-Proto is read from the same proxies only.</summary>
internal static class ForwardedClients
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";

    public static IServiceCollection AddForwardedClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The scheme too, so that HTTPS behind a proxy that ends TLS is known as HTTPS (HSTS, the letters' address).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            foreach (var proxy in configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{KnownProxiesKey} holds '{proxy}', which is not an IP address. List the proxies' own addresses, e.g. 10.0.0.5."));
            }
        });
        return services;
    }
}
