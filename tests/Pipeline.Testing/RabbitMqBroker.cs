using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DotNet.Testcontainers.Configurations;
using Testcontainers.RabbitMq;

namespace Pipeline.Testing;

/// <summary>
/// A real RabbitMQ for integration tests, found in this order:
/// 1. <c>PIPELINE_TEST_RABBITMQ_URI</c> (tests/run.sh sets it, with <c>PIPELINE_TEST_RABBITMQ_MANAGEMENT</c> for per-run virtual hosts);
/// 2. a Testcontainers container, where a Docker engine answers;
/// 3. a private <c>rabbitmq-server</c> node this fixture starts itself (tests/rabbitmq.sh) on free loopback ports.
/// If none works it fails with a message that says what to do. Each run gets its own virtual host
/// when the management API is reachable, and every test uses its own endpoint prefix.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    public const string UriVariable = "PIPELINE_TEST_RABBITMQ_URI";
    public const string ManagementVariable = "PIPELINE_TEST_RABBITMQ_MANAGEMENT";

    private readonly List<string> _vhosts = [];
    private readonly Func<ValueTask> _stop;
    private readonly Uri? _management;

    private RabbitMqBroker(Uri uri, Uri? management, string how, Func<ValueTask> stop)
    {
        BaseUri = uri;
        _management = management;
        Description = how;
        _stop = stop;
    }

    /// <summary>The broker's URI (default virtual host).</summary>
    public Uri BaseUri { get; }

    /// <summary>How the broker was found, for test output.</summary>
    public string Description { get; }

    public static async Task<RabbitMqBroker> StartAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        if (Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } configured)
        {
            var management = Environment.GetEnvironmentVariable(ManagementVariable) is { Length: > 0 } m ? new Uri(m) : null;
            return new RabbitMqBroker(new Uri(configured), management, $"{UriVariable}={configured}", () => ValueTask.CompletedTask);
        }

        failures.Add($"{UriVariable} is not set");
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            try
            {
                var container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
                await container.StartAsync(cancellationToken);
                var uri = new Uri(container.GetConnectionString());
                var management = new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(15672)) { UserName = "rabbitmq", Password = "rabbitmq" }.Uri;
                return new RabbitMqBroker(uri, management, "Testcontainers", container.DisposeAsync);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"Testcontainers failed: {e.Message}");
            }
        }
        else
        {
            failures.Add("no Docker engine answers (Testcontainers)");
        }

        try
        {
            var node = await RabbitMqNode.StartAsync(Path.Combine(Path.GetTempPath(), $"pipeline-broker-{Environment.ProcessId}"), cancellationToken);
            return new RabbitMqBroker(node.Uri, node.Management, $"private rabbitmq-server on port {node.Port}", node.DisposeAsync);
        }
        catch (InvalidOperationException e)
        {
            failures.Add($"starting a private rabbitmq-server failed: {e.Message}");
        }

        throw new InvalidOperationException(
            "No RabbitMQ for the integration tests: " + string.Join("; ", failures) +
            $". Run tests/run.sh (it installs and starts one), or set {UriVariable}=amqp://user:pass@host:5672/.");
    }

    /// <summary>
    /// A broker URI isolated for one test: a fresh virtual host when the management API is reachable
    /// (deleted on dispose), else the base URI (tests then rely on their endpoint prefix).
    /// </summary>
    public async Task<Uri> CreateVirtualHostAsync(CancellationToken cancellationToken = default)
    {
        if (_management is null)
        {
            return BaseUri;
        }

        var name = $"pipeline-test-{Guid.NewGuid():N}"[..26];
        using var http = ManagementClient();
        using (var put = await http.PutAsync(new Uri($"api/vhosts/{name}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken))
        {
            put.EnsureSuccessStatusCode();
        }

        var user = Uri.UnescapeDataString(BaseUri.UserInfo.Split(':')[0]);
        using (var grant = await http.PutAsync(new Uri($"api/permissions/{name}/{Uri.EscapeDataString(user)}", UriKind.Relative),
            new StringContent("{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", Encoding.UTF8, "application/json"), cancellationToken))
        {
            grant.EnsureSuccessStatusCode();
        }

        lock (_vhosts)
        {
            _vhosts.Add(name);
        }

        return new UriBuilder(BaseUri) { Path = "/" + name }.Uri;
    }

    /// <summary>A random endpoint prefix (kebab-case) for one test.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async ValueTask DisposeAsync()
    {
        if (_management is not null && _vhosts.Count > 0)
        {
            using var http = ManagementClient();
            foreach (var vhost in _vhosts)
            {
                try
                {
                    using var _ = await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));
                }
                catch (HttpRequestException)
                {
                    // The broker may already be gone; its data folder goes with it.
                }
            }
        }

        await _stop();
    }

    private HttpClient ManagementClient()
    {
        var management = _management!;
        var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
        var userInfo = Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        return client;
    }

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
