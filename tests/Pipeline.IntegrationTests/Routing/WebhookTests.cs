using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Fetcher.Amqp;
using Pipeline.Notifier.Delivery;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests.Routing;

/// <summary>
/// The real notifier program on the shared pipeline's broker: webhook subscriptions over its HTTP API, deliveries of the
/// articles the real enricher routes to <c>pipeline.articles</c>, to a real HTTP receiver on loopback that checks the
/// Standard Webhooks signature; a failing receiver gets retries and is paused; SSRF URLs are refused.
/// </summary>
[Collection(SharedDistributedPipeline.Name)]
public sealed class WebhookTests(BrokerFixture broker, PostgresFixture postgres, DistributedPipeline pipeline) : IAsyncLifetime
{
    private const int Retries = 2;
    private const int PauseAfter = 2;
    private static readonly TimeSpan Timeout = DistributedPipeline.EventTimeout;

    private ChildProcess _notifier = null!;
    private HttpClient _api = null!;
    private WebApplication _receiver = null!;
    private Uri _receiverUrl = null!;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "pipeline-notifier-" + Guid.NewGuid().ToString("N")[..8]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FeedPath => Path.Combine(RepositoryLayout.Root, "tests", "Pipeline.IntegrationTests", "Routing", "routed-feed.rss.xml");

