using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Testing;

/// <summary>
/// A private <c>rabbitmq-server</c> node owned by one test or fixture (tests/rabbitmq.sh): its own data folder, AMQP port,
/// management port (AMQP + 10000) and distribution port (AMQP + 20000), on loopback. It can be stopped and started again
/// on the same folder and ports — durable queues and persistent messages survive, as in a broker restart — without
/// disturbing any other broker on the machine.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private readonly string _script = Path.Combine(RepositoryLayout.Root, "tests", "rabbitmq.sh");

    private RabbitMqNode(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>Where the node keeps its state.</summary>
    public string Folder { get; }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The AMQP URI of the default virtual host.</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The management API (user guest).</summary>
    public Uri Management => new($"http://guest:guest@127.0.0.1:{(Port + 10000).ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>True between a successful start and a stop.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Starts a node in <paramref name="folder"/> (created) on free ports; throws with the script's output when it does not start.</summary>
    public static async Task<RabbitMqNode> StartAsync(string folder, CancellationToken cancellationToken = default)
    {
        var node = new RabbitMqNode(folder, FreePortTriple());
        await node.StartAgainAsync(cancellationToken);
        return node;
    }

    /// <summary>Starts the node (again) on its folder and ports; returns once it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var (code, output) = await ScriptRunner.RunAsync(_script, ["start", Folder, Port.ToString(CultureInfo.InvariantCulture)], StartTimeout, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"The private RabbitMQ node on port {Port} did not start: {output.Trim()}");
        }

        IsRunning = true;
    }

    /// <summary>Stops the node (<c>rabbitmqctl shutdown</c>): every connection drops, the data stays.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        IsRunning = false;
        var (code, output) = await ScriptRunner.RunAsync(_script, ["stop", Folder], StopTimeout, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"The private RabbitMQ node on port {Port} did not stop: {output.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ScriptRunner.RunAsync(_script, ["stop", Folder], StopTimeout, CancellationToken.None);
        IsRunning = false;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Owned by the broker's user or still in use: left for the OS with the temp folder.
        }
    }

    /// <summary>A port between 20000 and 35535 that is free on loopback together with port + 10000 and port + 20000.</summary>
    public static int FreePortTriple()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 35535);
            if (IsFree(port) && IsFree(port + 10000) && IsFree(port + 20000))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port triple (AMQP, management, distribution) on loopback.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
