using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Fetcher.Polling;

namespace Pipeline.Fetcher.Tests.Polling;

public sealed class FeedPollerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingPublisher _publisher = new();
    private readonly TempStatePath _state = new();
    private FeedServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FeedServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _state.Dispose();
    }

    private (FeedPoller Poller, FeedStateStore Store, SocketsHttpHandler Handler) Create(bool allowPrivate = true, int unconditionalEvery = 0, long maxBytes = 1024 * 1024)
    {
        var options = new FetcherOptions
        {
            AllowPrivateNetworks = allowPrivate,
            UnconditionalRefetchEvery = unconditionalEvery,
            MaxBackoffSeconds = 3600,
            StatePath = _state.Path,
        };
        var handler = FeedHttp.CreateHandler(allowPrivate, TimeSpan.FromSeconds(5));
        var store = new FeedStateStore(_state.Path);
        var factory = new DispatchFactory(_time, new PayloadLimitOptions { MaxPayloadBytes = maxBytes });
        var poller = new FeedPoller(new SingleHandlerClientFactory(handler), store, factory, _publisher, Options.Create(options), _time,
            NullLogger<FeedPoller>.Instance, new Random(7));
        return (poller, store, handler);
    }

    private FeedOptions Feed(string path, int interval = 300) => new()
    {
        SourceId = "test-feed",
        Name = "Test Feed",
        Url = _server.Url(path),
        IntervalSeconds = interval,
        Format = "rss",
        Profile = "generic",
    };

    [Fact]
    public async Task PollAsync_NewFeed_PublishesDispatchAndStoresValidators()
    {
        var (poller, store, handler) = Create();
        using var _ = handler;

        var result = await poller.PollAsync(Feed("/feed.xml"), TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Published, result.Outcome);
        Assert.Equal(200, result.Status);
        Assert.Equal(Start.AddSeconds(300), result.NextDueAt);
        var dispatch = Assert.Single(_publisher.Published);
        Assert.Equal(result.DispatchId, dispatch.DispatchId);
        Assert.Equal("test-feed", dispatch.Source.Id);
        Assert.Equal("Test Feed", dispatch.Source.Name);
        Assert.Equal(OriginKinds.Feed, dispatch.Origin.Kind);
        Assert.Equal(_server.Url("/feed.xml").AbsoluteUri, dispatch.Origin.Location);
        Assert.Equal(FeedServer.Rss, dispatch.Payload);
        Assert.Equal(DispatchFormats.Rss, dispatch.FormatHint);
        Assert.Equal("generic", dispatch.SourceProfile);
        Assert.StartsWith("application/rss+xml", dispatch.ContentType, StringComparison.Ordinal);

        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.NotNull(state);
        Assert.Equal(FeedServer.ETag, state.ETag);
        Assert.Equal(FeedServer.LastModified.ToString("R"), state.LastModified);
        Assert.Equal(64, state.LastBodyHash?.Length);
        Assert.Equal(PollOutcome.Published, state.LastOutcome);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(Start, state.LastSuccessAt);
        Assert.Equal(Start.AddSeconds(300), state.NextDueAt);
    }

    [Fact]
    public async Task PollAsync_SecondPoll_SendsValidatorsAndGetsNotModified()
    {
        var (poller, _, handler) = Create();
        using var _ = handler;
        var feed = Feed("/feed.xml");
        await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(300));

        var result = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.NotModified, result.Outcome);
        Assert.Equal(304, result.Status);
        Assert.Equal(Start.AddSeconds(600), result.NextDueAt);
        Assert.Single(_publisher.Published);
        var second = _server.Requests.Last();
        Assert.Equal(FeedServer.ETag, second.IfNoneMatch);
        Assert.Equal(FeedServer.LastModified.ToString("R"), second.IfModifiedSince);
    }

    [Fact]
    public async Task PollAsync_UnconditionalRefetchWithSameBody_SkipsPublishingByHash()
    {
        var (poller, _, handler) = Create(unconditionalEvery: 2);
        using var _ = handler;
        var feed = Feed("/feed.xml");

        var first = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        var second = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        var third = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal([PollOutcome.Published, PollOutcome.Unchanged, PollOutcome.NotModified], [first.Outcome, second.Outcome, third.Outcome]);
        Assert.Single(_publisher.Published);
        var requests = _server.Requests.ToArray();
        Assert.Null(requests[1].IfNoneMatch);
        Assert.Equal(FeedServer.ETag, requests[2].IfNoneMatch);
    }

    [Fact]
    public async Task PollAsync_ChangedBodyWithoutValidators_PublishesAgain()
    {
        var (poller, _, handler) = Create();
        using var _ = handler;
        var feed = Feed("/no-validators.xml");

        await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        var unchanged = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        _server.FeedBody = FeedServer.Rss.Replace("Perché", "Nuovo", StringComparison.Ordinal);
        var changed = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(PollOutcome.Published, changed.Outcome);
        Assert.Equal(2, _publisher.Published.Count);
        Assert.Contains("Nuovo", _publisher.Published.Last().Payload, StringComparison.Ordinal);
    }

    private static string Channel(string build, params string[] items) =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Notizie</title><lastBuildDate>{build}</lastBuildDate>{string.Concat(items)}</channel></rss>";

    private static string Item(string guid, string title) =>
        $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><description>Testo di {title}.</description></item>";

    [Fact]
    public async Task PollAsync_FeedChanged_PassesOnOnlyNewAndEditedItemsWithHigherVersions()
    {
        var (poller, _, handler) = Create();
        using var _ = handler;
        var feed = Feed("/no-validators.xml");
        _server.FeedBody = Channel("Mon, 01 Dec 2026 08:00:00 GMT", Item("a", "Primo"), Item("b", "Secondo"));
        var first = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        _server.FeedBody = Channel("Mon, 01 Dec 2026 09:00:00 GMT", Item("c", "Terzo"), Item("a", "Primo"), Item("b", "Secondo corretto"));
        var second = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        _server.FeedBody = Channel("Mon, 01 Dec 2026 10:00:00 GMT", Item("c", "Terzo"), Item("a", "Primo"), Item("b", "Secondo corretto"));
        var third = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        _server.FeedBody = Channel("Mon, 01 Dec 2026 11:00:00 GMT", Item("c", "Terzo"), Item("a", "Primo"), Item("b", "Secondo corretto ancora"));
        var fourth = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal([PollOutcome.Published, PollOutcome.Published, PollOutcome.Unchanged, PollOutcome.Published], [first.Outcome, second.Outcome, third.Outcome, fourth.Outcome]);
        Assert.Equal(3, _publisher.Published.Count);
        var published = _publisher.Published.ToArray();
        var initial = published[0];
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 }, initial.ItemVersions);

        var update = published[1];
        Assert.DoesNotContain("Primo", update.Payload, StringComparison.Ordinal);
        Assert.Contains("Terzo", update.Payload, StringComparison.Ordinal);
        Assert.Contains("Secondo corretto", update.Payload, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["c"] = 1, ["b"] = 2 }, update.ItemVersions);

        var edit = published[2];
        Assert.Equal(new Dictionary<string, int> { ["b"] = 3 }, edit.ItemVersions);
        Assert.DoesNotContain("Terzo", edit.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_Latin1Charset_DecodesPayload()
    {
        var (poller, _, handler) = Create();
        using var _ = handler;

        await poller.PollAsync(Feed("/latin1.xml"), TestContext.Current.CancellationToken);

        var dispatch = Assert.Single(_publisher.Published);
        Assert.Contains("Città", dispatch.Payload, StringComparison.Ordinal);
        Assert.Equal("iso-8859-1", dispatch.Encoding);
    }

    [Theory]
    [InlineData("/cached.xml", 900)]
    [InlineData("/no-cache.xml", 300)]
    [InlineData("/ttl-30.xml", 1800)]
    [InlineData("/ttl-day.xml", 3600)]
    [InlineData("/feed.xml", 300)]
    public async Task PollAsync_CacheHints_StretchIntervalUpToCap(string path, int expectedSeconds)
    {
        var (poller, _, handler) = Create();
        using var _ = handler;

        var result = await poller.PollAsync(Feed(path, interval: 300), TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Published, result.Outcome);
        Assert.Equal(Start.AddSeconds(expectedSeconds), result.NextDueAt);
    }

    [Theory]
    [InlineData(60, 120)]
    [InlineData(300, 300)]
    public async Task PollAsync_TooManyRequestsWithRetryAfter_WaitsAtLeastRetryAfter(int interval, int expectedSeconds)
    {
        var (poller, store, handler) = Create();
        using var _ = handler;

        var result = await poller.PollAsync(Feed("/limited.xml", interval), TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.RateLimited, result.Outcome);
        Assert.Equal(429, result.Status);
        Assert.Equal(Start.AddSeconds(expectedSeconds), result.NextDueAt);
        Assert.Empty(_publisher.Published);
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.Equal(1, state?.ConsecutiveFailures);
        Assert.Equal(429, state?.LastStatus);
    }

    [Fact]
    public async Task PollAsync_ServerErrors_BackOffExponentiallyWithJitter()
    {
        var (poller, store, handler) = Create();
        using var _ = handler;
        var feed = Feed("/error.xml", interval: 60);

        var first = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        var second = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Failed, first.Outcome);
        Assert.Equal(500, first.Status);
        Assert.InRange(first.NextDueAt, Start.AddSeconds(60 * 2 * 0.8), Start.AddSeconds(60 * 2 * 1.2));
        Assert.InRange(second.NextDueAt, Start.AddSeconds(60 * 4 * 0.8), Start.AddSeconds(60 * 4 * 1.2));
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.NotNull(state);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Contains("500", state.LastError, StringComparison.Ordinal);
        Assert.Null(state.LastSuccessAt);
        Assert.Empty(_publisher.Published);
    }

    [Fact]
    public async Task PollAsync_ManyFailures_BackoffIsCappedNotDisabled()
    {
        var (poller, _, handler) = Create();
        using var _ = handler;
        var feed = Feed("/unavailable.xml", interval: 60);

        PollResult result = null!;
        for (var i = 0; i < 10; i++)
        {
            result = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        }

        Assert.Equal(PollOutcome.RateLimited, result.Outcome);
        Assert.InRange(result.NextDueAt, Start.AddSeconds(3600 * 0.8), Start.AddSeconds(3600));
    }

    [Fact]
    public async Task PollAsync_SuccessAfterFailure_ResetsFailures()
    {
        var (poller, store, handler) = Create();
        using var _ = handler;
        await poller.PollAsync(Feed("/error.xml"), TestContext.Current.CancellationToken);

        var result = await poller.PollAsync(Feed("/feed.xml"), TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Published, result.Outcome);
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.Equal(0, state?.ConsecutiveFailures);
        Assert.Null(state?.LastError);
    }

    [Theory]
    [InlineData("/big.xml")]
    [InlineData("/big-chunked.xml")]
    public async Task PollAsync_BodyOverCap_FailsWithoutPublishing(string path)
    {
        var (poller, store, handler) = Create(maxBytes: 16 * 1024);
        using var _ = handler;

        var result = await poller.PollAsync(Feed(path), TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Failed, result.Outcome);
        Assert.Contains("limit", result.Error, StringComparison.Ordinal);
        Assert.Empty(_publisher.Published);
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.Equal(1, state?.ConsecutiveFailures);
    }

    [Fact]
    public async Task PollAsync_BusDown_FailsAndFetchesAgainNextTime()
    {
        var (poller, store, handler) = Create();
        using var _ = handler;
        var feed = Feed("/feed.xml");
        _publisher.Fail = true;

        var failed = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        _publisher.Fail = false;
        var retried = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Failed, failed.Outcome);
        Assert.Equal(PollOutcome.Published, retried.Outcome);
        Assert.Null(_server.Requests.Last().IfNoneMatch);
        Assert.Single(_publisher.Published);
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.Equal(FeedServer.ETag, state?.ETag);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task PollAsync_LoopbackWithoutAllowPrivate_IsBlockedAtConnect(string host)
    {
        var (poller, store, handler) = Create(allowPrivate: false);
        using var _ = handler;
        var feed = Feed("/feed.xml");
        feed.Url = new UriBuilder(feed.Url!) { Host = host }.Uri;

        var result = await poller.PollAsync(feed, TestContext.Current.CancellationToken);

        Assert.Equal(PollOutcome.Failed, result.Outcome);
        Assert.Contains("non-public", result.Error, StringComparison.Ordinal);
        Assert.Contains("Loopback", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Empty(_publisher.Published);
        var state = await store.GetAsync("test-feed", TestContext.Current.CancellationToken);
        Assert.Contains("AllowPrivateNetworks", state?.LastError, StringComparison.Ordinal);
    }
}
