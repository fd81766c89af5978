using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Indexer.Tests;

public sealed class IndexerStageExtensionsTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddIndexer_ConfiguredPath_OpensIndexOnStartAndSharesIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Indexer:IndexPath"] = _folder.IndexPath });
        builder.AddIndexer();
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        var index = host.Services.GetRequiredService<ArticleIndex>();

        Assert.Same(index, host.Services.GetRequiredService<IArticleSearch>());
        Assert.Equal(Path.GetFullPath(_folder.IndexPath), index.IndexPath);
        Assert.True(Directory.Exists(_folder.IndexPath));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, health.Entries["index"].Status);
        Assert.Contains("ready", health.Entries["index"].Tags);

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddIndexer_EmptyIndexPath_FailsOnStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Indexer:IndexPath"] = "" });
        builder.AddIndexer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("IndexPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexHealthCheck_ClosedIndex_IsUnhealthy()
    {
        var index = new ArticleIndex(_folder.IndexPath);
        index.Dispose();

        var result = await new IndexHealthCheck(index).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
