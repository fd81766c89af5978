using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// <c>GET /stream</c> (Server-Sent Events) on the real indexer host over loopback: a real HTTP client reads the stream
/// while articles are indexed; filters, <c>Last-Event-ID</c> resumption, heartbeats, the stream cap, disconnect and shutdown.
/// </summary>
public sealed class ArticleStreamTests : LoopbackIndexerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Indexer:MaxStreams"] = "2",
        ["Indexer:StreamBacklog"] = "3",
        ["Indexer:StreamHeartbeatSeconds"] = "1",
    };

    private ArticleIndex Index => Services.GetRequiredService<ArticleIndex>();

    private ArticleBroadcast Hub => Services.GetRequiredService<ArticleBroadcast>();

    [Fact]
    public async Task Stream_ArticlesIndexedWhileReading_ArriveFilteredWithIncreasingIds()
    {
        await using var stream = await SseClient.OpenAsync(Client, "/stream?lang=it&maxUrgency=3");
        Assert.Equal("text/event-stream", stream.ContentType);

        await Index.UpsertAsync(ArticleBuilder.English().Id("en-flash").Urgency(1).Build(), TestContext.Current.CancellationToken);
        await Index.UpsertAsync(ArticleBuilder.Italian().Id("it-routine").Urgency(5).Build(), TestContext.Current.CancellationToken);
        await Index.UpsertAsync(ArticleBuilder.Italian().Id("it-urgent").Urgency(2).Topic("medtop:11000000", "politica").Build(), TestContext.Current.CancellationToken);
        await Index.UpsertAsync(ArticleBuilder.Italian().Id("it-flash").Urgency(1).Build(), TestContext.Current.CancellationToken);

        var first = await stream.NextArticleAsync();
        var second = await stream.NextArticleAsync();

        Assert.Equal(("it-urgent", "it-flash"), (first.Article.ArticleId, second.Article.ArticleId));
        Assert.True(second.Id > first.Id, $"Event ids must increase: {first.Id}, {second.Id}.");
        Assert.Equal(2, first.Article.Urgency);
        Assert.Equal("medtop:11000000", Assert.Single(first.Article.Topics).Code);
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", first.Article.Headline);
    }

    [Fact]
    public async Task Stream_Reconnect_WithLastEventId_ResumesAfterIt_FromTheBacklog()
    {
        long lastSeen;
        await using (var stream = await SseClient.OpenAsync(Client, "/stream"))
        {
            await Index.UpsertAsync(ArticleBuilder.Italian().Id("one").Build(), TestContext.Current.CancellationToken);
            lastSeen = (await stream.NextArticleAsync()).Id;
        }

        await Index.UpsertAsync(ArticleBuilder.Italian().Id("two").Build(), TestContext.Current.CancellationToken);
        await Index.UpsertAsync(ArticleBuilder.English().Id("three").Build(), TestContext.Current.CancellationToken);

        await using var resumed = await SseClient.OpenAsync(Client, "/stream", lastEventId: lastSeen);
        var two = await resumed.NextArticleAsync();
        var three = await resumed.NextArticleAsync();
        await Index.UpsertAsync(ArticleBuilder.Italian().Id("four").Build(), TestContext.Current.CancellationToken);
        var four = await resumed.NextArticleAsync();

        Assert.Equal(["two", "three", "four"], new[] { two, three, four }.Select(e => e.Article.ArticleId));
        Assert.Equal([lastSeen + 1, lastSeen + 2, lastSeen + 3], new[] { two, three, four }.Select(e => e.Id));
        Assert.False(resumed.SawGap);
    }

    [Fact]
    public async Task Stream_LastEventIdOlderThanTheBacklog_SaysEventsWereMissed_ThenSendsWhatItKept()
    {
        var before = Hub.NextId;
        for (var i = 0; i < 5; i++)
        {
            await Index.UpsertAsync(ArticleBuilder.Italian().Id($"a{i}").Build(), TestContext.Current.CancellationToken);
        }

        // The backlog keeps 3: events before + 0 and before + 1 are gone.
        await using var resumed = await SseClient.OpenAsync(Client, "/stream", lastEventId: before - 1);
        var kept = new[] { await resumed.NextArticleAsync(), await resumed.NextArticleAsync(), await resumed.NextArticleAsync() };

        Assert.True(resumed.SawGap);
        Assert.Equal(["a2", "a3", "a4"], kept.Select(e => e.Article.ArticleId));
    }

    [Fact]
    public async Task Stream_Idle_SendsHeartbeatComments()
    {
        await using var stream = await SseClient.OpenAsync(Client, "/stream");

        var comment = await stream.NextCommentAsync();

        Assert.Equal("heartbeat", comment);
    }

    [Fact]
    public async Task Stream_OverTheCap_Is503WithRetryAfter_UntilAStreamCloses()
    {
        await using var one = await SseClient.OpenAsync(Client, "/stream");
        var two = await SseClient.OpenAsync(Client, "/stream?lang=en");
        using (var third = await Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
            Assert.NotNull(third.Headers.RetryAfter);
            Assert.Contains("Indexer:MaxStreams", await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await two.DisposeAsync();
        await WaitUntil(() => Hub.OpenStreams == 1, "the closed stream to be let go");

        await using var replacement = await SseClient.OpenAsync(Client, "/stream");
        await Index.UpsertAsync(ArticleBuilder.Italian().Id("after-cap").Build(), TestContext.Current.CancellationToken);
        Assert.Equal("after-cap", (await replacement.NextArticleAsync()).Article.ArticleId);
    }

    [Fact]
    public async Task Stream_BadFilterOrLastEventId_Is400()
    {
        using var urgency = await Client.GetAsync("/stream?maxUrgency=12", TestContext.Current.CancellationToken);
        using var country = await Client.GetAsync("/stream?country=Italy", TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var lastEvent = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, urgency.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, country.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, lastEvent.StatusCode);
    }

    [Fact]
    public async Task Stream_HostStopping_EndsTheStream()
    {
        var hub = Hub;   // taken before the stop: the host disposes its services as it stops
        await using var stream = await SseClient.OpenAsync(Client, "/stream");
        await WaitUntil(() => hub.OpenStreams == 1, "the stream to open");

        Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.True(await stream.ReadsToEndAsync(), "The stream did not end when the host stopped.");
        await WaitUntil(() => hub.OpenStreams == 0, "the stream's slot to be given back");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting for {what}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A Server-Sent Events reader over a real HTTP response.</summary>
    private sealed class SseClient : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private SseClient(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

        public bool SawGap { get; private set; }

        public static async Task<SseClient> OpenAsync(HttpClient client, string path, long? lastEventId = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (lastEventId is long id)
            {
                request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            return new SseClient(response, reader);
        }

        /// <summary>The next <c>article</c> event (heartbeats skipped, a <c>gap</c> event noted).</summary>
        public async Task<(long Id, StreamedArticle Article)> NextArticleAsync()
        {
            while (true)
            {
                var block = await NextBlockAsync() ?? throw new InvalidOperationException("The stream ended.");
                if (block.Event == "gap")
                {
                    SawGap = true;
                }
                else if (block.Event == "article")
                {
                    return (long.Parse(block.Id!, System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Deserialize<StreamedArticle>(block.Data!, JsonSerializerOptions.Web)!);
                }
            }
        }

        public async Task<string> NextCommentAsync()
        {
            while (true)
            {
                var block = await NextBlockAsync() ?? throw new InvalidOperationException("The stream ended.");
                if (block.Comment is { } comment)
                {
                    return comment;
                }
            }
        }

        /// <summary>True when the server ends the stream within the patience.</summary>
        public async Task<bool> ReadsToEndAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                while (await _reader.ReadLineAsync(timeout.Token) is not null)
                {
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private async Task<(string? Event, string? Id, string? Data, string? Comment)?> NextBlockAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            string? name = null, id = null, data = null, comment = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    if (name is not null || data is not null || comment is not null)
                    {
                        return (name, id, data, comment);
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line["id:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line["data:".Length..].Trim();
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
