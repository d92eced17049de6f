using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Buurtbudget.Api.RateLimits;
using Serilog.Core;
using Serilog.Events;

namespace Buurtbudget.Api.Hosting;

/// <summary>The last line of defence before a log line is written: client IP addresses in any text property are cut
/// to their network (IPv4 /24, IPv6 /48), anything that looks like a bearer token is removed, and a request's query
/// string is dropped (a code or token must never be sent there, but if one is, it does not reach the log). Nothing
/// of ours logs these; this catches the framework's categories and future mistakes, whatever the log level. The
/// platform's own addresses (where it listens, its identity provider, its proxies, database and telemetry collector, as configured) and
/// loopback are no client's and stay whole: an operator needs them to tell which node or provider a line is about.</summary>
internal sealed partial class LogPrivacy(IReadOnlySet<IPAddress> platformAddresses) : ILogEventEnricher
{
    public const string Removed = "(removed)";

    /// <summary>The configuration sections that name the platform's own endpoints, never a client.</summary>
    private static readonly string[] PlatformSections = ["urls", "Kestrel", "Authentication", "WebClient", "ForwardedHeaders", "Storage", "VotingCodes", "OpenTelemetry", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    /// <summary>Every IP address the configuration names in <see cref="PlatformSections"/>.</summary>
    public static IReadOnlySet<IPAddress> PlatformAddressesIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new HashSet<IPAddress>();
        var values = PlatformSections.SelectMany(section => configuration.GetSection(section).AsEnumerable().Select(pair => pair.Value))
            .Concat(PlatformSections.Select(section => configuration[section]));
        foreach (var value in values.OfType<string>())
        {
            foreach (var match in IPv4().Matches(value).Concat(IPv6().Matches(value)).Concat(BracketedIPv6().Matches(value).Select(m => m.Groups["address"])))
            {
                if (IPAddress.TryParse(match.Value, out var address))
                {
                    addresses.Add(Normalised(address));
                }
            }
        }

        return addresses;
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is not ScalarValue { Value: string text })
            {
                continue;
            }

            var scrubbed = string.Equals(name, "QueryString", StringComparison.Ordinal) && text.Length > 0 ? Removed : Scrub(text);
            if (!string.Equals(scrubbed, text, StringComparison.Ordinal))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(scrubbed)));
            }
        }
    }

    /// <summary><paramref name="text"/> without tokens and with every client IP address truncated.</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = BearerToken().Replace(text, Removed);
        text = JsonWebToken().Replace(text, Removed);
        text = IPv4().Replace(text, match => Truncated(match.Value, AddressFamily.InterNetwork));
        return IPv6().Replace(text, match => Truncated(match.Value, AddressFamily.InterNetworkV6));
    }

    private string Truncated(string candidate, AddressFamily family)
    {
        if (!IPAddress.TryParse(candidate, out var address) || address.AddressFamily != family)
        {
            return candidate;
        }

        var normalised = Normalised(address);
        return IPAddress.IsLoopback(normalised) || normalised.Equals(IPAddress.Any) || normalised.Equals(IPAddress.IPv6Any) || platformAddresses.Contains(normalised)
            ? candidate
            : ClientAddress.ForLog(address).ToString();
    }

    private static IPAddress Normalised(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // An IPv6 host in a URL is bracketed ("http://[2001:db8::1]:5091").
    [GeneratedRegex(@"\[(?<address>[0-9A-Fa-f:.]+)\]", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BracketedIPv6();

    [GeneratedRegex(@"\bBearer\s+\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // A JWT's header is base64url JSON, so it starts with "eyJ"; three dot-separated parts.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9.])", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    // Candidates only (hex groups with at least two colons, optionally an embedded IPv4); IPAddress decides.
    [GeneratedRegex(@"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Fa-f:])", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6();
}
