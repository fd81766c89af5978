using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Testing;

// Usage: dotnet run -c Release --project tests/Pipeline.LoadHarness -- [articles=1000] [items-per-dispatch=10] [timeout-seconds=600]
// Talks only to loopback; stops by itself after the articles are indexed or the timeout passes.
var articles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var perDispatch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var timeout = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600);
var dispatches = (articles + perDispatch - 1) / perDispatch;

await using var broker = await RabbitMqBroker.StartAsync();
var uri = await broker.CreateVirtualHostAsync();
var prefix = RabbitMqBroker.NewPrefix();
var data = Path.Combine(Path.GetTempPath(), "pipeline-load-" + prefix);
Console.Error.WriteLine($"broker: {broker.Description}; starting the four workers …");
await using var workers = await PipelineWorkers.StartAsync(uri, prefix, data, new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Warning" }, TimeSpan.FromSeconds(120));

var published = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
var latencies = new ConcurrentBag<double>();
var indexed = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Messaging:Transport"] = "RabbitMq",
    ["Messaging:RabbitMqUri"] = uri.ToString(),
    ["Messaging:EndpointPrefix"] = prefix,
    ["Messaging:PrefetchCount"] = "64",
});
builder.Logging.AddFilter(_ => false);
builder.Services.AddSingleton(new Observer(published, latencies, indexed, articles, done));
builder.AddPipelineMessaging(bus => bus.AddConsumer<IndexedConsumer>());
using var host = builder.Build();
await host.StartAsync();
var bus = host.Services.GetRequiredService<IBus>();

var corpus = LoadCorpus.Load();
var memory = new MemorySampler(workers);
var sampling = memory.RunAsync(done.Task);
var clock = Stopwatch.StartNew();
using var gate = new SemaphoreSlim(32);
var tasks = new List<Task>();
for (var d = 0; d < dispatches; d++)
{
    var dispatch = LoadDispatches.Dispatch(corpus, d, Math.Min(perDispatch, articles - (d * perDispatch)), perDispatch);
    await gate.WaitAsync();
    published[dispatch.DispatchId] = Stopwatch.GetTimestamp();
    tasks.Add(bus.Publish(dispatch).ContinueWith(_ => gate.Release(), TaskScheduler.Default));
}

await Task.WhenAll(tasks);
var publishSeconds = clock.Elapsed.TotalSeconds;
var finished = await Task.WhenAny(done.Task, Task.Delay(timeout)) == done.Task;
var seconds = clock.Elapsed.TotalSeconds;
await sampling;
await host.StopAsync();

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"| articles | dispatches | items/dispatch | published in | all indexed in | throughput | latency p50 / p95 / p99 |");
report.AppendLine("|---|---|---|---|---|---|---|");
report.AppendLine(CultureInfo.InvariantCulture, $"| {indexed.Count}/{articles} | {dispatches} | {perDispatch} | {publishSeconds:0.0} s | {seconds:0.0} s | {indexed.Count / seconds:0} articles/s | {Percentile(0.5):0.00} / {Percentile(0.95):0.00} / {Percentile(0.99):0.00} s |");
report.AppendLine();
report.AppendLine("| worker | peak resident memory (VmHWM) | resident at the end (VmRSS) | CPU time (user + system, whole run) |");
report.AppendLine("|---|---|---|---|");
foreach (var (stage, peak, last, cpu) in memory.Report())
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {peak / 1024.0:0} MB | {last / 1024.0:0} MB | {cpu:0.0} s |");
}

Console.WriteLine(report.ToString());
try
{
    Directory.Delete(data, recursive: true);
}
catch (IOException)
{
    // Temp data; left to the OS.
}

return finished ? 0 : 1;

/// <summary>Counts indexed articles and measures publish-to-indexed latency per article.</summary>
internal sealed record Observer(ConcurrentDictionary<string, long> Published, ConcurrentBag<double> Latencies, ConcurrentDictionary<string, byte> Indexed, int Expected, TaskCompletionSource Done);

internal sealed class IndexedConsumer(Observer observer) : IConsumer<ArticleIndexed>
{
    public Task Consume(ConsumeContext<ArticleIndexed> context)
    {
        if (observer.Indexed.TryAdd(context.Message.ArticleId, 0) && observer.Published.TryGetValue(context.Message.DispatchId, out var start))
        {
            observer.Latencies.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (observer.Indexed.Count >= observer.Expected)
            {
                observer.Done.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Load documents as DispatchReceived events, published straight on the bus.</summary>
internal static class LoadDispatches
{
    public static DispatchReceived Dispatch(LoadCorpus corpus, int number, int items, int perDispatch) => new()
    {
        DispatchId = Guid.NewGuid().ToString("N"),
        Source = new SourceRef { Id = "load-harness" },
        Origin = new DispatchOrigin { Kind = OriginKinds.File, Location = "load-harness" },
        ReceivedAt = DateTimeOffset.UtcNow,
        Payload = corpus.Rss("load", number * perDispatch, items),
        FormatHint = DispatchFormats.Rss,
        ContentType = "application/rss+xml",
    };
}

/// <summary>Samples each worker's resident memory from /proc while the load runs.</summary>
internal sealed class MemorySampler(PipelineWorkers workers)
{
    private readonly Dictionary<string, (long Peak, long Last)> _samples = PipelineWorkers.Stages.ToDictionary(s => s, _ => (0L, 0L), StringComparer.Ordinal);
    private readonly Dictionary<string, double> _cpu = PipelineWorkers.Stages.ToDictionary(s => s, _ => 0.0, StringComparer.Ordinal);

    public async Task RunAsync(Task until)
    {
        while (true)
        {
            Sample();
            if (await Task.WhenAny(until, Task.Delay(250)) == until)
            {
                Sample();
                return;
            }
        }
    }

    public IEnumerable<(string Stage, long PeakKb, long LastKb, double CpuSeconds)> Report() => _samples.Select(s => (s.Key, s.Value.Peak, s.Value.Last, _cpu[s.Key]));

    private void Sample()
    {
        foreach (var stage in PipelineWorkers.Stages)
        {
            var status = $"/proc/{workers.Process(stage).Id}/status";
            if (!File.Exists(status))
            {
                continue;
            }

            var lines = File.ReadAllLines(status);
            long Read(string key) => lines.Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
            _samples[stage] = (Math.Max(_samples[stage].Peak, Read("VmHWM:")), Read("VmRSS:"));

            // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
            var stat = File.ReadAllText($"/proc/{workers.Process(stage).Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            _cpu[stage] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }
}
