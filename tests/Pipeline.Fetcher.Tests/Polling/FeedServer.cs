using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Fetcher.Tests.Polling;

/// <summary>A real HTTP server on loopback serving feeds the way real publishers do (validators, 304, 429, errors).</summary>
internal sealed class FeedServer : IAsyncDisposable
{
    public const string ETag = "\"feed-v1\"";
    public static readonly DateTimeOffset LastModified = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    public const string Rss = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Notizie</title><item><title>Perché</title></item></channel></rss>";

    private readonly WebApplication _app;

    private FeedServer(WebApplication app) => _app = app;

    /// <summary>Base address, e.g. http://127.0.0.1:54321.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests received, by path, with their conditional headers.</summary>
    public ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince)> Requests { get; } = new();

    public string FeedBody { get; set; } = Rss;

    public Uri Url(string path) => new(BaseAddress, path);

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FeedServer(app);
        app.Use(async (context, next) =>
        {
            server.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.IfNoneMatch.FirstOrDefault(), context.Request.Headers.IfModifiedSince.FirstOrDefault()));
            await next(context);
        });

        app.MapGet("/feed.xml", (HttpContext context) =>
        {
            var headers = context.Request.GetTypedHeaders();
            if (headers.IfNoneMatch.Any(tag => tag.Tag == ETag) || headers.IfModifiedSince >= LastModified)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers.ETag = ETag;
            context.Response.Headers.LastModified = LastModified.ToString("R");
            return Results.Text(server.FeedBody, "application/rss+xml; charset=utf-8", Encoding.UTF8);
        });
        app.MapGet("/no-validators.xml", () => Results.Text(server.FeedBody, "application/rss+xml"));
        app.MapGet("/latin1.xml", () => Results.Bytes(Encoding.Latin1.GetBytes("<rss><channel><title>Città</title></channel></rss>"), "application/rss+xml; charset=ISO-8859-1"));
        app.MapGet("/limited.xml", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        });
        app.MapGet("/cached.xml", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=900";
            return Results.Text(Rss, "application/rss+xml");
        });
        app.MapGet("/no-cache.xml", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache, max-age=900";
            return Results.Text(Rss, "application/rss+xml");
        });
        app.MapGet("/ttl-30.xml", () => Results.Text("<rss version=\"2.0\"><channel><title>T</title><ttl>30</ttl></channel></rss>", "application/rss+xml"));
        app.MapGet("/ttl-day.xml", () => Results.Text("<rss version=\"2.0\"><channel><title>T</title><ttl> 1440 </ttl></channel></rss>", "application/rss+xml"));
        app.MapGet("/unavailable.xml", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/error.xml", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/big.xml", () => Results.Bytes(Enumerable.Repeat((byte)'a', 64 * 1024).ToArray(), "application/xml"));
        app.MapGet("/big-chunked.xml", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/xml";
            var chunk = Enumerable.Repeat((byte)'b', 8 * 1024).ToArray();
            for (var i = 0; i < 8; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });

        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
