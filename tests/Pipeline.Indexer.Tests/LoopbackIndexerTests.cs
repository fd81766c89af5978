using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// Base of the tests that talk to the indexer's own <c>Program.cs</c> over HTTP (Kestrel on a loopback port), with
/// an in-memory bus and a temporary index: one way to boot it, seeded by each test class.
/// </summary>
public abstract class LoopbackIndexerTests : IAsyncLifetime
{
    private IndexerApplication? _application;
    private HttpClient? _client;

    private protected TempIndexFolder Folder { get; } = new();

    /// <summary>The running application's services.</summary>
    protected IServiceProvider Services => _application?.Services ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>Configuration beyond the index folder and the log level (<c>Indexer:Auth:PublicSearch</c> → <c>false</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Writes the articles the test class searches.</summary>
    protected virtual void Seed(ArticleIndex index)
    {
    }

    public ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>(Settings)
        {
            ["Indexer:IndexPath"] = Folder.IndexPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _application = new IndexerApplication(settings);
        _application.UseKestrel(0);
        _application.StartServer();
        var address = _application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address.Replace("//[::]", "//127.0.0.1", StringComparison.Ordinal).Replace("//localhost", "//127.0.0.1", StringComparison.Ordinal)) };
        Seed(_application.Services.GetRequiredService<ArticleIndex>());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_application is not null)
        {
            await _application.DisposeAsync();
        }

        Folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class IndexerApplication(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
