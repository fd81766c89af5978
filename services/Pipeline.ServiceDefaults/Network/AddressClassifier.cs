using System.Net;
using System.Net.Sockets;

namespace Pipeline.ServiceDefaults.Network;

/// <summary>What kind of network an IP address belongs to, for the SSRF guard.</summary>
public enum AddressRange
{
    /// <summary>A global unicast address: allowed.</summary>
    Public,
    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,
    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,
    /// <summary>10/8, 172.16/12, 192.168/16 (RFC 1918).</summary>
    Private,
    /// <summary>100.64.0.0/10 (carrier-grade NAT, RFC 6598).</summary>
    CarrierGradeNat,
    /// <summary>169.254.0.0/16, fe80::/10.</summary>
    LinkLocal,
    /// <summary>169.254.169.254 and fd00:ec2::254: cloud instance metadata.</summary>
    Metadata,
    /// <summary>fc00::/7 (unique local), fec0::/10 (deprecated site-local).</summary>
    UniqueLocal,
    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,
    /// <summary>Documentation, benchmarking, IETF protocol assignments, 240.0.0.0/4, broadcast.</summary>
    Reserved,
}

/// <summary>
/// Classifies IP addresses for the SSRF guard (SsrfGuard: the fetcher's feeds, the notifier's webhooks). IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible and
/// NAT64 (64:ff9b::/96) IPv6 addresses are classified by the IPv4 address they carry.
/// </summary>
public static class AddressClassifier
{
    /// <summary>True when the address is public: reachable under <see cref="SsrfPolicy.PublicOnly"/>.</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) == AddressRange.Public;

    public static AddressRange Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressRange.Reserved;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyV4(address.MapToIPv4().GetAddressBytes());
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressRange.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressRange.Loopback;
        }

        // NAT64 well-known prefix 64:ff9b::/96 and deprecated IPv4-compatible ::a.b.c.d carry an IPv4 address.
        if ((b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && AllZero(b, 4, 8)) || AllZero(b, 0, 12))
        {
            return ClassifyV4(b.AsSpan(12));
        }

        if (address.Equals(Ec2MetadataV6))
        {
            return AddressRange.Metadata;
        }

        return b[0] switch
        {
            0xff => AddressRange.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => AddressRange.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => AddressRange.UniqueLocal,
            0xfc or 0xfd => AddressRange.UniqueLocal,
            0x20 when b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => AddressRange.Reserved, // 2001:db8::/32 documentation
            0x20 when b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00 => AddressRange.Reserved, // 2001::/32 Teredo
            0x20 when b[1] == 0x02 => AddressRange.Reserved,                                 // 2002::/16 6to4 relays arbitrary IPv4
            _ when (b[0] & 0xe0) == 0x20 => AddressRange.Public,                             // 2000::/3 global unicast
            _ => AddressRange.Reserved,
        };
    }

    private static readonly IPAddress Ec2MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private static AddressRange ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2], b[3]) switch
    {
        (169, 254, 169, 254) => AddressRange.Metadata,
        (0, _, _, _) => AddressRange.Unspecified,
        (127, _, _, _) => AddressRange.Loopback,
        (10, _, _, _) => AddressRange.Private,
        (172, >= 16 and <= 31, _, _) => AddressRange.Private,
        (192, 168, _, _) => AddressRange.Private,
        (100, >= 64 and <= 127, _, _) => AddressRange.CarrierGradeNat,
        (169, 254, _, _) => AddressRange.LinkLocal,
        (192, 0, 0, _) => AddressRange.Reserved,        // IETF protocol assignments
        (192, 0, 2, _) => AddressRange.Reserved,        // TEST-NET-1
        (198, 51, 100, _) => AddressRange.Reserved,     // TEST-NET-2
        (203, 0, 113, _) => AddressRange.Reserved,      // TEST-NET-3
        (198, 18 or 19, _, _) => AddressRange.Reserved, // benchmarking
        (>= 224 and <= 239, _, _, _) => AddressRange.Multicast,
        (>= 240, _, _, _) => AddressRange.Reserved,     // 240/4 and 255.255.255.255
        _ => AddressRange.Public,
    };

    private static bool AllZero(byte[] bytes, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
