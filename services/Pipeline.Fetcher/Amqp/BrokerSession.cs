using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Pipeline.Fetcher.Amqp;

/// <summary>
/// The raw AMQP intake's own connection to the broker, as the fetcher's evidence that the broker answers AMQP: a TCP
/// connect alone (<c>BrokerConnectivity</c>) also succeeds against a proxy, a load balancer or a port-forward in front
/// of a stopped broker, and the fetcher's bus only publishes, so MassTransit's bus health never sees the broker go.
/// The connection recovers by itself; <see cref="IsOpen"/> is false from the moment it is lost until it is back. On the
/// in-memory transport there is no such connection and nothing to wait for.
/// </summary>
public sealed class BrokerSession
{
    private volatile IConnection? _connection;

    /// <summary>True when the fetcher uses RabbitMQ (its intake keeps a connection); false on the in-memory transport.</summary>
    public bool Tracked { get; init; }

    /// <summary>True when the intake's AMQP connection is open, or when there is none to track.</summary>
    public bool IsOpen => !Tracked || (_connection?.IsOpen ?? false);

    internal void Attach(IConnection connection) => _connection = connection;

    internal void Detach() => _connection = null;
}

/// <summary>Readiness: unhealthy until the intake's AMQP connection is open, and while it is lost (tagged <c>ready</c>).</summary>
internal sealed class BrokerSessionHealthCheck(BrokerSession session) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(session.IsOpen
            ? HealthCheckResult.Healthy("the raw AMQP intake's broker connection is open")
            : HealthCheckResult.Unhealthy("the raw AMQP intake has no open broker connection (the broker does not answer AMQP)"));
}
