using System.Text.Json;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Messaging;
using Pipeline.Messaging.Routing;
using Pipeline.Notifier.Subscriptions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pipeline.Notifier.Delivery;

/// <summary>
/// Delivers routed articles to the webhooks that want them. Consumes its own durable queue <c>notifier</c> (with the
/// endpoint prefix), bound to <c>pipeline.articles</c> with <c>#</c>, so a slow or failing endpoint never holds the
/// pipeline: articles wait in this queue. For each article, every active subscription whose filter matches
/// (<see cref="ArticleFilter.Matches"/>, the same test as the broker's bindings) gets one signed POST (retried by the
/// resilience pipeline); the outcome goes to the subscription's health, which pauses it after
/// <c>Notifier:PauseAfterFailures</c> failed deliveries in a row. The article is acknowledged once every delivery
/// has an outcome; the notifier stopping mid-way leaves it unacknowledged, so it comes again (at least once: receivers
/// deduplicate on <c>webhook-id</c>).
/// </summary>
public sealed class WebhookDispatcher(
    IOptions<MessagingOptions> messaging,
    IOptions<NotifierOptions> notifier,
    SqlSubscriptionStore store,
    WebhookSender sender,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string BaseQueueName = "notifier";

    public static string QueueName(string? prefix) => string.IsNullOrEmpty(prefix) ? BaseQueueName : $"{prefix}-{BaseQueueName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = messaging.Value;
        var factory = new ConnectionFactory
        {
            Uri = settings.RabbitMqUri ?? throw new InvalidOperationException("Messaging:RabbitMqUri is required for the notifier."),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = "pipeline-notifier",
            ConsumerDispatchConcurrency = (ushort)Math.Clamp(settings.PrefetchCount, 1, ushort.MaxValue),
        };
        var connection = await AmqpTopology.ConnectWithRetryAsync(factory, time, (e, delay) => Log.ConnectFailed(logger, e, delay), stoppingToken).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        await using (connection)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            var queue = QueueName(settings.EndpointPrefix);
            var arguments = new Dictionary<string, object?>();
            if (settings.QuorumQueues)
            {
                arguments["x-queue-type"] = "quorum";
            }

            await RoutedEventPublisher.DeclareTopologyAsync(channel, settings.EndpointPrefix, stoppingToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: stoppingToken).ConfigureAwait(false);
            await channel.QueueBindAsync(queue, EventRoutes.ArticlesExchange(settings.EndpointPrefix), "#", cancellationToken: stoppingToken).ConfigureAwait(false);
            await channel.BasicQosAsync(0, (ushort)Math.Min(settings.PrefetchCount, ushort.MaxValue), false, stoppingToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await DeliverAsync(delivery, stoppingToken).ConfigureAwait(false);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken).ConfigureAwait(false);
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
            Log.Consuming(logger, queue);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: unacknowledged articles return to the queue.
            }
        }
    }

    /// <summary>Every matching active subscription gets the article; each outcome is recorded.</summary>
    internal async Task DeliverAsync(BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        ArticleEnriched? article;
        try
        {
            article = JsonSerializer.Deserialize<ArticleEnriched>(delivery.Body.Span, RoutedMessages.JsonOptions);
        }
        catch (JsonException e)
        {
            Log.Unreadable(logger, Log.Clean(delivery.BasicProperties.MessageId), Log.Clean(e.Message));
            return;
        }

        if (article is null)
        {
            return;
        }

        var route = EventRoutes.RouteOf(article);
        var messageId = delivery.BasicProperties.MessageId is { Length: > 0 } id ? id : $"{article.ArticleId}-{article.EnrichedAt.ToUnixTimeMilliseconds()}";
        var targets = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => !s.Health.Paused && s.Filter.Matches(route)).ToList();
        var body = delivery.Body.ToArray();
        await Task.WhenAll(targets.Select(async subscription =>
        {
            var outcome = await sender.SendAsync(subscription, messageId, body, cancellationToken).ConfigureAwait(false);
            await store.RecordAsync(subscription.Id, outcome, notifier.Value.PauseAfterFailures, cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                Log.Delivered(logger, article.ArticleId, subscription.Id);
            }
            else
            {
                Log.DeliveryFailed(logger, article.ArticleId, subscription.Id, Log.Clean(outcome.Error));
            }
        })).ConfigureAwait(false);
    }

}
