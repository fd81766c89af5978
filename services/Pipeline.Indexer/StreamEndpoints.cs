using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Pipeline.Indexer;

/// <summary>
/// <c>GET /stream</c>: newly indexed articles as Server-Sent Events (<c>event: article</c>, <c>id:</c> the event id,
/// <c>data:</c> a <see cref="StreamedArticle"/>), filtered like the search, resumed after <c>Last-Event-ID</c> from the
/// backlog (<c>event: gap</c> first when events were missed), a heartbeat comment on an idle stream, 503 beyond the
/// stream cap. The stream ends when the client leaves or the host stops.
/// </summary>
internal static class StreamEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IResult> Stream(
        HttpContext http,
        ArticleBroadcast stream,
        IOptions<IndexerOptions> options,
        IHostApplicationLifetime lifetime,
        string? lang,
        string? topic,
        string? country,
        string? source,
        string? entity,
        string? maxUrgency,
        string? lastEventId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = SearchParameters.Filter(errors, lang, topic, country, source, entity, ("maxUrgency", maxUrgency));
        var resumeText = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        long? resumeAfter = null;
        if (!string.IsNullOrWhiteSpace(resumeText))
        {
            if (long.TryParse(resumeText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                resumeAfter = parsed;
            }
            else
            {
                errors["Last-Event-ID"] = ["The last event id must be the id: of an event this stream sent (digits only)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the listed parameters and reconnect.", title: "Invalid stream request");
        }

        using var subscription = stream.TrySubscribe(filter, resumeAfter);
        if (subscription is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many open streams",
                detail: $"This indexer serves at most {options.Value.MaxStreams} streams at once (Indexer:MaxStreams); retry in a few seconds.");
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        var response = http.Response;
        response.Headers.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await WriteAsync(response, "retry: 3000\n\n", cancellationToken).ConfigureAwait(false);
            if (subscription.Missed)
            {
                var gap = JsonSerializer.Serialize(new { lastEventId = resumeAfter, nextId = subscription.Replay.Count > 0 ? subscription.Replay[0].Id : (long?)null }, Json);
                await WriteAsync(response, $"event: gap\ndata: {gap}\n\n", cancellationToken).ConfigureAwait(false);
            }

            foreach (var item in subscription.Replay)
            {
                await WriteEventAsync(response, item, cancellationToken).ConfigureAwait(false);
            }

            var heartbeat = TimeSpan.FromSeconds(options.Value.StreamHeartbeatSeconds);
            var events = subscription.Events;
            while (true)
            {
                while (events.TryRead(out var item))
                {
                    await WriteEventAsync(response, item, cancellationToken).ConfigureAwait(false);
                }

                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(heartbeat);
                try
                {
                    if (!await events.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                    {
                        break; // fell too far behind: the client reconnects with Last-Event-ID and resumes from the backlog
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await WriteAsync(response, ": heartbeat\n\n", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client left or the host is stopping: the stream just ends.
        }

        return Results.Empty;
    }

    private static Task WriteEventAsync(HttpResponse response, StreamEvent item, CancellationToken cancellationToken) =>
        WriteAsync(
            response,
            string.Create(CultureInfo.InvariantCulture, $"event: article\nid: {item.Id}\ndata: {JsonSerializer.Serialize(item.Article, Json)}\n\n"),
            cancellationToken);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
