using System.Globalization;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The four real worker programs (Pipeline.Fetcher, Pipeline.Normalizer, Pipeline.Enricher,
/// Pipeline.Indexer) running against the real broker in their own virtual host and endpoint prefix,
/// each with its own HTTP port — two enricher replicas sharing their story clusters in PostgreSQL — and the real <c>pipeline</c> CLI to talk to them.
/// Every program exports its spans over OTLP to an in-test receiver (<see cref="Telemetry"/>). Started once for the
/// test classes of <see cref="SharedDistributedPipeline"/>, on first use.
/// </summary>
public sealed class DistributedPipeline : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(90);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private PipelineWorkers? _workers;

    public Uri BrokerUri { get; private set; } = null!;

    public string Prefix { get; } = RabbitMqBroker.NewPrefix();

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "pipeline-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public string IndexFolder => Path.Combine(DataFolder, "index");

    public IReadOnlyList<ChildProcess> Workers => _workers?.Processes ?? [];

    /// <summary>The OTLP receiver every worker and CLI run exports its telemetry to.</summary>
    public OtlpReceiver Telemetry { get; private set; } = null!;

    /// <summary>The feed the fetcher polls (source id <see cref="PolledSourceId"/>), served on loopback.</summary>
    public LoopbackFeedServer FeedServer { get; private set; } = null!;

    public const string PolledSourceId = "polled-world-wire";

    /// <summary>The HTTP base address of a stage's worker ("Fetcher", "Indexer", …).</summary>
    public Uri Url(string stage) => _workers!.Url(stage);

    /// <summary>Starts the workers on the broker; the enricher keeps its story clusters in PostgreSQL, as in production.</summary>
    public async Task EnsureStartedAsync(RabbitMqBroker broker, PostgresServer postgres)
    {
        await _gate.WaitAsync();
        try
        {
            if (_workers is not null)
            {
                return;
            }

            BrokerUri = await broker.CreateVirtualHostAsync();
            var clusters = await postgres.CreateDatabaseAsync();
            Directory.CreateDirectory(DataFolder);
            Telemetry = await OtlpReceiver.StartAsync();
            FeedServer = await LoopbackFeedServer.StartAsync(await File.ReadAllBytesAsync(Samples.PathOf("news/world-wire.rss.xml")), "application/rss+xml; charset=utf-8");
            _workers = await PipelineWorkers.StartAsync(BrokerUri, Prefix, DataFolder, new Dictionary<string, string?>(Telemetry.Environment)
            {
                ["Fetcher__AllowPrivateNetworks"] = "true",
                ["Fetcher__Feeds__0__SourceId"] = PolledSourceId,
                ["Fetcher__Feeds__0__Name"] = "World Wire (polled)",
                ["Fetcher__Feeds__0__Url"] = FeedServer.FeedUrl.ToString(),
                ["Fetcher__Feeds__0__IntervalSeconds"] = "1",
                ["Fetcher__MinHostSpacingMilliseconds"] = "0",
                ["Fetcher__UnconditionalRefetchEvery"] = "0",
                ["Enricher__Clustering__Store"] = "postgres",
                ["Enricher__Clustering__PostgresConnectionString"] = clusters,
            }, StartTimeout, enricherReplicas: 2);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <c>pipeline …</c> against this pipeline's broker and prefix and waits for it to end.</summary>
    public async Task<(int ExitCode, ChildProcess Process)> RunCliAsync(params string[] args)
    {
        var cli = StartCli(args);
        var code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (code, cli);
    }

    /// <summary>Starts <c>pipeline …</c> with this pipeline's broker and prefix in its environment.</summary>
    public ChildProcess StartCli(params string[] args) =>
        ChildProcess.StartDotnet("pipeline " + string.Join(' ', args), RepositoryLayout.BuiltAssembly("Pipeline.Cli", "pipeline"), args, new Dictionary<string, string?>(Telemetry.Environment)
        {
            ["Messaging__RabbitMqUri"] = BrokerUri.ToString(),
            ["Messaging__EndpointPrefix"] = Prefix,
        });

    /// <summary>Starts <c>pipeline subscribe --event …</c> and waits until its queue is bound.</summary>
    public async Task<Subscriber> SubscribeAsync(string eventName)
    {
        var process = StartCli("subscribe", "--event", eventName);
        await process.WaitForAsync(line => line.StartsWith("Subscribed to", StringComparison.Ordinal), StartTimeout);
        return new Subscriber(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (_workers is not null)
        {
            await _workers.DisposeAsync();
        }

        if (FeedServer is not null)
        {
            await FeedServer.DisposeAsync();
        }

        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; the OS cleans it eventually.
        }

        _gate.Dispose();
    }
}

/// <summary>The test classes that share one <see cref="DistributedPipeline"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedDistributedPipeline : ICollectionFixture<DistributedPipeline>
{
    public const string Name = "distributed pipeline";
}

/// <summary>A running <c>pipeline subscribe</c>: its JSON lines, read as they come.</summary>
public sealed class Subscriber(ChildProcess process) : IAsyncDisposable
{
    private readonly List<JsonElement> _seen = [];

    public ChildProcess Process { get; } = process;

    /// <summary>Reads events until one satisfies the predicate (events read on the way are kept for later calls).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        if (_seen.FirstOrDefault(predicate) is { ValueKind: not JsonValueKind.Undefined } earlier)
        {
            _seen.Remove(earlier);
            return earlier;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching event within {timeout.TotalSeconds:0} s.\n{Process.Transcript}");
            }

            var line = await Process.ReadLineAsync(left);
            using var document = JsonDocument.Parse(line);
            var element = document.RootElement.Clone();
            if (predicate(element))
            {
                return element;
            }

            _seen.Add(element);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
    }
}

/// <summary>Reading event JSON in assertions.</summary>
public static class Json
{
    public static string? Str(this JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString();
    }

    public static JsonElement Get(this JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            e = e.GetProperty(name);
        }

        return e;
    }

    public static IEnumerable<string> Strings(this JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(x => property is null ? x.GetString()! : x.GetProperty(property).GetString()!);

    public static string Invariant(this int value) => value.ToString(CultureInfo.InvariantCulture);
}
