using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Pipeline.Messaging.Routing;

/// <summary>
/// Publishes plain JSON bodies to the routed exchanges (<see cref="EventRoutes"/>) with RabbitMQ.Client, persistent and
/// with publisher confirms: <see cref="PublishAsync"/> returns once the broker has taken the message, and throws when it
/// did not (nack, connection lost, <c>Messaging:PublishTimeoutSeconds</c> passed) — the caller's message is then
/// retried, never acknowledged. One connection with automatic recovery; the exchanges are declared (durable) on every
/// new channel, so a broker that lost them (a new node, a deleted exchange) gets them back at the next publish.
/// </summary>
public sealed class RoutedEventPublisher(IOptions<MessagingOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>Publishes one message; completes when the broker confirmed it.</summary>
    public async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(properties);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds));
        var channel = await ChannelAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await DropChannelAsync(channel).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Declares the exchanges (idempotent), e.g. at start so subscribers can bind before the first article.</summary>
    public async Task DeclareAsync(CancellationToken cancellationToken) => await ChannelAsync(cancellationToken).ConfigureAwait(false);

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is { IsOpen: true } again)
            {
                return again;
            }

            var settings = options.Value;
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync().ConfigureAwait(false);
                }

                var factory = new ConnectionFactory
                {
                    Uri = settings.RabbitMqUri ?? throw new InvalidOperationException("Messaging:RabbitMqUri is required for the routed exchanges."),
                    AutomaticRecoveryEnabled = true,
                    TopologyRecoveryEnabled = true,
                    NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                    ClientProvidedName = "pipeline-event-routes",
                };
                _connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_channel is not null)
            {
                await _channel.DisposeAsync().ConfigureAwait(false);
            }

            var channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken).ConfigureAwait(false);
            await DeclareTopologyAsync(channel, settings.EndpointPrefix, cancellationToken).ConfigureAwait(false);
            _channel = channel;
            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The three durable exchanges and the binding of the entities exchange to the articles exchange (<c>#</c>).</summary>
    public static async Task DeclareTopologyAsync(IChannel channel, string? prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var articles = EventRoutes.ArticlesExchange(prefix);
        var entities = EventRoutes.EntitiesExchange(prefix);
        await channel.ExchangeDeclareAsync(articles, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(entities, ExchangeType.Headers, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeBindAsync(entities, articles, "#", cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(EventRoutes.RejectionsExchange(prefix), ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task DropChannelAsync(IChannel channel)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_channel, channel))
            {
                _channel = null;
                try
                {
                    await channel.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // Already broken: a new channel is made at the next publish.
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
