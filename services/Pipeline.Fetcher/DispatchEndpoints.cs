using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Amqp;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;

namespace Pipeline.Fetcher;

/// <summary>Answer of <c>POST /dispatches</c>.</summary>
/// <param name="DispatchId">Id of the published <c>DispatchReceived</c>.</param>
/// <param name="Status">Always <c>accepted</c>: the dispatch is on the bus, not yet normalized.</param>
public sealed record DispatchAccepted(string DispatchId, string Status);

/// <summary>One configured feed with its recorded health, as <c>GET /feeds</c> lists it.</summary>
public sealed record FeedHealth
{
    public required string SourceId { get; init; }
    public string? Name { get; init; }
    public required string Url { get; init; }
    public int IntervalSeconds { get; init; }
    /// <summary>published, not-modified, unchanged, rate-limited or failed; null before the first poll.</summary>
    public string? LastOutcome { get; init; }
    public int? LastStatus { get; init; }
    public string? LastError { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
}

/// <summary>The fetcher's HTTP API: push ingestion and feed health.</summary>
public static class DispatchEndpoints
{
    /// <summary>Response header carrying the new dispatch id (there is no resource to GET yet, so no Location).</summary>
    public const string DispatchIdHeader = "Pipeline-Dispatch-Id";

    /// <summary>Configuration section of the fetcher's API keys (<c>Fetcher:Auth:ApiKeys</c>: SHA-256 hex of each key).</summary>
    public const string AuthSection = "Fetcher:Auth";

