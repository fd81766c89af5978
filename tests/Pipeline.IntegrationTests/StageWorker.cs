using Pipeline.Testing;

namespace Pipeline.IntegrationTests;

/// <summary>One real worker program (e.g. Pipeline.Normalizer) on a broker, started, killed and started again by a test.</summary>
public sealed class StageWorker(string stage, IReadOnlyDictionary<string, string?> environment) : IAsyncDisposable
{
    public ChildProcess? Process { get; private set; }

    public Uri Url { get; private set; } = null!;

    /// <summary>The environment a worker of <paramref name="prefix"/> on <paramref name="broker"/> runs with, plus extra settings.</summary>
    public static Dictionary<string, string?> Environment(Uri? broker, string prefix, string dataFolder, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Messaging__EndpointPrefix"] = prefix,
            ["Messaging__StatePath"] = Path.Combine(dataFolder, "in-flight"),
            ["Indexer__IndexPath"] = Path.Combine(dataFolder, "index"),
            ["Fetcher__StatePath"] = Path.Combine(dataFolder, "fetcher.db"),
            ["Enricher__Clustering__SqlitePath"] = Path.Combine(dataFolder, "clusters.db"),
        };
        if (broker is not null)
        {
            environment["Messaging__Transport"] = "RabbitMq";
            environment["Messaging__RabbitMqUri"] = broker.ToString();
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts the program and waits until <c>/health/ready</c> answers.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        Start();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process!.HasExited)
            {
                throw new InvalidOperationException($"{stage} exited during start-up.\n{Process.Transcript}");
            }

            try
            {
                using var reply = await http.GetAsync(new Uri(Url, "/health/ready"));
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

        throw new TimeoutException($"{stage} was not ready within {timeout.TotalSeconds:0} s.\n{Process!.Transcript}");
    }

    /// <summary>Starts the program without waiting (for programs expected to stop at once).</summary>
    public ChildProcess Start()
    {
        Url = new Uri($"http://127.0.0.1:{RabbitMqBroker.FreePort()}");
        var withUrl = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = Url.ToString() };
        Process = ChildProcess.StartDotnet(stage, RepositoryLayout.BuiltAssembly($"Pipeline.{stage}"), [], withUrl);
        return Process;
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a stack overflow's abort would end it: no clean-up runs.</summary>
    public async Task KillAsync()
    {
        if (Process is null)
        {
            return;
        }

        using (var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", ["-KILL", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Process.DisposeAsync();
        Process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.StopAsync(TimeSpan.FromSeconds(15));
            await Process.DisposeAsync();
        }
    }
}
