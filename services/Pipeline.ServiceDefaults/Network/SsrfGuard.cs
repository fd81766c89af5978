using System.Net;
using System.Net.Sockets;

namespace Pipeline.ServiceDefaults.Network;

/// <summary>Which non-public addresses an outgoing connection may reach.</summary>
public enum SsrfPolicy
{
    /// <summary>Public (global unicast) addresses only: production.</summary>
    PublicOnly,

    /// <summary>Public addresses and loopback (tests, local development); private, link-local and metadata stay refused.</summary>
    AllowLoopback,

    /// <summary>Any address (dev and tests only).</summary>
    AllowPrivate,
}

/// <summary>Thrown at connect time when every address of a host is on a network the caller may not reach.</summary>
public sealed class BlockedAddressException : IOException
{
    public BlockedAddressException(string message) : base(message) { }

    public BlockedAddressException() : this("The address is blocked by the SSRF guard.") { }

    public BlockedAddressException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The SSRF guard every outgoing HTTP client of Pipeline uses (the fetcher's feeds, the notifier's webhooks): the host
/// is resolved in the <see cref="SocketsHttpHandler.ConnectCallback"/> and the socket connects only to addresses the
/// policy allows (<see cref="AddressClassifier"/>), so DNS rebinding and redirects to internal hosts fail too.
/// </summary>
public static class SsrfGuard
{
    /// <summary>The addresses of a host (a literal IP as itself).</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The addresses the policy allows.</summary>
    public static IPAddress[] Allowed(IPAddress[] addresses, SsrfPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return policy switch
        {
            SsrfPolicy.AllowPrivate => addresses,
            SsrfPolicy.AllowLoopback => [.. addresses.Where(a => AddressClassifier.Classify(a) is AddressRange.Public or AddressRange.Loopback)],
            _ => [.. addresses.Where(AddressClassifier.IsPublic)],
        };
    }

    /// <summary>
    /// Connects to the first allowed address of the host, or throws <see cref="BlockedAddressException"/> naming what it
    /// resolved to, followed by <paramref name="hint"/> (the setting that would allow it).
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, SsrfPolicy policy, CancellationToken cancellationToken, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var addresses = await ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = Allowed(addresses, policy);
        if (allowed.Length == 0)
        {
            var described = string.Join(", ", addresses.Select(a => $"{a} ({AddressClassifier.Classify(a)})"));
            throw new BlockedAddressException($"Refused to connect to '{endPoint.Host}': it resolves only to non-public addresses [{described}].{(hint is null ? "" : " " + hint)}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
