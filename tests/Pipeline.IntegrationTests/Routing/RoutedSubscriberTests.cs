using System.Text;
using System.Text.Json;
using Pipeline.Fetcher.Amqp;
using Pipeline.ServiceDefaults;
using Pipeline.Testing;
using RabbitMQ.Client;

namespace Pipeline.IntegrationTests.Routing;

/// <summary>
/// Subscribers with RabbitMQ.Client alone (no MassTransit): queues of their own bound server-side to the routed exchanges
/// the real enricher workers publish to — <c>it.politics.#</c> on <c>pipeline.articles</c>, an entity on the headers
/// exchange <c>pipeline.articles.entities</c>, <c>normalizer.#</c> on <c>pipeline.rejections</c> — receive exactly the
/// matching events, as plain JSON bodies that validate against the committed schema, with message id, dispatch id and
/// trace context as AMQP properties. Also <c>pipeline subscribe</c> with filters.
/// </summary>
[Collection(SharedDistributedPipeline.Name)]
public sealed class RoutedSubscriberTests(BrokerFixture broker, PostgresFixture postgres, DistributedPipeline pipeline) : IAsyncLifetime
{
    private const string Politics = "medtop:11000000";

    /// <summary>An entity some of the feed's items name (Rome, linked to GeoNames), not every item.</summary>
    private const string EntityId = "geonames:3169070";

    private static readonly TimeSpan Timeout = DistributedPipeline.EventTimeout;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FeedPath => Path.Combine(RepositoryLayout.Root, "tests", "Pipeline.IntegrationTests", "Routing", "routed-feed.rss.xml");

    public async ValueTask InitializeAsync() => await pipeline.EnsureStartedAsync(broker.Broker, postgres.Server);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PlainClient_BindingItPoliticsAndAnEntity_ReceivesExactlyTheMatchingArticles()
    {
        var factory = new ConnectionFactory { Uri = pipeline.BrokerUri };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var articles = $"{pipeline.Prefix}-pipeline.articles";
        var entities = $"{pipeline.Prefix}-pipeline.articles.entities";
        await channel.ExchangeDeclareAsync(articles, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: Ct);
        await channel.ExchangeDeclareAsync(entities, ExchangeType.Headers, durable: true, autoDelete: false, cancellationToken: Ct);
        await channel.ExchangeBindAsync(entities, articles, "#", cancellationToken: Ct);

        var politics = await TemporaryQueueAsync(channel);
        await channel.QueueBindAsync(politics, articles, "it.politics.#", cancellationToken: Ct);
        var byEntity = await TemporaryQueueAsync(channel);
        await channel.QueueBindAsync(byEntity, entities, "", new Dictionary<string, object?> { ["x-match"] = "all", ["entity:" + EntityId] = "1" }, cancellationToken: Ct);
        var everything = await TemporaryQueueAsync(channel);
        await channel.QueueBindAsync(everything, articles, "#", cancellationToken: Ct);

        var source = "routed-" + Guid.NewGuid().ToString("N")[..8];
        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, RawIngest.ExchangeName(pipeline.Prefix), await File.ReadAllBytesAsync(FeedPath, Ct),
            new Dictionary<string, object?> { [RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source) }, "application/rss+xml");

        // All four items arrive on '#'; the broker routes each publish to every matching queue at once, so by then the
        // filtered queues hold everything they will get.
        var all = await ReceiveAsync(channel, everything, source, 4);
        Assert.Equal(4, all.Select(m => m.ArticleId).Distinct().Count());
        var received = await DrainAsync(channel, politics);
        var receivedByEntity = await DrainAsync(channel, byEntity);

