using System.Globalization;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The four real worker programs (Pipeline.Fetcher, Pipeline.Normalizer, Pipeline.Enricher,
/// Pipeline.Indexer) running against the real broker in their own virtual host and endpoint prefix,
/// each with its own HTTP port, and the real <c>pipeline</c> CLI to talk to them. Started once per
/// test class, on first use.
/// </summary>
public sealed class DistributedPipeline : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Stages = ["Fetcher", "Normalizer", "Enricher", "Indexer"];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ChildProcess> _workers = [];
    private readonly Dictionary<string, Uri> _urls = new(StringComparer.Ordinal);
    private bool _started;

    public Uri BrokerUri { get; private set; } = null!;

    public string Prefix { get; } = RabbitMqBroker.NewPrefix();

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "pipeline-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public string IndexFolder => Path.Combine(DataFolder, "index");

    public IReadOnlyList<ChildProcess> Workers => _workers;

    /// <summary>The feed the fetcher polls (source id <see cref="PolledSourceId"/>), served on loopback.</summary>
    public LoopbackFeedServer FeedServer { get; private set; } = null!;

    public const string PolledSourceId = "polled-world-wire";

    /// <summary>The HTTP base address of a stage's worker ("Fetcher", "Indexer", …).</summary>
    public Uri Url(string stage) => _urls[stage];

    public async Task EnsureStartedAsync(RabbitMqBroker broker)
    {
        await _gate.WaitAsync();
        try
        {
            if (_started)
            {
                return;
            }

            BrokerUri = await broker.CreateVirtualHostAsync();
            Directory.CreateDirectory(DataFolder);
            FeedServer = await LoopbackFeedServer.StartAsync(await File.ReadAllBytesAsync(Samples.PathOf("news/world-wire.rss.xml")), "application/rss+xml; charset=utf-8");
            foreach (var stage in Stages)
            {
                var port = RabbitMqBroker.FreePort();
                var url = new Uri($"http://127.0.0.1:{port}");
                _urls[stage] = url;
                _workers.Add(ChildProcess.StartDotnet(stage, RepositoryLayout.BuiltAssembly($"Pipeline.{stage}"), [], new Dictionary<string, string?>
                {
                    ["ASPNETCORE_URLS"] = url.ToString(),
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Messaging__Transport"] = "RabbitMq",
                    ["Messaging__RabbitMqUri"] = BrokerUri.ToString(),
                    ["Messaging__EndpointPrefix"] = Prefix,
                    ["Indexer__IndexPath"] = IndexFolder,
                    ["Fetcher__StatePath"] = Path.Combine(DataFolder, "fetcher.db"),
                    ["Fetcher__AllowPrivateNetworks"] = "true",
                    ["Fetcher__Feeds__0__Id"] = PolledSourceId,
                    ["Fetcher__Feeds__0__Name"] = "World Wire (polled)",
                    ["Fetcher__Feeds__0__Url"] = FeedServer.FeedUrl.ToString(),
                    ["Fetcher__Feeds__0__IntervalSeconds"] = "1",
                    ["Fetcher__MinHostSpacingMilliseconds"] = "0",
                    ["Fetcher__UnconditionalRefetchEvery"] = "0",
                }));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var (stage, url) in _urls)
            {
                await WaitUntilReadyAsync(http, stage, url);
            }

            _started = true;
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
        ChildProcess.StartDotnet("pipeline " + string.Join(' ', args), RepositoryLayout.BuiltAssembly("Pipeline.Cli", "pipeline"), args, new Dictionary<string, string?>
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
        foreach (var worker in _workers)
        {
            await worker.StopAsync(TimeSpan.FromSeconds(15));
            await worker.DisposeAsync();
        }

        if (FeedServer is not null)
        {
            await FeedServer.DisposeAsync();
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

    private async Task WaitUntilReadyAsync(HttpClient http, string stage, Uri url)
    {
        var worker = _workers[Array.IndexOf(Stages, stage)];
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"{stage} exited during start-up.\n{worker.Transcript}");
            }

            try
            {
                using var reply = await http.GetAsync(new Uri(url, "/health/ready"));
                if (reply.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{stage} was not ready within {StartTimeout.TotalSeconds:0} s.\n{worker.Transcript}");
    }
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
