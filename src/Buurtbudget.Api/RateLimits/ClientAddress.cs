using System.Net;
using System.Net.Sockets;

namespace Buurtbudget.Api.RateLimits;

/// <summary>A client's IP address in the two forms this API uses it: as a rate-limit partition (in memory only)
/// and, truncated, where it could reach a log. The full address is never stored.</summary>
internal static class ClientAddress
{
    /// <summary>The partition for per-address limits: an IPv4 address whole; an IPv6 address by its /64, because
    /// one household or phone gets a whole /64 and could otherwise step to a fresh address per request.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            // In-process test servers and Unix sockets have none; they share one partition.
            return "unknown";
        }

        return Truncate(address, ipv4Bits: 32, ipv6Bits: 64).ToString();
    }

    /// <summary>The site an IPv6 address belongs to (its /48: what a provider hands one customer), or null for IPv4
    /// and unknown addresses. Whoever holds a /48 holds 65,536 /64s, so a limit per /64 alone would not bind them;
    /// an IPv4 address is scarce enough to be its own unit.</summary>
    public static string? SitePartitionKey(IPAddress? address)
    {
        if (address is null || address.IsIPv4MappedToIPv6 || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        return Truncate(address, ipv4Bits: 32, ipv6Bits: 48).ToString();
    }

    /// <summary>The form an address may take in a log: IPv4 to its /24, IPv6 to its /48. Enough to see that
    /// requests came from one network, not enough to single out a household.</summary>
    public static IPAddress ForLog(IPAddress address) => Truncate(address, ipv4Bits: 24, ipv6Bits: 48);

    private static IPAddress Truncate(IPAddress address, int ipv4Bits, int ipv6Bits)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? ipv4Bits : ipv6Bits;
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsInByte = Math.Clamp(keep - (i * 8), 0, 8);
            bytes[i] &= unchecked((byte)(0xFF << (8 - bitsInByte)));
        }

        return new IPAddress(bytes);
    }
}
