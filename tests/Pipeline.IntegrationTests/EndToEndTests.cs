using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The flagship test: the four stages as the real worker programs on a real RabbitMQ, fed and read
/// through the real <c>pipeline</c> CLI.
/// </summary>
[Collection(SharedDistributedPipeline.Name)]
public sealed class EndToEndTests(BrokerFixture broker, PostgresFixture postgres, DistributedPipeline pipeline) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = DistributedPipeline.EventTimeout;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await pipeline.EnsureStartedAsync(broker.Broker, postgres.Server);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PublishedSample_IsNormalizedEnrichedIndexedAndSearchable_AndRepublishingKeepsOneDocument()
    {
        await using var enriched = await pipeline.SubscribeAsync("enriched");
        await using var indexed = await pipeline.SubscribeAsync("indexed");

        var first = await PublishSampleAsync();
        var article = await enriched.WaitForAsync(e => e.Str("dispatchId") == first, Timeout);

        var a = article.Get("article");
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", a.Str("headline", "main"));
        Assert.Equal(["Esteri"], a.Get("sections").Strings());
        Assert.Equal(["Russia"], a.Get("subjects").Strings());
        Assert.Equal("Pyongyang", a.Str("dateline", "place"));
        Assert.Equal("Nord Corea", a.Str("dateline", "country"));
        Assert.Equal("2025-08-13", a.Str("dateline", "date"));
        Assert.Equal("Prima Notizia 24", a.Str("dateline", "agency"));
        Assert.Equal(["Renato Narciso"], a.Get("authors").Strings("name"));
        Assert.StartsWith("2025-08-13", a.Str("publishedAt"), StringComparison.Ordinal);
        Assert.StartsWith("I 2 capi di stato", a.Str("lead"), StringComparison.Ordinal);
        var paragraphs = a.Get("body", "paragraphs").Strings().ToList();
        Assert.Contains(paragraphs, p => p.Contains("\"Vladimir Putin ha apprezzato molto", StringComparison.Ordinal));
        Assert.DoesNotContain(paragraphs, p => p.Contains("**", StringComparison.Ordinal) || p.Contains("##", StringComparison.Ordinal));

        var enrichment = article.Get("enrichment");
        Assert.Equal("it", enrichment.Str("language", "code"));
        var entities = enrichment.Get("entities").EnumerateArray().Select(e => (Name: e.Str("name")!, Type: e.Str("type")!)).ToList();
        foreach (var person in new[] { "Vladimir Putin", "Kim Jong Un", "Donald Trump" })
        {
            Assert.Contains((person, "person"), entities);
        }

        Assert.Contains(entities, e => e.Type == "organisation" && e.Name.Contains("KCNA", StringComparison.Ordinal));
        Assert.Contains(entities, e => e.Type == "place" && e.Name.Contains("Kursk", StringComparison.Ordinal));
        Assert.DoesNotContain(entities, e => e.Name == "Renato Narciso");
        Assert.NotEmpty(enrichment.Get("keywords").EnumerateArray());
        Assert.StartsWith("c-", enrichment.Str("cluster", "clusterId"), StringComparison.Ordinal);

        var articleId = article.Str("articleId")!;
        var firstIndexed = await indexed.WaitForAsync(e => e.Str("articleId") == articleId && e.Str("dispatchId") == first, Timeout);
        Assert.Equal("false", firstIndexed.Get("replaced").ToString(), ignoreCase: true);

        // Search through the CLI, both against the indexer's HTTP API and read-only on the live index folder.
        foreach (var target in new[] { new[] { "--url", pipeline.Url("Indexer").ToString() }, new[] { "--index", pipeline.IndexFolder } })
        {
            var (code, cli) = await pipeline.RunCliAsync(["search", "Kursk", "--json", "--limit", "50", .. target]);
            Assert.True(code == 0, cli.Transcript);
            using var response = JsonDocument.Parse(string.Join('\n', cli.StandardOutput));
            var hits = response.RootElement.GetProperty("hits").EnumerateArray().ToList();
            Assert.Contains(hits, h => h.Str("articleId") == articleId);
            Assert.Contains("<mark>", hits.First(h => h.Str("articleId") == articleId).Str("snippet"), StringComparison.OrdinalIgnoreCase);
        }

        // The same file again: a new dispatch, the same article, still one document.
        var second = await PublishSampleAsync();
        Assert.NotEqual(first, second);
        var again = await enriched.WaitForAsync(e => e.Str("dispatchId") == second, Timeout);
        Assert.Equal(articleId, again.Str("articleId"));
        var secondIndexed = await indexed.WaitForAsync(e => e.Str("articleId") == articleId && e.Str("dispatchId") == second, Timeout);
        Assert.Equal("true", secondIndexed.Get("replaced").ToString(), ignoreCase: true);

        // Other tests of the shared pipeline publish the same sample under other sources: look past the first page.
        var (searchCode, search) = await pipeline.RunCliAsync("search", "\"Putin riceve pieno sostegno\"", "--url", pipeline.Url("Indexer").ToString(), "--json", "--limit", "100");
        Assert.True(searchCode == 0, search.Transcript);
        using var result = JsonDocument.Parse(string.Join('\n', search.StandardOutput));
        Assert.Equal(1, result.RootElement.GetProperty("hits").EnumerateArray().Count(h => h.Str("articleId") == articleId));
    }

    [Fact]
    public async Task GarbageFile_IsRejectedAndKeptInTheErrorQueue_AndThePipelineKeepsWorking()
    {
        await using var rejected = await pipeline.SubscribeAsync("rejected");
        await using var enriched = await pipeline.SubscribeAsync("enriched");
        var garbage = Path.Combine(pipeline.DataFolder, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{\"this is\": [\"not\", \"a feed\", 42], \"nor\": {\"a\": \"dispatch\"}}", Ct);

        var (code, cli) = await pipeline.RunCliAsync("publish", garbage, "--source", "garbage-source", "--json");
        Assert.True(code == 0, cli.Transcript);
        var dispatchId = JsonDocument.Parse(cli.StandardOutput.First()).RootElement.Str("dispatchId");

        var rejection = await rejected.WaitForAsync(e => e.Str("dispatchId") == dispatchId, Timeout);
        Assert.Equal("normalizer", rejection.Str("stage"));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Str("reasonCode")));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Str("message")));
        Assert.Equal("garbage-source", rejection.Str("source", "id"));

        var errorQueue = $"{pipeline.Prefix}-normalizer_error";
        Assert.True(await RabbitMqQueues.WaitForMessageAsync(pipeline.BrokerUri, errorQueue, body => body.Contains(dispatchId!, StringComparison.Ordinal), Timeout),
            $"The rejected dispatch is not in {errorQueue}.");

        // An operator can see it and send it back: it is processed again (and, still garbage, parked again, once).
        var (listCode, list) = await pipeline.RunCliAsync("errors", "list", "--stage", "normalizer", "--json");
        Assert.True(listCode == 0, list.Transcript);
        Assert.Contains(list.StandardOutput, line => line.Contains(dispatchId!, StringComparison.Ordinal));
        var (replayCode, replay) = await pipeline.RunCliAsync("errors", "replay", "--stage", "normalizer");
        Assert.True(replayCode == 0, replay.Transcript);
        var again = await rejected.WaitForAsync(e => e.Str("dispatchId") == dispatchId, Timeout);
        Assert.Equal("normalizer", again.Str("stage"));
        Assert.True(await RabbitMqQueues.WaitForMessageAsync(pipeline.BrokerUri, errorQueue, body => body.Contains(dispatchId!, StringComparison.Ordinal), Timeout));
        var (relistCode, relist) = await pipeline.RunCliAsync("errors", "list", "--stage", "normalizer", "--json");
        Assert.True(relistCode == 0, relist.Transcript);
        Assert.Single(relist.StandardOutput, line => line.Contains(dispatchId!, StringComparison.Ordinal));

        // Still working: a valid feed after the garbage comes out enriched.
        var atom = Samples.PathOf("news/cronaca-italia.atom.xml");
        var (atomCode, atomCli) = await pipeline.RunCliAsync("publish", atom, "--source", "notizie-italia", "--json");
        Assert.True(atomCode == 0, atomCli.Transcript);
        var atomDispatch = JsonDocument.Parse(atomCli.StandardOutput.First()).RootElement.Str("dispatchId");
        var fromAtom = await enriched.WaitForAsync(e => e.Str("dispatchId") == atomDispatch, Timeout);
        Assert.Equal("notizie-italia", fromAtom.Str("article", "source", "id"));
    }

    [Fact]
    public async Task RawAmqpMessage_FromAPlainClient_BecomesAnEnrichedArticle()
    {
        await using var enriched = await pipeline.SubscribeAsync("enriched");
        var feed = await File.ReadAllBytesAsync(Samples.PathOf("news/world-wire.rss.xml"), Ct);
        var source = "raw-amqp-" + Guid.NewGuid().ToString("N")[..6];

        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, Pipeline.Fetcher.Amqp.RawIngest.ExchangeName(pipeline.Prefix), feed,
            new Dictionary<string, object?> { [Pipeline.Fetcher.Amqp.RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source) }, "application/rss+xml");

        var article = await enriched.WaitForAsync(e => e.Str("article", "source", "id") == source, Timeout);
        Assert.Equal("en", article.Str("enrichment", "language", "code"));
        Assert.False(string.IsNullOrWhiteSpace(article.Str("article", "headline", "main")));
    }

    [Fact]
    public async Task HttpPost_ToTheFetcher_Answers202_AndTheDispatchComesOutEnriched()
    {
        await using var enriched = await pipeline.SubscribeAsync("enriched");
        using var http = new HttpClient { BaseAddress = pipeline.Url("Fetcher"), Timeout = TimeSpan.FromSeconds(30) };
        var body = await File.ReadAllTextAsync(Samples.PathOf(Samples.PrimaNotizia), Ct);

        using var reply = await http.PostAsync(new Uri("/dispatches?source=prima-notizia-24-http&profile=prima-notizia-24", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/markdown"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        var accepted = await reply.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var dispatchId = accepted.Str("dispatchId");
        Assert.False(string.IsNullOrEmpty(dispatchId));

        var article = await enriched.WaitForAsync(e => e.Str("dispatchId") == dispatchId, Timeout);
        Assert.Equal("Putin riceve pieno sostegno da Kim Jong Un", article.Str("article", "headline", "main"));

        using var missingSource = await http.PostAsync(new Uri("/dispatches", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missingSource.StatusCode);
        Assert.Equal("application/problem+json", missingSource.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PolledFeed_IsFetchedOnce_ThenAnsweredNotModified_AndItsItemsComeOutIndexed()
    {
        using var http = new HttpClient { BaseAddress = pipeline.Url("Indexer"), Timeout = TimeSpan.FromSeconds(30) };

        // The fetcher has polled the loopback feed since start-up: its three items end up in the index.
        var deadline = DateTime.UtcNow + Timeout;
        var total = 0;
        while (DateTime.UtcNow < deadline && total < 3)
        {
            var reply = await http.GetFromJsonAsync<JsonElement>($"/search?q=*&source={DistributedPipeline.PolledSourceId}", Ct);
            total = reply.GetProperty("total").GetInt32();
            if (total < 3)
            {
                await Task.Delay(250, Ct);
            }
        }

        Assert.Equal(3, total);
        while (DateTime.UtcNow < deadline && pipeline.FeedServer.NotModifiedResponses < 2)
        {
            await Task.Delay(250, Ct);
        }

        // Conditional GET: later polls carry the ETag and get 304; nothing is published twice.
        Assert.True(pipeline.FeedServer.NotModifiedResponses >= 2, $"304 answers: {pipeline.FeedServer.NotModifiedResponses}");
        Assert.Equal(1, pipeline.FeedServer.FullResponses);

        // An operator sees the feed's health through the CLI.
        var (code, feeds) = await pipeline.RunCliAsync("feeds", "--url", pipeline.Url("Fetcher").ToString(), "--json");
        Assert.True(code == 0, feeds.Transcript);
        var feed = JsonDocument.Parse(Assert.Single(feeds.StandardOutput)).RootElement;
        Assert.Equal(DistributedPipeline.PolledSourceId, feed.Str("sourceId"));
        Assert.Equal("0", feed.Str("consecutiveFailures"));
        Assert.Equal("304", feed.Str("lastStatus"));
        Assert.NotNull(feed.Str("lastSuccessAt"));
    }

    [Fact]
    public async Task SameWireCopy_FromManyOutlets_GetsOneStoryCluster_AcrossTwoEnricherReplicas()
    {
        await using var enriched = await pipeline.SubscribeAsync("enriched");
        var outlets = Enumerable.Range(1, 6).Select(n => $"outlet-{n}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        var dispatches = new List<string>();
        foreach (var outlet in outlets)
        {
            var (code, cli) = await pipeline.RunCliAsync("publish", Samples.PathOf(Samples.PrimaNotizia), "--source", outlet, "--source-profile", "prima-notizia-24", "--json");
            Assert.True(code == 0, cli.Transcript);
            dispatches.Add(JsonDocument.Parse(cli.StandardOutput.First()).RootElement.Str("dispatchId")!);
        }

        var clusters = new List<string>();
        foreach (var dispatch in dispatches)
        {
            var article = await enriched.WaitForAsync(e => e.Str("dispatchId") == dispatch, Timeout);
            clusters.Add(article.Str("enrichment", "cluster", "clusterId")!);
        }

        // Six outlets, six article ids, one story: whichever replica enriched each, they agree.
        Assert.Single(clusters.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryStageQueue_CarriesTheEndpointPrefix_SoPipelinesCanShareABroker()
    {
        foreach (var stage in new[] { "normalizer", "enricher", "indexer", "raw-ingest" })
        {
            Assert.True(await RabbitMqQueues.ExistsAsync(pipeline.BrokerUri, $"{pipeline.Prefix}-{stage}"), $"queue {pipeline.Prefix}-{stage} is missing");
            Assert.False(await RabbitMqQueues.ExistsAsync(pipeline.BrokerUri, stage), $"queue {stage} exists without the prefix");
        }
    }

    [Fact]
    public async Task EveryWorker_AnswersLivenessAndReadiness()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var stage in new[] { "Fetcher", "Normalizer", "Enricher", "Indexer" })
        {
            using var live = await http.GetAsync(new Uri(pipeline.Url(stage), "/health/live"), Ct);
            using var ready = await http.GetAsync(new Uri(pipeline.Url(stage), "/health/ready"), Ct);
            Assert.True(live.IsSuccessStatusCode, $"{stage} /health/live answered {(int)live.StatusCode}");
            Assert.True(ready.IsSuccessStatusCode, $"{stage} /health/ready answered {(int)ready.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryWorker_ExposesPrometheusMetrics_IncludingTheEndToEndLatency_UnderItsServiceName()
    {
        await using var indexed = await pipeline.SubscribeAsync("indexed");
        var dispatchId = await PublishSampleAsync("prima-notizia-24-metrics");
        await indexed.WaitForAsync(e => e.Str("dispatchId") == dispatchId, Timeout);

        // What each stage must expose once an article went through (Prometheus names: dots become underscores,
        // counters end in _total, the unit is spelled out).
        var expected = new Dictionary<string, string[]>
        {
            ["Fetcher"] = ["pipeline_fetcher_polls_total", "pipeline_fetcher_feed_freshness_seconds", "pipeline_fetcher_feed_staleness_seconds"],
            ["Normalizer"] = ["pipeline_normalizer_articles_total"],
            ["Enricher"] = ["pipeline_enricher_articles_total", "pipeline_enricher_duration_milliseconds_bucket"],
            ["Indexer"] = ["pipeline_indexer_upserts_total", "pipeline_article_latency_seconds_bucket", "pipeline_article_latency_seconds_count"],
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (stage, names) in expected)
        {
            using var reply = await http.GetAsync(new Uri(pipeline.Url(stage), "/metrics"), Ct);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            var text = await reply.Content.ReadAsStringAsync(Ct);
            foreach (var name in names)
            {
                Assert.Contains(text.Split('\n'), line => line.StartsWith(name, StringComparison.Ordinal));
            }

            Assert.Contains($"service_name=\"pipeline-{stage.ToLowerInvariant()}\"", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Publishes the Prima Notizia sample; a test that asserts a first indexing ("replaced": false) needs a source of its
    /// own, since every test of the shared pipeline may run before it.
    /// </summary>
    private async Task<string> PublishSampleAsync(string source = "prima-notizia-24")
    {
        var (code, cli) = await pipeline.RunCliAsync("publish", Samples.PathOf(Samples.PrimaNotizia),
            "--source", source, "--source-name", "Prima Notizia 24", "--source-profile", "prima-notizia-24", "--json");
        Assert.True(code == 0, cli.Transcript);
        return JsonDocument.Parse(cli.StandardOutput.First()).RootElement.Str("dispatchId")!;
    }
}
