using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Messaging;
using Pipeline.ServiceDefaults;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pipeline.Fetcher.Amqp;

/// <summary>
/// Consumes the raw-ingest queue with plain RabbitMQ.Client (see <see cref="RawIngest"/> for the topology). For
/// each message: build a <see cref="DispatchReceived"/>, publish it through the bus (with the messaging publish
/// timeout), then ack. Refused messages are copied to the error queue with the reason in headers, then acked;
/// if that copy fails they are nacked without requeue, and the queue's dead-letter settings route them to the
/// same error queue. A failed bus publish nacks with requeue after a short pause. Connection loss is handled by
/// the client's automatic recovery (connection, channels, topology and consumer).
/// </summary>
internal sealed class RawIngestService(
    IOptions<MessagingOptions> messaging,
    DispatchFactory factory,
    IDispatchPublisher publisher,
    BrokerSession session,
    TimeProvider time,
    ILogger<RawIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan RequeuePause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = messaging.Value;
        var uri = options.RabbitMqUri ?? throw new InvalidOperationException("Messaging:RabbitMqUri is required for the raw AMQP ingest.");
        var exchange = RawIngest.ExchangeName(options.EndpointPrefix);
        var queue = RawIngest.QueueName(options.EndpointPrefix);
        var errorQueue = RawIngest.ErrorQueueName(options.EndpointPrefix);
        Log.RawIngestConnecting(logger, uri.Host, exchange, queue);

        var connectionFactory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(5),
            ClientProvidedName = "pipeline-fetcher-raw-ingest",
            // Handle up to the prefetch at once; each handler awaits its own bus publish before acking.
            ConsumerDispatchConcurrency = (ushort)Math.Clamp(options.PrefetchCount, 1, ushort.MaxValue),
        };

        await using var connection = await AmqpTopology.ConnectWithRetryAsync(connectionFactory, time, (e, delay) => Log.RawIngestConnectFailed(logger, e, delay), stoppingToken).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        session.Attach(connection);

        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await using var errorChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stoppingToken).ConfigureAwait(false);

        await DeclareTopologyAsync(channel, exchange, queue, errorQueue, options.QuorumQueues, stoppingToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)Math.Min(options.PrefetchCount, ushort.MaxValue), false, stoppingToken).ConfigureAwait(false);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, errorChannel, delivery, exchange, errorQueue, stoppingToken);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
        Log.RawIngestConsuming(logger, queue);

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unacked messages return to the queue when the channel closes.
        }
        finally
        {
            session.Detach();
        }
    }

    /// <summary>Declares the exchange, the error queue and the ingest queue (dead-lettering to the error queue), and binds them.</summary>
    internal static Task DeclareTopologyAsync(IChannel channel, string exchange, string queue, string errorQueue, bool quorum, CancellationToken cancellationToken) =>
        AmqpTopology.DeclareQueueWithErrorQueueAsync(channel, exchange, ExchangeType.Fanout, queue, errorQueue, quorum, cancellationToken);

    private async Task HandleAsync(IChannel channel, IChannel errorChannel, BasicDeliverEventArgs delivery, string exchange, string errorQueue, CancellationToken stoppingToken)
    {
        var messageId = delivery.BasicProperties.IsMessageIdPresent()
            ? delivery.BasicProperties.MessageId!
            : delivery.DeliveryTag.ToString(CultureInfo.InvariantCulture);

        // The publisher's trace continues here (its traceparent header), else the dispatch's trace starts here.
        var headers = delivery.BasicProperties.Headers;
        using var activity = FetcherDiagnostics.ActivitySource.StartContinuing("receive raw-ingest", ActivityKind.Consumer,
            RawIngestMapper.Header(headers, RawIngest.TraceParentHeader), RawIngestMapper.Header(headers, RawIngest.TraceStateHeader));
        activity?.SetTag(TelemetryTags.Origin, OriginKinds.Amqp);
        DispatchReceived dispatch;
        try
        {
            dispatch = RawIngestMapper.ToDispatch(factory, delivery.Body, delivery.BasicProperties, exchange);
        }
        catch (PermanentDispatchException ex)
        {
            FetcherDiagnostics.Refused.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Origin, OriginKinds.Amqp), new KeyValuePair<string, object?>(TelemetryTags.ReasonCode, ex.ReasonCode));
            await DeadLetterAsync(channel, errorChannel, delivery, messageId, errorQueue, ex.ReasonCode, ex.Message, stoppingToken).ConfigureAwait(false);
            await AnnounceRejectionAsync(RawIngestMapper.ToRejection(delivery.BasicProperties, ex, time.GetUtcNow()), messageId, stoppingToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await publisher.PublishAsync(dispatch, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.RawIngestPublishFailed(logger, ex, messageId);
            await Task.Delay(RequeuePause, time, stoppingToken).ConfigureAwait(false);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, stoppingToken).ConfigureAwait(false);
            return;
        }

        Log.DispatchAccepted(logger, dispatch.DispatchId, dispatch.Source.Id, OriginKinds.Amqp, dispatch.Payload.Length);
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(IChannel channel, IChannel errorChannel, BasicDeliverEventArgs delivery, string messageId, string errorQueue, string reasonCode, string detail, CancellationToken stoppingToken)
    {
        Log.RawIngestDeadLettered(logger, Log.Clean(messageId), errorQueue, reasonCode, Log.Clean(detail));
        try
        {
            var properties = CopyForErrorQueue(delivery.BasicProperties, reasonCode, detail);
            await errorChannel.BasicPublishAsync(string.Empty, errorQueue, mandatory: true, properties, delivery.Body, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.RawIngestDeadLetterFailed(logger, ex, messageId);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, stoppingToken).ConfigureAwait(false);
            return;
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Best effort: the message is already safe in the error queue, so a bus outage only costs the announcement.</summary>
    private async Task AnnounceRejectionAsync(DispatchRejected rejected, string messageId, CancellationToken stoppingToken)
    {
        try
        {
            await publisher.PublishRejectedAsync(rejected, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.RejectionNotAnnounced(logger, ex, messageId);
        }
    }

    /// <summary>The original properties and headers, persistent, plus the error reason headers.</summary>
    internal static BasicProperties CopyForErrorQueue(IReadOnlyBasicProperties original, string reasonCode, string detail)
    {
        var headers = original.Headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(original.Headers);
        headers[RawIngest.ErrorReasonHeader] = reasonCode;
        headers[RawIngest.ErrorMessageHeader] = detail;
        var copy = new BasicProperties
        {
            Headers = headers,
            DeliveryMode = DeliveryModes.Persistent,
        };
        if (original.IsContentTypePresent())
        {
            copy.ContentType = original.ContentType;
        }

        if (original.IsContentEncodingPresent())
        {
            copy.ContentEncoding = original.ContentEncoding;
        }

        if (original.IsMessageIdPresent())
        {
            copy.MessageId = original.MessageId;
        }

        if (original.IsCorrelationIdPresent())
        {
            copy.CorrelationId = original.CorrelationId;
        }

        if (original.IsAppIdPresent())
        {
            copy.AppId = original.AppId;
        }

        if (original.IsTimestampPresent())
        {
            copy.Timestamp = original.Timestamp;
        }

        if (original.IsTypePresent())
        {
            copy.Type = original.Type;
        }

        return copy;
    }
}