    /// <summary>
    /// Maps <c>GET /feeds</c> (configured feeds with their health), <c>POST /dispatches?source=…[&amp;sourceName=…][&amp;format=…][&amp;profile=…]</c> (body: the raw feed or
    /// dispatch, any content type, optional <c>Content-Encoding</c> gzip/deflate/br) and the OpenAPI document at
    /// <c>/openapi/v1.json</c>.
    /// </summary>
    public static WebApplication MapDispatchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = ApiKeys.FromConfiguration(app.Configuration, AuthSection);
        var startup = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DispatchEndpoints).FullName!);
        if (keys.Required)
        {
            Log.ApiKeysRequired(startup, keys.Count);
        }
        else
        {
            Log.ApiKeysMissing(startup);
        }

        app.MapOpenApi();
        app.MapPost("/dispatches", AcceptAsync)
            .RequireApiKey(keys)
            .WithName("PostDispatch")
            .WithSummary("Push a raw dispatch or feed document into the pipeline")
            .WithDescription("The body is the raw payload (XML, JSON, HTML or text, in any charset). It is decoded, wrapped in a DispatchReceived event and published; the answer comes once the bus accepted it.")
            // Any content type is accepted (no Accepts metadata: routing would answer 415 for the others).
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The raw feed document or dispatch, in any media type and charset.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["*/*"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    parameter.Required = parameter.Name == "source";
                    parameter.Description = parameter.Name switch
                    {
                        "source" => "Stable id of the source, e.g. prima-notizia-24.",
                        "sourceName" => "Display name of the source.",
                        "format" => $"Format hint: one of {DispatchFormatNames.Describe()}; omit to auto-detect.",
                        "profile" => "Source profile (agency layout) for the normalizer.",
                        _ => parameter.Description,
                    };
                }

                return Task.CompletedTask;
            })
            .Produces<DispatchAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/feeds", ListFeedsAsync)
            .RequireApiKey(keys)
            .WithName("ListFeeds")
            .WithSummary("The polled feeds and their health: last outcome, last error, consecutive failures, next poll");
        return app;
    }

    private static async Task<IResult> ListFeedsAsync(IOptions<FetcherOptions> options, FeedStateStore store, CancellationToken cancellationToken)
    {
        var feeds = options.Value.Feeds;
        var states = feeds.Count == 0
            ? new Dictionary<string, FeedState>()
            : (await store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.SourceId, StringComparer.Ordinal);
        var health = feeds.Select(feed =>
        {
            var state = states.GetValueOrDefault(feed.SourceId);
            return new FeedHealth
            {
                SourceId = feed.SourceId,
                Name = feed.Name,
                Url = WithoutCredentials(feed.Url),
                IntervalSeconds = feed.IntervalSeconds,
                LastOutcome = state?.LastOutcome,
                LastStatus = state?.LastStatus,
                LastError = state?.LastError,
                ConsecutiveFailures = state?.ConsecutiveFailures ?? 0,
                LastSuccessAt = state?.LastSuccessAt,
                LastAttemptAt = state?.LastAttemptAt,
                NextDueAt = state?.NextDueAt,
            };
        }).ToList();
        return Results.Ok(health);
    }

    /// <summary>The feed URL without its <c>user:password@</c> part: credentials are never returned.</summary>
    internal static string WithoutCredentials(Uri? url)
    {
        if (url is null)
        {
            return "";
        }

        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString;
        }

        return new UriBuilder(url) { UserName = "", Password = "" }.Uri.AbsoluteUri;
    }

    private static async Task<IResult> AcceptAsync(
        HttpContext http,
        [FromQuery] string? source,
        [FromQuery] string? sourceName,
        [FromQuery] string? format,
        [FromQuery] string? profile,
        DispatchFactory factory,
        IDispatchPublisher publisher,
        [FromServices] BrokerConnectivity connectivity,
        [FromServices] BrokerSession session,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DispatchEndpoints).FullName!);
        var cancellation = http.RequestAborted;
        if (string.IsNullOrWhiteSpace(source))
        {
            return Refuse(logger, RejectionReasons.InvalidMessage, "The query parameter 'source' (the source id, e.g. ?source=prima-notizia-24) is required.", source);
        }

        if (!DispatchFactory.IsValidSourceId(source.Trim()))
        {
            return Refuse(logger, RejectionReasons.InvalidMessage, DispatchFactory.SourceIdRule, source);
        }

        ReadOnlyMemory<byte> body;
        try
        {
            body = await ReadBodyAsync(http, factory, cancellation).ConfigureAwait(false);
        }
        catch (PermanentDispatchException ex)
        {
            return Refuse(logger, ex.ReasonCode, ex.Message, source);
        }
        catch (BadHttpRequestException ex)
        {
            // A client too slow (408, Kestrel's minimum data rate) or a malformed body: the client's fault, one line.
            Log.UploadAborted(logger, OriginKinds.Http, Log.Clean(source), ex.StatusCode, Log.Clean(ex.Message));
            return Results.Problem(title: "The request body could not be read", detail: ex.Message, statusCode: ex.StatusCode);
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client went away mid-upload: nobody reads the answer.
            Log.UploadAborted(logger, OriginKinds.Http, Log.Clean(source), 499, "the client closed the connection");
            return Results.Empty;
        }

        DispatchReceived dispatch;
        try
        {
            dispatch = factory.Create(new RawDispatch
            {
                Body = body,
                SourceId = source,
                SourceName = sourceName,
                OriginKind = OriginKinds.Http,
                OriginLocation = UploadName(http.Request),
                ContentType = http.Request.ContentType,
                ContentEncoding = http.Request.Headers.ContentEncoding.FirstOrDefault(),
                FormatHint = format,
                SourceProfile = profile,
            });
        }
        catch (PermanentDispatchException ex)
        {
            return Refuse(logger, ex.ReasonCode, ex.Message, source);
        }

        if (!session.IsOpen || !await connectivity.IsReachableAsync(cancellation).ConfigureAwait(false))
        {
            // Refused at once rather than after the publish timeout: the client (or the ingress) retries elsewhere or later.
            Log.BrokerUnreachable(logger, dispatch.DispatchId, dispatch.Source.Id, connectivity.Endpoint);
            http.Response.Headers.RetryAfter = "5";
            return Results.Problem(
                title: "The message bus is unavailable",
                detail: $"The broker ({connectivity.Endpoint}) does not accept connections; nothing was published. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await publisher.PublishAsync(dispatch, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            // A timeout (the broker is down) or a transport error: nothing was published, the client may retry.
            Log.PublishFailed(logger, ex, dispatch.DispatchId, dispatch.Source.Id);
            http.Response.Headers.RetryAfter = "30";
            return Results.Problem(
                title: "The message bus is unavailable",
                detail: "The dispatch could not be handed to the message bus in time; nothing was published. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        Log.DispatchAccepted(logger, dispatch.DispatchId, dispatch.Source.Id, OriginKinds.Http, dispatch.Payload.Length);
        http.Response.Headers[DispatchIdHeader] = dispatch.DispatchId;
        return Results.Json(new DispatchAccepted(dispatch.DispatchId, "accepted"), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext http, DispatchFactory factory, CancellationToken cancellation)
    {
        var limit = factory.Limit;
        if (http.Request.ContentLength is { } declared)
        {
            limit.EnsureWithin(declared);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            // With a Content-Length (checked above) the server may stop the body a byte past our limit. A chunked body is
            // counted here, on the decoded bytes: Kestrel's own limit counts the chunk framing too, so a body just under
            // the limit sent in small chunks would be refused.
            feature.MaxRequestBodySize = http.Request.ContentLength is null ? null : limit.MaxPayloadBytes + 1;
        }

        try
        {
            return await limit.ReadWithinAsync(http.Request.Body, "The body", cancellation).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw limit.Exceeded("The body", ex);
        }
    }

    /// <summary>The file name of a <c>Content-Disposition</c> header, when the client sent one.</summary>
    private static string? UploadName(HttpRequest request) =>
        ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value?.Trim('"'))
            : null;

    private static IResult Refuse(ILogger logger, string reasonCode, string detail, string? source)
    {
        // Values from the request are cleaned: a CR/LF in ?format= or ?source= cannot forge a log line.
        Log.Refused(logger, OriginKinds.Http, source is null ? "(none)" : Log.Clean(source), reasonCode, Log.Clean(detail));
        FetcherDiagnostics.Refused.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Origin, OriginKinds.Http), new KeyValuePair<string, object?>(TelemetryTags.ReasonCode, reasonCode));
        var (status, title) = reasonCode switch
        {
            RejectionReasons.TooLarge => (StatusCodes.Status413PayloadTooLarge, "The dispatch is too large"),
            RejectionReasons.Binary => (StatusCodes.Status415UnsupportedMediaType, "The dispatch is not text"),
            _ => (StatusCodes.Status400BadRequest, "The dispatch is invalid"),
        };
        return Results.Problem(
            title: title,
            detail: detail,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["reasonCode"] = reasonCode });
    }
}
