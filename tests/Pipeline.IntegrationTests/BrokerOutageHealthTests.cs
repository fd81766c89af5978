using System.Net;
using System.Text;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Health and intake of the real worker programs while the broker is away, through a loopback relay the test
/// cuts and restores: liveness answers from the start whatever the broker does, readiness is 503 exactly while
/// the broker is unreachable, and the fetcher's HTTP intake refuses at once with 503 and Retry-After instead of
/// blocking for the publish timeout (set to 5 minutes here, so a blocking intake would fail the request's ceiling).
/// </summary>
public sealed class BrokerOutageHealthTests(BrokerFixture broker) : IAsyncDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(3);
    private static readonly string[] Stages = ["Fetcher", "Normalizer"];

    private readonly string _data = Directory.CreateTempSubdirectory("pipeline-outage-").FullName;
    private readonly List<ChildProcess> _workers = [];
    private readonly Dictionary<string, Uri> _urls = new(StringComparer.Ordinal);
    private TcpRelay? _relay;

    [Fact]
    public async Task WorkersStartedWithoutABroker_AreLive_NotReady_AndFollowTheBrokerBackAndForth()
    {
        var uri = await broker.Broker.CreateVirtualHostAsync(TestContext.Current.CancellationToken);
        _relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, uri.Port));
        var prefix = RabbitMqBroker.NewPrefix();
        foreach (var stage in Stages)
        {
            _urls[stage] = new Uri($"http://127.0.0.1:{RabbitMqBroker.FreePort()}");
            _workers.Add(PipelineWorkers.StartWorker(stage, _urls[stage], _relay.Through(uri), prefix, _data, new Dictionary<string, string?>
            {
                ["Messaging__PublishTimeoutSeconds"] = "300",
            }));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // No broker at all: alive, not ready, and the intake refuses.
        await EveryStageAsync(http, "/health/live", HttpStatusCode.OK);
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.ServiceUnavailable);

        await AssertIntakeRefusesAsync(http);

        // The broker appears: ready, and a dispatch is accepted.
        _relay.Start();
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.OK);

        using (var accepted = await PostDispatchAsync(http))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // The broker goes away while they run: not ready any more (still alive), the intake refuses at once.
        await _relay.StopAsync();
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.ServiceUnavailable);
        await EveryStageAsync(http, "/health/live", HttpStatusCode.OK);

        await AssertIntakeRefusesAsync(http);

        // And back: ready again without a restart.
        _relay.Start();
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.OK);

        // Something still accepts TCP on the broker's address but no broker answers behind it (a proxy, a load
        // balancer, a port-forward in front of a stopped broker): a TCP connect succeeds, AMQP does not — not ready,
        // and the intake refuses, then ready again once the broker answers.
        var live = _relay.Target;
        await _relay.StopAsync();
        _relay.Target = new IPEndPoint(IPAddress.Loopback, RabbitMqBroker.FreePort());
        _relay.Start();
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.ServiceUnavailable);

        await AssertIntakeRefusesAsync(http);
        await _relay.StopAsync();
        _relay.Target = live;
        _relay.Start();
        await EveryStageAsync(http, "/health/ready", HttpStatusCode.OK);

        Assert.All(_workers, worker => Assert.False(worker.HasExited, worker.Transcript));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync(TimeSpan.FromSeconds(15));
            await worker.DisposeAsync();
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A worker still holds a file: the temp folder is cleaned by the system.
        }
    }

    private async Task AssertIntakeRefusesAsync(HttpClient http)
    {
        using var refused = await PostDispatchAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("does not accept connections", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostDispatchAsync(HttpClient http) =>
        http.PostAsync(new Uri(_urls["Fetcher"], "/dispatches?source=outage-test&format=text"),
            new StringContent("Headline\n\nA paragraph of text long enough to be an article body.", Encoding.UTF8, "text/plain"),
            TestContext.Current.CancellationToken);

    /// <summary>Waits until every stage answers <paramref name="path"/> with <paramref name="expected"/>.</summary>
    private async Task EveryStageAsync(HttpClient http, string path, HttpStatusCode expected)
    {
        foreach (var stage in Stages)
        {
            await WaitForStatusAsync(http, stage, path, expected);
        }
    }

    private Task WaitForStatusAsync(HttpClient http, string stage, string path, HttpStatusCode expected) =>
        WorkerHealth.WaitForStatusAsync(http, _workers[Array.IndexOf(Stages, stage)], new Uri(_urls[stage], path), expected, Ceiling, TestContext.Current.CancellationToken);
}
