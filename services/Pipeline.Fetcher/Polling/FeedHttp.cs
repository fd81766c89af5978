using System.Net;
using Pipeline.ServiceDefaults.Network;

namespace Pipeline.Fetcher.Polling;

/// <summary>The HTTP plumbing of feed polling: the guarded primary handler.</summary>
public static class FeedHttp
{
    /// <summary>Name of the feed HttpClient registered with IHttpClientFactory.</summary>
    public const string ClientName = "Pipeline.Fetcher.Feeds";

    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> with automatic decompression, no proxy (a proxy would bypass the guard),
    /// limited redirects and, unless <paramref name="allowPrivateNetworks"/>, an SSRF guard in its
    /// <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved there and the socket connects only to
    /// addresses the shared <see cref="SsrfGuard"/> allows, so DNS rebinding and redirects to internal hosts fail too.
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

    internal static ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken) =>
        SsrfGuard.ConnectAsync(endPoint, allowPrivateNetworks ? SsrfPolicy.AllowPrivate : SsrfPolicy.PublicOnly, cancellationToken, "Set Fetcher:AllowPrivateNetworks=true to allow them.");
}
