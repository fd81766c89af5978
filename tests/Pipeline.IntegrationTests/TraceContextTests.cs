using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.Fetcher.Amqp;
using Pipeline.ServiceDefaults;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Distributed tracing over the real broker and the real worker programs, read from the spans they export over OTLP: for
/// every entry point — <c>POST /dispatches</c>, a polled feed, <c>pipeline publish</c> (its own trace, or the caller's with
/// <c>--traceparent</c>) and a plain AMQP publisher's <c>traceparent</c> header — each article's spans in the fetcher
/// (or the CLI, which takes its place for <c>pipeline publish</c>), normalizer, enricher and indexer belong to one trace.
/// </summary>
[Collection(SharedDistributedPipeline.Name)]
public sealed class TraceContextTests(BrokerFixture broker, PostgresFixture postgres, DistributedPipeline pipeline) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = DistributedPipeline.EventTimeout;

    /// <summary>
    /// The first articles through a freshly started pipeline wait for every stage's cold start (the enricher's models among
    /// them): on the loaded 2-core build machine the polled feed's items took more than 90 s.
    /// </summary>
    private static readonly TimeSpan FirstArticleTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Services = ["pipeline-fetcher", "pipeline-normalizer", "pipeline-enricher", "pipeline-indexer"];

    /// <summary>With <c>pipeline publish</c> the CLI takes the fetcher's place: it builds the dispatch and publishes it itself.</summary>
    private static readonly string[] FromTheCli = ["pipeline", "pipeline-normalizer", "pipeline-enricher", "pipeline-indexer"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await pipeline.EnsureStartedAsync(broker.Broker, postgres.Server);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task HttpPost_WithoutTraceContext_StartsOneTrace_ThroughAllFourStages()
    {
        var source = NewSource("http");
        using var http = new HttpClient { BaseAddress = pipeline.Url("Fetcher"), Timeout = TimeSpan.FromSeconds(30) };
        var body = await File.ReadAllTextAsync(Samples.PathOf(Samples.PrimaNotizia), Ct);
        using var reply = await http.PostAsync(new Uri($"/dispatches?source={source}&profile=prima-notizia-24", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/markdown"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);

        await AssertOneTraceAsync(source, expectedTraceId: null);
    }

    [Fact]
    public async Task PolledFeed_EachItemIsOneTrace_ThroughAllFourStages()
    {
        await AssertOneTraceAsync(DistributedPipeline.PolledSourceId, expectedTraceId: null);
    }

    [Fact]
    public async Task PipelinePublish_StartsATrace_AndContinuesTheCallersWithTraceparent()
    {
        var own = NewSource("cli");
        var (code, cli) = await pipeline.RunCliAsync("publish", Samples.PathOf(Samples.PrimaNotizia), "--source", own, "--source-profile", "prima-notizia-24", "--json");
        Assert.True(code == 0, cli.Transcript);
        var started = JsonDocument.Parse(cli.StandardOutput.First()).RootElement.Str("traceId");
        Assert.Matches("^[0-9a-f]{32}$", started);
        await AssertOneTraceAsync(own, started, FromTheCli);

        var callers = NewSource("cli-parent");
        var caller = ActivityTraceId.CreateRandom().ToHexString();
        var (parentCode, parented) = await pipeline.RunCliAsync("publish", Samples.PathOf(Samples.PrimaNotizia), "--source", callers, "--source-profile", "prima-notizia-24", "--json",
            "--traceparent", $"00-{caller}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.True(parentCode == 0, parented.Transcript);
        Assert.Equal(caller, JsonDocument.Parse(parented.StandardOutput.First()).RootElement.Str("traceId"));
        await AssertOneTraceAsync(callers, caller, FromTheCli);
    }

    [Fact]
    public async Task RawAmqpMessage_WithATraceparentHeader_ContinuesThePublishersTrace_ThroughAllFourStages()
    {
        var source = NewSource("amqp");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var feed = await File.ReadAllBytesAsync(Samples.PathOf("news/world-wire.rss.xml"), Ct);
        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, RawIngest.ExchangeName(pipeline.Prefix), feed, new Dictionary<string, object?>
        {
            [RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source),
            [TraceContext.TraceParentHeader] = Encoding.UTF8.GetBytes($"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"),
        }, "application/rss+xml");

        await AssertOneTraceAsync(source, traceId);
    }

    private static string NewSource(string entryPoint) => $"trace-{entryPoint}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Waits until every article of <paramref name="source"/> is indexed and each has exported spans from all four stages —
    /// the intake's (the fetcher, or the CLI) and normalizer's tagged with the source, the enricher's and indexer's with the
    /// article id — then asserts that each article's spans carry one trace id (<paramref name="expectedTraceId"/> when given).
    /// </summary>
    private async Task AssertOneTraceAsync(string source, string? expectedTraceId, string[]? services = null)
    {
        services ??= Services;
        var articleIds = await WaitForIndexedAsync(source);
        var deadline = DateTime.UtcNow + Timeout;
        Dictionary<string, List<OtlpSpan>> perArticle;
        while (true)
        {
            var spans = pipeline.Telemetry.Spans.ToList();
            var sourceSpans = spans.Where(s => s.Attribute(TelemetryTags.SourceId) == source).ToList();
            perArticle = articleIds.ToDictionary(id => id, id => sourceSpans.Concat(spans.Where(s => s.Attribute(TelemetryTags.ArticleId) == id)).ToList(), StringComparer.Ordinal);
            if (perArticle.Values.All(chain => services.All(service => chain.Any(s => s.Service == service))))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Spans of {source} from {string.Join(", ", perArticle.Values.SelectMany(c => c).Select(s => s.Service).Distinct())} only, after {Timeout.TotalSeconds:0} s ({spans.Count} spans received).");
            await Task.Delay(250, Ct);
        }

        var traces = new List<string>();
        foreach (var (articleId, chain) in perArticle)
        {
            // The source's spans in the fetcher and normalizer may belong to other articles of the same feed document;
            // keep those in the article's own trace: the one its enricher and indexer spans are in.
            var own = chain.Where(s => s.Attribute(TelemetryTags.ArticleId) == articleId).Select(s => s.TraceId).Distinct().ToList();
            var trace = Assert.Single(own);
            var inTrace = chain.Where(s => s.TraceId == trace).ToList();
            Assert.All(services, service => Assert.Contains(inTrace, s => s.Service == service));
            if (expectedTraceId is not null)
            {
                Assert.Equal(expectedTraceId, trace);
            }

            traces.Add(trace);
        }

        // Every span tagged with the source is in one of its articles' traces: no stage started a trace of its own.
        // A poll of a feed is an operation of its own (most polls find nothing new, 304): each new item it finds starts
        // the item's trace, so the fetcher's poll spans, tagged with the feed's source id too, are not articles' spans.
        Assert.All(
            perArticle.Values.SelectMany(c => c).Where(s => s.Attribute(TelemetryTags.SourceId) == source && !(s.Service == "pipeline-fetcher" && s.Name == "poll feed")),
            s => Assert.Contains(s.TraceId, traces));
    }

    private async Task<List<string>> WaitForIndexedAsync(string source)
    {
        using var http = new HttpClient { BaseAddress = pipeline.Url("Indexer"), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + FirstArticleTimeout;
        while (true)
        {
            var reply = await http.GetFromJsonAsync<JsonElement>($"/search?q=*&source={source}&limit=100", Ct);
            var ids = reply.GetProperty("hits").EnumerateArray().Select(h => h.Str("articleId")!).ToList();
            if (ids.Count > 0)
            {
                return ids;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Nothing of {source} indexed within {FirstArticleTimeout.TotalSeconds:0} s.");
            await Task.Delay(250, Ct);
        }
    }
}
