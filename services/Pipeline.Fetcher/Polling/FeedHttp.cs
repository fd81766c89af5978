using System.Net;
using System.Net.Sockets;

namespace Pipeline.Fetcher.Polling;

/// <summary>Thrown at connect time when every address of a feed's host is on a network the fetcher may not reach.</summary>
public sealed class BlockedAddressException : IOException
{
    public BlockedAddressException(string message) : base(message) { }

    public BlockedAddressException() : this("The address is blocked by the SSRF guard.") { }

    public BlockedAddressException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The HTTP plumbing of feed polling: the guarded primary handler.</summary>
public static class FeedHttp
{
    /// <summary>Name of the feed HttpClient registered with IHttpClientFactory.</summary>
    public const string ClientName = "Pipeline.Fetcher.Feeds";

    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> with automatic decompression, no proxy (a proxy would bypass the guard),
    /// limited redirects and, unless <paramref name="allowPrivateNetworks"/>, an SSRF guard in its
    /// <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved there and the socket connects only to
    /// addresses <see cref="AddressClassifier"/> calls public, so DNS rebinding and redirects to internal hosts fail too.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivateNetworks, TimeSpan connectTimeout)
    {
        return new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivateNetworks, cancellationToken),
        };
    }

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(AddressClassifier.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            var described = string.Join(", ", addresses.Select(a => $"{a} ({AddressClassifier.Classify(a)})"));
            throw new BlockedAddressException(
                $"Refused to connect to '{endPoint.Host}': it resolves only to non-public addresses [{described}]. Set Fetcher:AllowPrivateNetworks=true to allow them.");
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