        // Italian politics, computed from the articles themselves: the two Italian politics items, not the sport item nor the English one.
        var expected = all.Where(m => m.Language == "it" && m.FirstTopic == Politics).Select(m => m.ArticleId).ToHashSet();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, received.Where(m => m.Source == source).Select(m => m.ArticleId).ToHashSet());
        Assert.All(received, m => Assert.StartsWith("it.politics.", m.RoutingKey, StringComparison.Ordinal));
        Assert.All(received, m => Assert.True(m.Language == "it" && m.FirstTopic == Politics, m.RoutingKey));

        var expectedByEntity = all.Where(m => m.Entities.Contains(EntityId)).Select(m => m.ArticleId).ToHashSet();
        Assert.NotEmpty(expectedByEntity);
        Assert.NotEqual(4, expectedByEntity.Count);
        Assert.Equal(expectedByEntity, receivedByEntity.Where(m => m.Source == source).Select(m => m.ArticleId).ToHashSet());
        Assert.All(receivedByEntity, m => Assert.Contains(EntityId, m.Entities));

        // The body is the plain article, valid against the committed schema; ids and trace context are AMQP properties.
        foreach (var message in all)
        {
            Assert.Equal("application/json", message.ContentType);
            Assert.False(string.IsNullOrEmpty(message.MessageId));
            Assert.Equal(message.DispatchId, message.CorrelationId);
            Assert.True(TraceContext.IsValid(message.TraceParent), $"traceparent '{message.TraceParent}'");
            Assert.Equal(2, (int)message.DeliveryMode);
            Assert.Empty(RoutedSchemas.Validate("ArticleEnriched", message.Body));
            Assert.Equal($"{message.Language}.{Slug(message.FirstTopic)}.{message.Country}.{source}.none", message.RoutingKey);
        }
    }

    [Fact]
    public async Task PlainClient_BindingNormalizerRejections_ReceivesTheRejection_KeyedByStageAndReason()
    {
        var factory = new ConnectionFactory { Uri = pipeline.BrokerUri };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var rejections = $"{pipeline.Prefix}-pipeline.rejections";
        await channel.ExchangeDeclareAsync(rejections, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: Ct);
        var queue = await TemporaryQueueAsync(channel);
        await channel.QueueBindAsync(queue, rejections, "normalizer.#", cancellationToken: Ct);

        var source = "routed-garbage-" + Guid.NewGuid().ToString("N")[..8];
        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, RawIngest.ExchangeName(pipeline.Prefix), "{\"not\": [\"a feed\"]}"u8.ToArray(),
            new Dictionary<string, object?> { [RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source) }, "application/json");

        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, Ct) is not { } message)
            {
                await Task.Delay(200, Ct);
                continue;
            }

            var body = Encoding.UTF8.GetString(message.Body.Span);
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.Str("source", "id") != source)
            {
                continue;
            }

            Assert.Equal("normalizer", json.RootElement.Str("stage"));
            Assert.Equal($"normalizer.{json.RootElement.Str("reasonCode")}", message.RoutingKey);
            Assert.Equal("application/json", message.BasicProperties.ContentType);
            Assert.Equal(json.RootElement.Str("dispatchId"), message.BasicProperties.CorrelationId);
            Assert.Empty(RoutedSchemas.Validate("DispatchRejected", body));
            return;
        }

        Assert.Fail($"No rejection of source {source} on {rejections} within {Timeout.TotalSeconds:0} s.");
    }

    [Fact]
    public async Task CliSubscribe_WithLanguageAndTopic_BindsServerSide_AndPrintsOnlyItalianPolitics()
    {
        var source = "routed-cli-" + Guid.NewGuid().ToString("N")[..8];
        await using var subscriber = new Subscriber(pipeline.StartCli("subscribe", "--lang", "it", "--topic", "politics", "--source", source, "--count", "2"));
        await subscriber.Process.WaitForAsync(line => line.StartsWith("Subscribed to", StringComparison.Ordinal), DistributedPipeline.StartTimeout);
        Assert.Contains(subscriber.Process.Transcript.Split('\n'), line => line.Contains($"'it.politics.*.{source}.#'", StringComparison.Ordinal));

        await RabbitMqQueues.PublishRawAsync(pipeline.BrokerUri, RawIngest.ExchangeName(pipeline.Prefix), await File.ReadAllBytesAsync(FeedPath, Ct),
            new Dictionary<string, object?> { [RawIngest.SourceHeader] = Encoding.UTF8.GetBytes(source) }, "application/rss+xml");

        var first = await subscriber.WaitForAsync(_ => true, Timeout);
        var second = await subscriber.WaitForAsync(_ => true, Timeout);
        Assert.Equal(0, await subscriber.Process.WaitForExitAsync(Timeout));
        foreach (var article in new[] { first, second })
        {
            Assert.Equal("it", article.Str("enrichment", "language", "code"));
            Assert.Equal(Politics, article.Get("enrichment", "topics")[0].Str("code"));
            Assert.Equal(source, article.Str("article", "source", "id"));
        }

        Assert.NotEqual(first.Str("articleId"), second.Str("articleId"));
    }

    private static string Slug(string? topic) => topic is null ? "none" : Pipeline.Messaging.Routing.TopicSlugs.Of(topic);

    private static async Task<string> TemporaryQueueAsync(IChannel channel) =>
        (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: Ct)).QueueName;

    /// <summary>Takes messages from a queue until <paramref name="count"/> distinct articles of <paramref name="source"/> arrived.</summary>
    private static async Task<List<Routed>> ReceiveAsync(IChannel channel, string queue, string source, int count)
    {
        var received = new List<Routed>();
        var deadline = DateTime.UtcNow + Timeout;
        while (received.Select(m => m.ArticleId).Distinct().Count() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{received.Count} of {count} articles of {source} within {Timeout.TotalSeconds:0} s.");
            if (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
            {
                if (Routed.From(message) is { } routed && routed.Source == source)
                {
                    received.Add(routed);
                }
            }
            else
            {
                await Task.Delay(200, Ct);
            }
        }

        return received;
    }

    private static async Task<List<Routed>> DrainAsync(IChannel channel, string queue)
    {
        var received = new List<Routed>();
        while (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
        {
            received.Add(Routed.From(message)!);
        }

        return received;
    }

    private sealed record Routed(string RoutingKey, string Body, string ArticleId, string DispatchId, string Source, string Language, string? FirstTopic, string Country,
        IReadOnlyList<string> Entities, string? ContentType, string? MessageId, string? CorrelationId, string? TraceParent, DeliveryModes DeliveryMode)
    {
        public static Routed? From(BasicGetResult message)
        {
            var body = Encoding.UTF8.GetString(message.Body.Span);
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var enrichment = root.GetProperty("enrichment");
            var topics = enrichment.GetProperty("topics");
            var countries = enrichment.GetProperty("countries");
            var headers = message.BasicProperties.Headers;
            return new Routed(message.RoutingKey, body, root.Str("articleId")!, root.Str("dispatchId")!, root.Str("article", "source", "id")!, enrichment.Str("language", "code")!,
                topics.GetArrayLength() > 0 ? topics[0].Str("code") : null,
                countries.GetArrayLength() > 0 ? countries[0].Str("code")!.ToLowerInvariant() : "none",
                [.. enrichment.GetProperty("entities").EnumerateArray().Select(e => e.Str("id")).OfType<string>()],
                message.BasicProperties.ContentType, message.BasicProperties.MessageId, message.BasicProperties.CorrelationId,
                headers is not null && headers.TryGetValue("traceparent", out var tp) && tp is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null,
                message.BasicProperties.DeliveryMode);
        }
    }
}
