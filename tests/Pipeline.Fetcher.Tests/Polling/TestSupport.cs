using System.Collections.Concurrent;
using Pipeline.Contracts.Dispatches;
using Pipeline.Fetcher.Dispatches;

namespace Pipeline.Fetcher.Tests.Polling;

/// <summary>Hands out clients over one handler, as IHttpClientFactory does.</summary>
internal sealed class SingleHandlerClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
}

/// <summary>Records published dispatches; can be told to fail like a bus that is down.</summary>
internal sealed class RecordingPublisher : IDispatchPublisher
{
    public ConcurrentQueue<DispatchReceived> Published { get; } = new();

    public bool Fail { get; set; }

    public Task PublishAsync(DispatchReceived dispatch, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new TimeoutException("The bus did not accept the message in time.");
        }

        Published.Enqueue(dispatch);
        return Task.CompletedTask;
    }

    public ConcurrentQueue<DispatchRejected> Rejected { get; } = new();

    public Task PublishRejectedAsync(DispatchRejected rejected, CancellationToken cancellationToken)
    {
        Rejected.Enqueue(rejected);
        return Task.CompletedTask;
    }
}

/// <summary>A SQLite state file in the temp folder, deleted afterwards.</summary>
internal sealed class TempStatePath : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-fetcher-tests", Guid.NewGuid().ToString("N"), "fetcher.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
