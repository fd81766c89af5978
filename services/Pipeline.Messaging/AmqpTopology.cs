using RabbitMQ.Client;

namespace Pipeline.Messaging;

/// <summary>The plain RabbitMQ.Client plumbing the services' own AMQP consumers share (raw intake, event router, notifier).</summary>
public static class AmqpTopology
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects, retrying with a doubling delay (1 s up to 30 s, each failure reported to <paramref name="failed"/>) until
    /// connected or <paramref name="stoppingToken"/> fires; null when stopped first.
    /// </summary>
    public static async Task<IConnection?> ConnectWithRetryAsync(ConnectionFactory factory, TimeProvider time, Action<Exception, TimeSpan> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(failed);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return await factory.CreateConnectionAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failed(ex, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }

        return null;
    }

    /// <summary>
    /// Declares the durable <paramref name="exchange"/> (of <paramref name="exchangeType"/>), the error queue, and the queue
    /// dead-lettering to it (default exchange, routing key = error queue name), bound to the exchange with an empty key;
    /// quorum queues when asked.
    /// </summary>
    public static async Task DeclareQueueWithErrorQueueAsync(IChannel channel, string exchange, string exchangeType, string queue, string errorQueue, bool quorum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var errorArguments = new Dictionary<string, object?>();
        var queueArguments = new Dictionary<string, object?>
        {
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = errorQueue,
        };
        if (quorum)
        {
            errorArguments["x-queue-type"] = "quorum";
            queueArguments["x-queue-type"] = "quorum";
        }

        await channel.ExchangeDeclareAsync(exchange, exchangeType, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(errorQueue, durable: true, exclusive: false, autoDelete: false, arguments: errorArguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: queueArguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, exchange, routingKey: "", cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
