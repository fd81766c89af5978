using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Enricher.Clustering;

namespace Pipeline.Enricher.Tests.Clustering;

public sealed class ClusteringExtensionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pipeline-clustering-di-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AddStoryClustering_Defaults_RegistersSqliteStoreAndClustererAsSingletons()
    {
        using var host = Build(new() { ["Enricher:Clustering:SqlitePath"] = Path.Combine(_folder, "clusters.db") });

        var options = host.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value;
        Assert.Equal(ClusteringOptions.SqliteStore, options.Store);
        Assert.Equal(NearDuplicates.DefaultThreshold, options.Threshold);
        Assert.Equal(7, options.WindowDays);
        Assert.IsType<SqliteStoryClusterStore>(host.Services.GetRequiredService<IStoryClusterStore>());
        Assert.Same(host.Services.GetRequiredService<StoryClusterer>(), host.Services.GetRequiredService<StoryClusterer>());
        Assert.Same(host.Services.GetRequiredService<IStoryClusterStore>(), host.Services.GetRequiredService<IStoryClusterStore>());
    }

    [Fact]
    public void AddStoryClustering_PostgresWithConnectionString_RegistersPostgresStore()
    {
        using var host = Build(new()
        {
            ["Enricher:Clustering:Store"] = "postgres",
            ["Enricher:Clustering:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Database=y",
        });

        Assert.IsType<PostgresStoryClusterStore>(host.Services.GetRequiredService<IStoryClusterStore>());
    }

    [Theory]
    [InlineData("postgres", null, "0.2", "PostgresConnectionString")]
    [InlineData("mysql", null, "0.2", "Store")]
    [InlineData("sqlite", null, "1.5", "Threshold")]
    public void AddStoryClustering_InvalidSettings_FailValidation(string store, string? connectionString, string threshold, string offending)
    {
        using var host = Build(new()
        {
            ["Enricher:Clustering:Store"] = store,
            ["Enricher:Clustering:PostgresConnectionString"] = connectionString,
            ["Enricher:Clustering:Threshold"] = threshold,
            ["Enricher:Clustering:SqlitePath"] = Path.Combine(_folder, "clusters.db"),
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value);
        Assert.Contains(offending, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddStoryClustering_HostStart_CreatesTheSqliteSchema()
    {
        var path = Path.Combine(_folder, "start", "clusters.db");
        using var host = Build(new() { ["Enricher:Clustering:SqlitePath"] = path });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddStoryClustering();
        return builder.Build();
    }
}
