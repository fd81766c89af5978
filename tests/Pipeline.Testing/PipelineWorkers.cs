using System.Net;

namespace Pipeline.Testing;

/// <summary>
/// The four real worker programs (Pipeline.Fetcher, Pipeline.Normalizer, Pipeline.Enricher,
/// Pipeline.Indexer) as child processes on a broker, each on its own loopback HTTP port, started and
/// waited for until <c>/health/ready</c> answers (the consumer stages first, then the fetcher); optionally more enricher replicas competing for the
/// same queue. Used by the end-to-end tests and the load harness.
/// </summary>
public sealed class PipelineWorkers : IAsyncDisposable
{
    public static readonly string[] Stages = ["Fetcher", "Normalizer", "Enricher", "Indexer"];

    private readonly List<ChildProcess> _workers = [];
    private readonly Dictionary<string, Uri> _urls = new(StringComparer.Ordinal);
    private readonly Uri _broker;
    private readonly string _prefix;
    private readonly string _dataFolder;
    private readonly IReadOnlyDictionary<string, string?>? _extra;

    private PipelineWorkers(Uri broker, string prefix, string dataFolder, IReadOnlyDictionary<string, string?>? extra)
    {
        _broker = broker;
        _prefix = prefix;
        _dataFolder = dataFolder;
        _extra = extra;
    }

    public IReadOnlyList<ChildProcess> Processes => _workers;

    /// <summary>The HTTP base address of a stage's worker ("Fetcher", "Indexer", …).</summary>
    public Uri Url(string stage) => _urls[stage];

    /// <summary>The worker process of a stage ("Enricher#2" for a second enricher replica).</summary>
    public ChildProcess Process(string stage) => _workers.Single(w => w.Name == stage);

    /// <summary>
    /// Starts the workers on <paramref name="broker"/> with <paramref name="prefix"/>, their state under
    /// <paramref name="dataFolder"/>, plus any extra settings (environment variables, <c>Section__Key</c>).
    /// </summary>
    public static async Task<PipelineWorkers> StartAsync(Uri broker, string prefix, string dataFolder, IReadOnlyDictionary<string, string?>? extra, TimeSpan timeout, int enricherReplicas = 1)
    {
        var workers = new PipelineWorkers(broker, prefix, dataFolder, extra);
        try
        {
            // The consuming stages first, the fetcher once they are ready: on a fresh virtual host a stage's queue exists
            // only once its worker has started, and the broker drops what is published before (the fetcher polls its
            // feeds from its first second). In a deployment the durable queues are there from the first start on.
            var stages = Stages.Concat(Enumerable.Range(2, enricherReplicas - 1).Select(n => $"Enricher#{n}")).ToList();
            foreach (var wave in new[] { stages.Where(s => s != "Fetcher").ToList(), ["Fetcher"] })
            {
                foreach (var stage in wave)
                {
                    var url = new Uri($"http://127.0.0.1:{RabbitMqBroker.FreePort()}");
                    workers._urls[stage] = url;
                    workers._workers.Add(StartWorker(stage, url, broker, prefix, dataFolder, extra));
                }

                foreach (var stage in wave)
                {
                    await workers.WaitUntilReadyAsync(stage, timeout);
                }
            }

            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts one worker program ("Fetcher", "Enricher#2", …) listening on <paramref name="url"/>, without waiting
    /// for it: the environment every worker of these tests gets, plus <paramref name="extra"/>.
    /// </summary>
    public static ChildProcess StartWorker(string stage, Uri url, Uri broker, string prefix, string dataFolder, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMqUri"] = broker.ToString(),
            ["Messaging__EndpointPrefix"] = prefix,
            ["Indexer__IndexPath"] = Path.Combine(dataFolder, "index"),
            ["Fetcher__StatePath"] = Path.Combine(dataFolder, "fetcher.db"),
            ["Enricher__Clustering__SqlitePath"] = Path.Combine(dataFolder, "clusters.db"),
            ["OTEL_SERVICE_NAME"] = "pipeline-" + stage.Split('#')[0].ToLowerInvariant(),   // as the manifests name them
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return ChildProcess.StartDotnet(stage, RepositoryLayout.BuiltAssembly($"Pipeline.{stage.Split('#')[0]}"), [], environment);
    }

    /// <summary>Waits until a stage's <c>/health/ready</c> answers 200 (the broker connected, every endpoint consuming).</summary>
    public async Task WaitUntilReadyAsync(string stage, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await WorkerHealth.WaitForStatusAsync(http, Process(stage), new Uri(Url(stage), "/health/ready"), HttpStatusCode.OK, timeout);
    }

    /// <summary>
    /// Starts a stage's worker program again, on the same port with the same settings, in place of one that ended (killed,
    /// stopped, crashed) — as Kubernetes restarts a container — without waiting for it (see <see cref="WaitUntilReadyAsync"/>).
    /// </summary>
    public async Task<ChildProcess> RestartAsync(string stage)
    {
        var old = Process(stage);
        if (!old.HasExited)
        {
            throw new InvalidOperationException($"{stage} is still running; kill or stop it first.");
        }

        var index = _workers.IndexOf(old);
        await old.DisposeAsync();
        var worker = StartWorker(stage, Url(stage), _broker, _prefix, _dataFolder, _extra);
        _workers[index] = worker;
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync(TimeSpan.FromSeconds(15));
            await worker.DisposeAsync();
        }
    }
}
