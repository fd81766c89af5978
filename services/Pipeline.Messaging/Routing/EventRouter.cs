using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pipeline.Messaging.Routing;

/// <summary>
/// Copies every <see cref="ArticleEnriched"/> to <c>pipeline.articles</c> and every <see cref="DispatchRejected"/> to
/// <c>pipeline.rejections</c> (<see cref="EventRoutes"/>), from queues of its own — <c>article-routes</c> and
/// <c>rejection-routes</c> (with the endpoint prefix), durable, bound to MassTransit's message-type exchanges — so the
/// pipeline never waits for it and nothing is lost while it is down or the broker restarts: the messages wait in its
/// queues. Each message is acknowledged only once the broker confirmed its routed copy (<see cref="RoutedEventPublisher"/>);
/// a publish that fails or is not confirmed in time is requeued after a pause and tried again, for as long as it takes
/// (never dropped, never parked for that). Only a body that is not a MassTransit envelope of the message goes to the
/// queue's <c>_error</c> queue. A redelivered message is routed again with the same <c>message_id</c>.
/// </summary>
public sealed class EventRouter(IOptions<MessagingOptions> options, RoutedEventPublisher publisher, TimeProvider time, ILogger<EventRouter> logger) : BackgroundService
{
    public const string BaseArticleQueue = "article-routes";
    public const string BaseRejectionQueue = "rejection-routes";
    public const string ErrorSuffix = "_error";

    /// <summary>MassTransit's header carrying the publishing span's W3C id (its trace context).</summary>
    private const string MassTransitActivityHeader = "MT-Activity-Id";

    private static readonly TimeSpan RequeuePause = TimeSpan.FromSeconds(1);

    public static string ArticleQueue(string? prefix) => string.IsNullOrEmpty(prefix) ? BaseArticleQueue : $"{prefix}-{BaseArticleQueue}";

    public static string RejectionQueue(string? prefix) => string.IsNullOrEmpty(prefix) ? BaseRejectionQueue : $"{prefix}-{BaseRejectionQueue}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var factory = new ConnectionFactory
        {
            Uri = settings.RabbitMqUri ?? throw new InvalidOperationException("Messaging:RabbitMqUri is required for the routed exchanges."),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = "pipeline-event-router",
            ConsumerDispatchConcurrency = (ushort)Math.Clamp(settings.PrefetchCount, 1, ushort.MaxValue),
        };
        await using var connection = await AmqpTopology.ConnectWithRetryAsync(factory, time, (e, delay) => Log.RouterConnectFailed(logger, e, delay), stoppingToken).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await RoutedEventPublisher.DeclareTopologyAsync(channel, settings.EndpointPrefix, stoppingToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)Math.Min(settings.PrefetchCount, ushort.MaxValue), false, stoppingToken).ConfigureAwait(false);
        var prefix = settings.EndpointPrefix;
        await RouteAsync(channel, "Pipeline.Contracts.Articles:ArticleEnriched", ArticleQueue(prefix), settings.QuorumQueues, delivery =>
        {
            var (message, id, trace) = Read<ArticleEnriched>(delivery);
            var (key, properties, body) = RoutedMessages.Article(message, id, trace);
            return (EventRoutes.ArticlesExchange(prefix), key, properties, body);
        }, stoppingToken).ConfigureAwait(false);
        await RouteAsync(channel, "Pipeline.Contracts.Dispatches:DispatchRejected", RejectionQueue(prefix), settings.QuorumQueues, delivery =>
        {
            var (message, id, trace) = Read<DispatchRejected>(delivery);
            var (key, properties, body) = RoutedMessages.Rejection(message, id, trace);
            return (EventRoutes.RejectionsExchange(prefix), key, properties, body);
        }, stoppingToken).ConfigureAwait(false);

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unacknowledged messages return to their queue when the channel closes.
        }
    }

    private async Task RouteAsync(IChannel channel, string sourceExchange, string queue, bool quorum,
        Func<BasicDeliverEventArgs, (string Exchange, string Key, BasicProperties Properties, byte[] Body)> map, CancellationToken stoppingToken)
    {
        // The message-type exchange as MassTransit declares it (durable fanout), so either may come first.
        var errorQueue = queue + ErrorSuffix;
        await AmqpTopology.DeclareQueueWithErrorQueueAsync(channel, sourceExchange, ExchangeType.Fanout, queue, errorQueue, quorum, stoppingToken).ConfigureAwait(false);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            (string Exchange, string Key, BasicProperties Properties, byte[] Body) routed;
            try
            {
                routed = map(delivery);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                Log.RouteUnreadable(logger, queue, Log.Clean(delivery.BasicProperties.MessageId), Log.Clean(e.Message));
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, stoppingToken).ConfigureAwait(false);
                return;
            }

            try
            {
                await publisher.PublishAsync(routed.Exchange, routed.Key, routed.Properties, routed.Body, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.RoutePublishFailed(logger, e, routed.Exchange, Log.Clean(routed.Properties.MessageId));
                await Task.Delay(RequeuePause, time, stoppingToken).ConfigureAwait(false);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, stoppingToken).ConfigureAwait(false);
                return;
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken).ConfigureAwait(false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
        Log.Routing(logger, queue, sourceExchange);
    }

    /// <summary>The message under <c>message</c> in MassTransit's envelope, its message id and trace context.</summary>
    internal static (T Message, string? MessageId, TraceParent Trace) Read<T>(BasicDeliverEventArgs delivery)
        where T : class
    {
        using var envelope = JsonDocument.Parse(delivery.Body);
        if (envelope.RootElement.ValueKind != JsonValueKind.Object || !envelope.RootElement.TryGetProperty("message", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("The body is not a MassTransit envelope with a message.");
        }

        var message = body.Deserialize<T>(RoutedMessages.JsonOptions) ?? throw new InvalidDataException("The envelope's message is empty.");
        var id = envelope.RootElement.TryGetProperty("messageId", out var messageId) && messageId.ValueKind == JsonValueKind.String
            ? messageId.GetString()
            : delivery.BasicProperties.MessageId;
        var headers = delivery.BasicProperties.Headers;
        var parent = Header(headers, Pipeline.ServiceDefaults.TraceContext.TraceParentHeader) ?? Header(headers, MassTransitActivityHeader);
        return (message, id, new TraceParent(parent, Header(headers, Pipeline.ServiceDefaults.TraceContext.TraceStateHeader)));
    }

    private static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => null,
        } : null;

}

/// <summary>Registration of the routed exchanges.</summary>
public static class EventRoutesExtensions
{
    /// <summary>
    /// Runs the <see cref="EventRouter"/> in this host when <c>Messaging:Transport</c> is RabbitMq (the enricher's worker
    /// does); on the in-memory transport there is no exchange to route to and nothing is added.
    /// </summary>
    public static IHostApplicationBuilder AddEventRoutes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).GetOrDefault(new MessagingOptionsValidator());
        if (options.Transport != TransportKind.RabbitMq)
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RoutedEventPublisher>();
        builder.Services.AddHostedService<EventRouter>();
        return builder;
    }
}
