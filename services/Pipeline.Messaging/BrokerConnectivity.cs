using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Pipeline.Messaging;

/// <summary>
/// Whether the RabbitMQ broker accepts connections on its port, probed at most every
/// <see cref="ProbeInterval"/> (the last answer is shared by every caller in between). MassTransit's own bus
/// health stays "healthy" for a stage that only publishes while the broker is away, and its publish blocks
/// until it times out; this answers in at most <see cref="ConnectTimeout"/>. Always reachable on the in-memory
/// transport.
/// </summary>
public sealed class BrokerConnectivity(IOptions<MessagingOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>How long one answer is reused.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe waits for the broker to accept a TCP connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _probe = new(1, 1);
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private bool _reachable;

    /// <summary>The broker's host and port, for messages (no credentials).</summary>
    public string Endpoint => options.Value.RabbitMqUri is { } uri ? $"{uri.Host}:{Port(uri)}" : "in-memory";

    /// <summary>True when the broker accepted a TCP connection within the last <see cref="ProbeInterval"/>.</summary>
    public async ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Transport != TransportKind.RabbitMq || options.Value.RabbitMqUri is not { } uri)
        {
            return true;
        }

        if (time.GetUtcNow() - _checkedAt < ProbeInterval)
        {
            return _reachable;
        }

        await _probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (time.GetUtcNow() - _checkedAt >= ProbeInterval)
            {
                _reachable = await ConnectsAsync(uri, cancellationToken).ConfigureAwait(false);
                _checkedAt = time.GetUtcNow();
            }

            return _reachable;
        }
        finally
        {
            _probe.Release();
        }
    }

    public void Dispose() => _probe.Dispose();

    private static async Task<bool> ConnectsAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(uri.Host, Port(uri), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static int Port(Uri uri) => uri.Port > 0 ? uri.Port : uri.Scheme == "amqps" ? 5671 : 5672;
}

/// <summary>Readiness: unhealthy while the broker does not accept connections (tagged <c>ready</c>).</summary>
public sealed class BrokerHealthCheck(BrokerConnectivity broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await broker.IsReachableAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"broker {broker.Endpoint} accepts connections")
            : HealthCheckResult.Unhealthy($"broker {broker.Endpoint} does not accept connections");
}
