using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Network;

namespace Pipeline.Fetcher.Polling;

/// <summary>Values of <see cref="PollResult.Outcome"/> and <see cref="FeedState.LastOutcome"/>.</summary>
public static class PollOutcome
{
    /// <summary>A new body was fetched and published as a dispatch.</summary>
    public const string Published = "published";
    /// <summary>The server answered 304 Not Modified.</summary>
    public const string NotModified = "not-modified";
    /// <summary>The body's SHA-256 equals the last published one: nothing published.</summary>
    public const string Unchanged = "unchanged";
    /// <summary>429 or 503: the server asked to come back later (Retry-After honoured).</summary>
    public const string RateLimited = "rate-limited";
    /// <summary>Network error, HTTP error, blocked address, oversized or unusable body, or bus unavailable.</summary>
    public const string Failed = "failed";
}

/// <summary>What one poll of one feed did.</summary>
public sealed record PollResult(string Outcome, int Status, DateTimeOffset NextDueAt, string? DispatchId = null, string? Error = null);

/// <summary>
/// One poll of one feed: conditional GET with the stored validators (unconditional every
/// <see cref="FetcherOptions.UnconditionalRefetchEvery"/> polls), outcome, state and health update, publish.
/// When the feed is next due is <see cref="PollSchedule"/>'s decision, from the outcome, the publisher's
/// <c>Cache-Control: max-age</c> or RSS <c>&lt;ttl&gt;</c> and its Retry-After.
/// </summary>
public sealed partial class FeedPoller
{
    private readonly IHttpClientFactory _clients;
    private readonly FeedStateStore _store;
    private readonly DispatchFactory _factory;
    private readonly IDispatchPublisher _publisher;
    private readonly FetcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedPoller> _logger;
    private readonly PollSchedule _schedule;

    public FeedPoller(
        IHttpClientFactory clients,
        FeedStateStore store,
        DispatchFactory factory,
        IDispatchPublisher publisher,
        IOptions<FetcherOptions> options,
        TimeProvider time,
        ILogger<FeedPoller> logger,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _store = store;
        _factory = factory;
        _publisher = publisher;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _schedule = new PollSchedule(_options.MaxBackoffSeconds, random);
    }

