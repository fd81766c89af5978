using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A real HTTP server on loopback serving one feed with an ETag, answering 304 to a matching
/// conditional request, and counting what it was asked.
/// </summary>
public sealed class LoopbackFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _full;
    private int _notModified;

    private LoopbackFeedServer(WebApplication app) => _app = app;

    public Uri FeedUrl { get; private set; } = null!;

    public int FullResponses => Volatile.Read(ref _full);

    public int NotModifiedResponses => Volatile.Read(ref _notModified);

    public static async Task<LoopbackFeedServer> StartAsync(byte[] feed, string contentType)
    {
        var app = LoopbackWebApplication.Create();
        var server = new LoopbackFeedServer(app);
        var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(feed))[..16] + "\"";
        app.MapGet("/feed.xml", (HttpContext context) =>
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                Interlocked.Increment(ref server._notModified);
                context.Response.Headers.ETag = etag;
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            Interlocked.Increment(ref server._full);
            context.Response.Headers.ETag = etag;
            return Results.Bytes(feed, contentType);
        });
        await app.StartAsync();
        server.FeedUrl = new Uri(new Uri(app.Urls.First()), "/feed.xml");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