    public async ValueTask InitializeAsync()
    {
        await pipeline.EnsureStartedAsync(broker.Broker, postgres.Server);
        _receiver = LoopbackWebApplication.Create();
        _receiver.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            _received.Enqueue(new Received(name, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), buffer.ToArray()));
            return name == "failing" ? Results.StatusCode(500) : Results.NoContent();
        });
        await _receiver.StartAsync(Ct);
        _receiverUrl = new Uri(_receiver.Urls.First());

        var url = new Uri($"http://127.0.0.1:{RabbitMqBroker.FreePort()}");
        Directory.CreateDirectory(_dataFolder);
        _notifier = PipelineWorkers.StartWorker("Notifier", url, pipeline.BrokerUri, pipeline.Prefix, _dataFolder, new Dictionary<string, string?>
        {
            ["Notifier__SqlitePath"] = Path.Combine(_dataFolder, "notifier.db"),
            ["Notifier__AllowLoopback"] = "true",
            ["Notifier__MaxRetries"] = Retries.ToString(CultureInfo.InvariantCulture),
            ["Notifier__RetryDelayMilliseconds"] = "50",
            ["Notifier__PauseAfterFailures"] = PauseAfter.ToString(CultureInfo.InvariantCulture),
        });
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            await WorkerHealth.WaitForStatusAsync(http, _notifier, new Uri(url, "/health/ready"), HttpStatusCode.OK, DistributedPipeline.StartTimeout);
        }

        _api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

        // Ready means the broker answers; its own queue on pipeline.articles is declared by its dispatcher right after.
        var queue = WebhookDispatcher.QueueName(pipeline.Prefix);
        await WaitForAsync(async () => await RabbitMqQueues.ExistsAsync(pipeline.BrokerUri, queue) ? queue : null);
    }

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        if (_notifier is not null)
        {
            await _notifier.StopAsync(TimeSpan.FromSeconds(15));
            await _notifier.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscriptions_DeliverExactlyTheMatchingArticles_Signed_AndAFailingEndpointIsRetriedThenPaused()
    {
        var source = "webhook-" + Guid.NewGuid().ToString("N")[..8];
        var politics = await CreateAsync(new { url = new Uri(_receiverUrl, "/hooks/politics"), lang = new[] { "it" }, topic = new[] { "politics" }, source = new[] { source } });
        var failing = await CreateAsync(new { url = new Uri(_receiverUrl, "/hooks/failing"), source = new[] { source } });
        var everything = await CreateAsync(new { url = new Uri(_receiverUrl, "/hooks/all"), source = new[] { source } });
        var secret = politics.Str("secret")!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, RawIngest.ExchangeName(pipeline.Prefix), await File.ReadAllBytesAsync(FeedPath, Ct),
            new Dictionary<string, object?> { [RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source) }, "application/rss+xml");

        // The failing endpoint: every delivery tried 1 + Retries times, then the subscription pauses after PauseAfter failed deliveries.
        var failingId = failing.Str("id")!;
        var health = (await WaitForAsync(async () =>
        {
            var s = await _api.GetFromJsonAsync<JsonElement>($"/subscriptions/{failingId}", Ct);
            return s.Str("health", "status") == "paused" ? new Box(s) : null;
        })).Value;
        Assert.True(health.Get("health", "consecutiveFailures").GetInt32() >= PauseAfter);
        Assert.Equal(500, health.Get("health", "lastStatus").GetInt32());
        var listed = await _api.GetFromJsonAsync<JsonElement>("/subscriptions", Ct);
        Assert.Contains(listed.EnumerateArray(), s => s.Str("id") == failingId && s.Str("health", "status") == "paused");
        Assert.DoesNotContain(listed.EnumerateArray(), s => s.Str("secret") is { Length: > 0 });

        // Every article of the source reaches the unfiltered subscription; once each has been delivered (and so handled
        // for every subscription), the politics endpoint holds exactly the Italian politics ones, signed with its secret.
        var all = await WaitForAsync(() => Task.FromResult(Distinct("all").Count >= 4 ? Distinct("all") : null));
        Assert.Equal(4, all.Count);
        await WaitForAsync(async () => (await _api.GetFromJsonAsync<JsonElement>($"/subscriptions/{everything.Str("id")}", Ct)).Get("health", "delivered").GetInt64() >= 4 ? "" : null);
        var expected = all.Where(d => IsItalianPolitics(d.Body)).Select(d => ArticleId(d.Body)).ToHashSet();
        Assert.Equal(2, expected.Count);
        var deliveries = Distinct("politics");
        Assert.Equal(expected, deliveries.Select(d => ArticleId(d.Body)).ToHashSet());
        foreach (var delivery in deliveries)
        {
            Assert.True(WebhookSignature.Verify(secret, delivery.Id, long.Parse(delivery.Timestamp, CultureInfo.InvariantCulture), delivery.Body, delivery.Signature),
                $"bad signature {delivery.Signature} for {delivery.Id}");
            Assert.False(WebhookSignature.Verify(secret, delivery.Id, long.Parse(delivery.Timestamp, CultureInfo.InvariantCulture) + 1, delivery.Body, delivery.Signature));
            using var article = JsonDocument.Parse(delivery.Body);
            Assert.Equal("it", article.RootElement.Str("enrichment", "language", "code"));
            Assert.Equal("medtop:11000000", article.RootElement.Get("enrichment", "topics")[0].Str("code"));
            Assert.Equal(source, article.RootElement.Str("article", "source", "id"));
            Assert.Empty(RoutedSchemas.Validate("ArticleEnriched", Encoding.UTF8.GetString(delivery.Body)));
        }

        Assert.Equal(2, deliveries.Select(d => d.Id).Distinct().Count());

        // Attempts on the failing endpoint come in groups of 1 + Retries per article (same webhook-id), and stop at the pause.
        var attempts = _received.Where(r => r.Name == "failing").GroupBy(r => r.Id).ToList();
        Assert.True(attempts.Count >= PauseAfter, $"{attempts.Count} deliveries tried");
        Assert.All(attempts, group => Assert.Equal(1 + Retries, group.Count()));
        Assert.True(attempts.Count <= 4);

        var politicsHealth = await _api.GetFromJsonAsync<JsonElement>($"/subscriptions/{politics.Str("id")}", Ct);
        Assert.Equal("active", politicsHealth.Str("health", "status"));

        // Deleted: gone from the list.
        using var deleted = await _api.DeleteAsync(new Uri($"/subscriptions/{failingId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var missing = await _api.GetAsync(new Uri($"/subscriptions/{failingId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.7/hook")]
    [InlineData("http://[fd00:ec2::254]/hook")]
    [InlineData("ftp://example.org/hook")]
    public async Task Subscription_ToANonPublicAddress_IsRefused(string url)
    {
        using var response = await _api.PostAsJsonAsync("/subscriptions", new { url }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var listed = await _api.GetFromJsonAsync<JsonElement>("/subscriptions", Ct);
        Assert.DoesNotContain(listed.EnumerateArray(), s => s.Str("url") == url);
    }

    private List<Received> Distinct(string name) => [.. _received.Where(r => r.Name == name).GroupBy(r => r.Id).Select(g => g.First())];

    private static string ArticleId(byte[] body) => JsonDocument.Parse(body).RootElement.Str("articleId")!;

    private static bool IsItalianPolitics(byte[] body)
    {
        using var article = JsonDocument.Parse(body);
        var topics = article.RootElement.Get("enrichment", "topics");
        return article.RootElement.Str("enrichment", "language", "code") == "it" && topics.GetArrayLength() > 0 && topics[0].Str("code") == "medtop:11000000";
    }

    private async Task<JsonElement> CreateAsync(object request)
    {
        using var response = await _api.PostAsJsonAsync("/subscriptions", request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"Not within {Timeout.TotalSeconds:0} s.");
    }

    private sealed record Box(JsonElement Value);

    private sealed record Received(string Name, string Id, string Timestamp, string Signature, byte[] Body);
}