    /// <summary>Polls <paramref name="feed"/> once and records the outcome. Throws only when cancelled or when the state store fails.</summary>
    public async Task<PollResult> PollAsync(FeedOptions feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var url = feed.Url ?? throw new ArgumentException($"Feed '{feed.SourceId}' has no URL.", nameof(feed));
        using var activity = FetcherDiagnostics.ActivitySource.StartActivity("poll feed");
        activity?.SetTag(TelemetryTags.SourceId, feed.SourceId);

        var state = await _store.GetAsync(feed.SourceId, cancellationToken).ConfigureAwait(false) ?? new FeedState { SourceId = feed.SourceId };
        var polls = state.PollsSinceUnconditional + 1;
        var unconditional = _options.UnconditionalRefetchEvery > 0 && polls >= _options.UnconditionalRefetchEvery;
        var startedAt = _time.GetUtcNow();
        state = state with { LastAttemptAt = startedAt, PollsSinceUnconditional = unconditional ? 0 : polls };

        PollResult result;
        try
        {
            var (fetched, updated) = await FetchAsync(feed, url, state, unconditional, cancellationToken).ConfigureAwait(false);
            result = await SaveAsync(updated, fetched, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = await FailAsync(feed, state, 0, Describe(ex), cancellationToken).ConfigureAwait(false);
        }

        activity?.SetTag(TelemetryTags.Outcome, result.Outcome);
        FetcherDiagnostics.Polls.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, result.Outcome));
        FetcherDiagnostics.RecordPoll(feed.SourceId, result.Outcome, _time.GetUtcNow());
        return result;
    }

    private async Task<(PollResult Result, FeedState State)> FetchAsync(FeedOptions feed, Uri url, FeedState state, bool unconditional, CancellationToken cancellationToken)
    {
        using var request = FeedRequest(url, state, unconditional);
        var client = _clients.CreateClient(FeedHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var now = _time.GetUtcNow();
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return Succeeded(feed, state, PollOutcome.NotModified, status, now, CacheHint(response, null));
        }

        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            return RateLimited(feed, state, response, status, now);
        }

        if (!response.IsSuccessStatusCode)
        {
            return Backoff(feed, state, status, PollOutcome.Failed, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), now);
        }

        byte[] body;
        try
        {
            body = await ReadCappedAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (PermanentDispatchException ex)
        {
            return Backoff(feed, state, status, PollOutcome.Failed, ex.Message, _time.GetUtcNow());
        }

        return await PublishChangesAsync(feed, url, state, response, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A GET that accepts every feed format, conditional on the stored validators unless <paramref name="unconditional"/>.</summary>
    private HttpRequestMessage FeedRequest(Uri url, FeedState state, bool unconditional)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept",
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5");
        if (!unconditional)
        {
            if (state.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (state.LastModified is { } lastModified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            }
        }

        return request;
    }

    /// <summary>429 or 503: after the server's Retry-After when it gave one, else the failure backoff.</summary>
    private (PollResult Result, FeedState State) RateLimited(FeedOptions feed, FeedState state, HttpResponseMessage response, int status, DateTimeOffset now)
    {
        if (RetryAfter(response, now) is not { } wait)
        {
            return Backoff(feed, state, status, PollOutcome.RateLimited, $"HTTP {status} without Retry-After", now);
        }

        var nextDue = now + PollSchedule.AfterRetryAfter(feed.IntervalSeconds, wait);
        var limited = state with
        {
            LastStatus = status,
            LastOutcome = PollOutcome.RateLimited,
            LastError = $"HTTP {status}: the server asked to retry after {wait.TotalSeconds:0} s",
            ConsecutiveFailures = state.ConsecutiveFailures + 1,
            NextDueAt = nextDue,
        };
        Log.FeedRateLimited(_logger, feed.SourceId, status, nextDue);
        return (new PollResult(PollOutcome.RateLimited, status, nextDue, Error: limited.LastError), limited);
    }

    /// <summary>
    /// A fetched body: unchanged (same SHA-256, or no new or edited item) records the validators; otherwise the new
    /// and edited items are published as one dispatch, and only then are the hash, validators and items recorded.
    /// </summary>
    private async Task<(PollResult Result, FeedState State)> PublishChangesAsync(FeedOptions feed, Uri url, FeedState state, HttpResponseMessage response, byte[] body, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var now = _time.GetUtcNow();
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var validators = state with
        {
            ETag = response.Headers.ETag?.ToString(),
            LastModified = response.Content.Headers.LastModified?.ToString("R"),
        };
        if (string.Equals(hash, state.LastBodyHash, StringComparison.Ordinal))
        {
            return Succeeded(feed, validators, PollOutcome.Unchanged, status, now, CacheHint(response, body));
        }

        DispatchReceived dispatch;
        try
        {
            dispatch = _factory.Create(new RawDispatch
            {
                Body = body,
                SourceId = feed.SourceId,
                SourceName = feed.Name,
                OriginKind = OriginKinds.Feed,
                OriginLocation = url.AbsoluteUri,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                FormatHint = feed.Format,
                SourceProfile = feed.Profile,
            });
        }
        catch (PermanentDispatchException ex)
        {
            return Backoff(feed, state, status, PollOutcome.Failed, $"{ex.ReasonCode}: {ex.Message}", now);
        }

        // Only new items and items whose content changed travel on; an edited item gets a higher version.
        var changes = await ItemChanges.ComputeAsync(_store, feed.SourceId, dispatch.Payload, cancellationToken).ConfigureAwait(false);
        if (changes is { HasNews: false })
        {
            await SaveItemsAsync(feed.SourceId, changes, cancellationToken).ConfigureAwait(false);
            return Succeeded(feed, validators with { LastBodyHash = hash }, PollOutcome.Unchanged, status, now, CacheHint(response, body));
        }

        if (changes is not null)
        {
            dispatch = dispatch with { Payload = changes.Payload, ItemVersions = changes.Versions };
        }

        // Publish before recording the hash, validators and items: if the bus is down, the next poll fetches again.
        await _publisher.PublishAsync(dispatch, cancellationToken).ConfigureAwait(false);
        Log.FeedPublished(_logger, feed.SourceId, dispatch.DispatchId, body.Length, status);
        if (changes is not null)
        {
            await SaveItemsAsync(feed.SourceId, changes, cancellationToken).ConfigureAwait(false);
        }

        var (published, publishedState) = Succeeded(feed, validators with { LastBodyHash = hash }, PollOutcome.Published, status, _time.GetUtcNow(), CacheHint(response, body));
        return (published with { DispatchId = dispatch.DispatchId }, publishedState);
    }

    private Task SaveItemsAsync(string sourceId, ItemChanges changes, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _store.SaveItemsAsync(sourceId, changes.Ledger, now, now - ItemChanges.Memory, cancellationToken);
    }

    private (PollResult, FeedState) Succeeded(FeedOptions feed, FeedState state, string outcome, int status, DateTimeOffset now, TimeSpan? cacheHint)
    {
        var nextDue = now + _schedule.AfterSuccess(feed.IntervalSeconds, cacheHint);
        if (outcome != PollOutcome.Published)
        {
            Log.FeedQuiet(_logger, feed.SourceId, outcome, nextDue);
        }

        return (new PollResult(outcome, status, nextDue), state with
        {
            LastStatus = status,
            LastOutcome = outcome,
            LastError = null,
            ConsecutiveFailures = 0,
            LastSuccessAt = now,
            NextDueAt = nextDue,
        });
    }

    private (PollResult, FeedState) Backoff(FeedOptions feed, FeedState state, int status, string outcome, string error, DateTimeOffset now)
    {
        var failures = state.ConsecutiveFailures + 1;
        var nextDue = now + _schedule.AfterFailure(feed.IntervalSeconds, failures);
        Log.FeedFailed(_logger, feed.SourceId, failures, error, nextDue);
        return (new PollResult(outcome, status, nextDue, Error: error), state with
        {
            LastStatus = status,
            LastOutcome = outcome,
            LastError = error,
            ConsecutiveFailures = failures,
            NextDueAt = nextDue,
        });
    }

    private async Task<PollResult> FailAsync(FeedOptions feed, FeedState state, int status, string error, CancellationToken cancellationToken)
    {
        var (result, updated) = Backoff(feed, state, status, PollOutcome.Failed, error, _time.GetUtcNow());
        return await SaveAsync(updated, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PollResult> SaveAsync(FeedState state, PollResult result, CancellationToken cancellationToken)
    {
        await _store.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// How long the publisher says the feed stays fresh: <c>Cache-Control: max-age</c> (unless no-cache/no-store),
    /// else an RSS <c>&lt;ttl&gt;</c> (minutes) near the top of the document.
    /// </summary>
    internal static TimeSpan? CacheHint(HttpResponseMessage response, byte[]? body)
    {
        var cacheControl = response.Headers.CacheControl;
        if (cacheControl is { NoCache: false, NoStore: false, MaxAge: { } maxAge } && maxAge > TimeSpan.Zero)
        {
            return maxAge;
        }

        if (body is null || body.Length == 0)
        {
            return null;
        }

        var head = Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 64 * 1024));
        var ttl = RssTtl().Match(head);
        return ttl.Success && int.TryParse(ttl.Groups["minutes"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(Math.Min(minutes, 7 * 24 * 60))
            : null;
    }

    [GeneratedRegex(@"<ttl>\s*(?<minutes>\d{1,6})\s*</ttl>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RssTtl();

    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared)
        {
            _factory.Limit.EnsureWithin(declared, "The response declares");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await _factory.Limit.ReadWithinAsync(stream, "The response body", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is BlockedAddressException blocked)
            {
                return blocked.Message;
            }
        }

        return ex is OperationCanceledException ? "The request timed out." : $"{ex.GetType().Name}: {ex.Message}";
    }
}
