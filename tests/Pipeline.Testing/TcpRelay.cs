using System.Net;
using System.Net.Sockets;

namespace Pipeline.Testing;

/// <summary>
/// A TCP relay on a loopback port to a target (the test broker), that a test can cut and restore: stopping it
/// closes the listener and every relayed connection, as a broker outage or a network partition would.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private volatile IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;

    public TcpRelay(IPEndPoint target)
    {
        _target = target;
        Port = RabbitMqBroker.FreePort();
    }

    /// <summary>
    /// Where new connections are relayed to. Pointing it at a port nothing listens on while the relay keeps accepting
    /// gives what a proxy or load balancer in front of a stopped broker gives: TCP connects, AMQP never answers.
    /// </summary>
    public IPEndPoint Target
    {
        get => _target;
        set => _target = value;
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>True while the relay accepts and relays connections.</summary>
    public bool IsRunning => _listener is not null;

    /// <summary><paramref name="uri"/> with its host and port replaced by the relay's.</summary>
    public Uri Through(Uri uri) => new UriBuilder(uri) { Host = "127.0.0.1", Port = Port }.Uri;

    /// <summary>Starts accepting and relaying connections.</summary>
    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _stop = new CancellationTokenSource();
        _accepting = AcceptAsync(listener, _stop.Token);
    }

    /// <summary>Stops accepting and closes every relayed connection.</summary>
    public async Task StopAsync()
    {
        if (_listener is null || _stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }

        try
        {
            await _accepting!;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _listener = null;
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_target, stop);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = PumpAsync(client, upstream, stop);
            _ = PumpAsync(upstream, client, stop);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), stop);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One side closed or the relay stopped.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
