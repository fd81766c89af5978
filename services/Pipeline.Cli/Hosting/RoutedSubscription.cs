using System.Text;
using Pipeline.Cli.Commands;
using Pipeline.Messaging.Routing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// <c>pipeline subscribe</c> with filters: a queue of its own bound server-side to the routed exchanges
/// (<see cref="EventRoutes"/>) with the bindings of an <see cref="ArticleFilter"/>, read with plain RabbitMQ.Client.
/// The broker delivers only what matches; each body (the plain event JSON) is printed as one line.
/// </summary>
internal static class RoutedSubscription
{
    /// <summary>Declares the exchanges and the queue (temporary: server-named, exclusive; else durable), binds it, and returns the queue's name.</summary>
    public static async Task<string> BindAsync(IChannel channel, string? prefix, string? queue, IReadOnlyList<ArticleBinding> bindings, CancellationToken cancellationToken)
    {
        await RoutedEventPublisher.DeclareTopologyAsync(channel, prefix, cancellationToken);
        var declared = queue is null
            ? await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)
            : await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var binding in bindings)
        {
            await channel.QueueBindAsync(declared.QueueName, binding.Exchange, binding.RoutingKey, binding.Arguments, cancellationToken: cancellationToken);
        }

        return declared.QueueName;
    }

    /// <summary>Consumes the bound queue, printing each body through <paramref name="printer"/> until it is done or cancelled.</summary>
    public static async Task<int> RunAsync(CliConsole console, Uri broker, string? prefix, string? queue, string eventName, IReadOnlyList<ArticleBinding> bindings,
        EventPrinter printer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IConnection connection;
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(timeout);
            connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "pipeline-cli-subscribe" }.CreateConnectionAsync(connectTimeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
        {
            console.Fail($"Could not connect to the broker within {timeout.TotalSeconds:0} s: {e.Message}");
            return ExitCodes.Failure;
        }

        await using (connection)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var name = await BindAsync(channel, prefix, queue, bindings, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                printer.PrintLine(Encoding.UTF8.GetString(delivery.Body.Span));
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            };
            await channel.BasicConsumeAsync(name, autoAck: false, consumer, cancellationToken);
            var described = string.Join(", ", bindings.Select(b => b.Arguments is null
                ? $"{b.Exchange} '{b.RoutingKey}'"
                : $"{b.Exchange} {{{string.Join(", ", b.Arguments.Select(a => $"{a.Key}={a.Value}"))}}}"));
            console.Error.WriteLine($"Subscribed to {eventName} events on queue '{name}'{(queue is null ? " (temporary)" : "")}, bound to {described}. Ctrl+C to stop.");
            try
            {
                await printer.Done.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a normal way to stop.
            }
        }

        return ExitCodes.Ok;
    }
}
