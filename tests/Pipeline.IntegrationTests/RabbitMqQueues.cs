using System.Text;
using RabbitMQ.Client;

namespace Pipeline.IntegrationTests;

/// <summary>Plain RabbitMQ.Client access, as an outside application without MassTransit would have it.</summary>
public static class RabbitMqQueues
{
    /// <summary>Publishes raw bytes with headers to an exchange, with publisher confirms.</summary>
    public static async Task PublishRawAsync(Uri broker, string exchange, byte[] body, IDictionary<string, object?> headers, string contentType)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { Headers = headers, ContentType = contentType, DeliveryMode = DeliveryModes.Persistent };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await channel.BasicPublishAsync(exchange, routingKey: "", mandatory: true, basicProperties: properties, body: body, cancellationToken: timeout.Token);
    }

    /// <summary>Whether a queue exists (a passive declare).</summary>
    public static async Task<bool> ExistsAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>Messages ready in a queue (a passive declare: exact, not the management API's sampled figure); null when it does not exist.</summary>
    public static async Task<uint?> ReadyCountAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Looks (without consuming: every message is requeued) for a message in a queue whose body
    /// satisfies the predicate, until the timeout.
    /// </summary>
    public static async Task<bool> WaitForMessageAsync(Uri broker, string queue, Func<string, bool> predicate, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using (var channel = await connection.CreateChannelAsync())
            {
                try
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        var message = await channel.BasicGetAsync(queue, autoAck: false);
                        if (message is null)
                        {
                            break;
                        }

                        if (predicate(Encoding.UTF8.GetString(message.Body.Span)))
                        {
                            return true;
                        }
                    }
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // The queue does not exist yet.
                }
            }

            // Closing the channel requeued what it had taken.
            await Task.Delay(250);
        }

        return false;
    }
}
