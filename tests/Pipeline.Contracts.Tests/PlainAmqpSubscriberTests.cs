using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;
using Pipeline.Testing;
using RabbitMQ.Client;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// What the README tells subscribers about the wire, checked on a real broker: a plain AMQP client (RabbitMQ.Client,
/// no MassTransit) binds its own queue to the exchange Pipeline publishes <see cref="ArticleEnriched"/> to and reads
/// the MassTransit envelope; a MassTransit subscriber written like the README's sample gets the queue the README names.
/// </summary>
public class PlainAmqpSubscriberTests
{
    /// <summary>The exchange named in the README: MassTransit's message-type exchange, not prefixed.</summary>
    private const string EnrichedExchange = "Pipeline.Contracts.Articles:ArticleEnriched";

    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task PlainClient_BoundToTheArticleEnrichedExchange_ReadsTheDocumentedEnvelope()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await RabbitMqBroker.StartAsync(ct);
        var uri = await broker.CreateVirtualHostAsync(ct);

        // The subscriber's side, as the README's pika example does it: its own durable queue, bound to the fanout exchange.
        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.ExchangeDeclareAsync(EnrichedExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync("my-app.articles", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync("my-app.articles", EnrichedExchange, routingKey: "", cancellationToken: ct);

        // Pipeline's side: the bus composed exactly as the enricher composes it, publishing one article.
        var prefix = RabbitMqBroker.NewPrefix();
        using (var host = BuildPipelineBus(uri, prefix))
        {
            await host.StartAsync(ct);
            await host.Services.GetRequiredService<IPublishEndpoint>().Publish(ContractSamples.ArticleEnriched, ct);
            await host.StopAsync(ct);
        }

        var delivery = await GetOneAsync(channel, "my-app.articles", ct);
        Assert.NotNull(delivery);

        var properties = delivery.BasicProperties;
        TestContext.Current.TestOutputHelper?.WriteLine($"content-type={properties.ContentType} message-id={properties.MessageId} " +
            $"delivery-mode={properties.DeliveryMode} headers={string.Join(", ", (properties.Headers ?? new Dictionary<string, object?>()).Keys)}");
        Assert.Equal("application/vnd.masstransit+json", properties.ContentType);
        Assert.Equal(DeliveryModes.Persistent, properties.DeliveryMode);
        Assert.False(string.IsNullOrEmpty(properties.MessageId));

        var body = Encoding.UTF8.GetString(delivery.Body.Span);
        TestContext.Current.TestOutputHelper?.WriteLine(body);
        var envelope = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(properties.MessageId, (string?)envelope["messageId"]);
        Assert.Contains("urn:message:Pipeline.Contracts.Articles:ArticleEnriched", envelope["messageType"]!.AsArray().Select(t => (string?)t));
        Assert.NotNull(envelope["sentTime"]);
        Assert.NotNull(envelope["sourceAddress"]);

        // The article under "message" is exactly the golden wire shape the contracts tests guard (camelCase JSON)…
        var golden = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "ArticleEnriched.json"), ct));
        Assert.True(JsonNode.DeepEquals(golden, envelope["message"]), $"The envelope's message differs from Golden/ArticleEnriched.json:\n{envelope["message"]}");

        // …and reads back with nothing but System.Text.Json's web defaults, as any subscriber would.
        var article = envelope["message"].Deserialize<ArticleEnriched>(WebJson);
        Assert.NotNull(article);
        Assert.Equal(ContractSamples.ArticleEnriched.ArticleId, article.ArticleId);
        Assert.Equal(ContractSamples.ArticleEnriched.Article.Headline.Main, article.Article.Headline.Main);
        Assert.Equal(ContractSamples.ArticleEnriched.Enrichment.Language.Code, article.Enrichment.Language.Code);
    }

    [Fact]
    public async Task ReadmeStyleConsumer_WithMassTransitDefaults_GetsTheQueueNamedNews()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await RabbitMqBroker.StartAsync(ct);
        var uri = await broker.CreateVirtualHostAsync(ct);
        var received = new TaskCompletionSource<ArticleEnriched>(TaskCreationOptions.RunContinuationsAsynchronously);

        // As the README's sample composes it: AddConsumer + ConfigureEndpoints, MassTransit's default endpoint name formatter.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(received);
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddConsumer<NewsConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(uri);
                cfg.ConfigureEndpoints(context);
            });
        });
        await using var provider = services.BuildServiceProvider(true);
        var bus = provider.GetRequiredService<IBusControl>();
        using (var start = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            start.CancelAfter(Ceiling);
            await bus.StartAsync(start.Token);
        }

        try
        {
            await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(ct);
            Assert.True(await QueueExistsAsync(connection, "News", ct), "MassTransit did not create the queue \"News\".");
            Assert.False(await QueueExistsAsync(connection, "news", ct), "There is a queue \"news\": the README's name is wrong.");

            await bus.Publish(ContractSamples.ArticleEnriched, ct);
            var article = await received.Task.WaitAsync(Ceiling, ct);
            Assert.Equal(ContractSamples.ArticleEnriched.ArticleId, article.ArticleId);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static IHost BuildPipelineBus(Uri uri, string prefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = uri.ToString(),
            ["Messaging:EndpointPrefix"] = prefix,
        });
        builder.AddPipelineMessaging(_ => { });
        return builder.Build();
    }

    private static async Task<BasicGetResult?> GetOneAsync(IChannel channel, string queue, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Ceiling;
        while (DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, ct) is { } message)
            {
                return message;
            }

            await Task.Delay(200, ct);
        }

        return null;
    }

    private static async Task<bool> QueueExistsAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, ct);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>The README's consumer (same name, so the same queue name).</summary>
    public sealed class NewsConsumer(TaskCompletionSource<ArticleEnriched> received) : IConsumer<ArticleEnriched>
    {
        public Task Consume(ConsumeContext<ArticleEnriched> context)
        {
            received.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
