using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// Base of the tests that talk to the real indexer host (<see cref="IndexerHost"/>) over HTTP on a loopback port, with
/// an in-memory bus and a temporary index: one way to boot it, seeded by each test class.
/// </summary>
public abstract class LoopbackIndexerTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    private protected TempIndexFolder Folder { get; } = new();

    protected WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>Configuration arguments beyond the loopback URL, the index folder and the log level.</summary>
    protected virtual IEnumerable<string> Arguments => [];

    /// <summary>Writes the articles the test class searches.</summary>
    protected virtual void Seed(ArticleIndex index)
    {
    }

    public async ValueTask InitializeAsync()
    {
        _app = IndexerHost.Build(["--urls", "http://127.0.0.1:0", "--Indexer:IndexPath", Folder.IndexPath, "--Logging:LogLevel:Default", "Warning", .. Arguments]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        Seed(_app.Services.GetRequiredService<ArticleIndex>());
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
