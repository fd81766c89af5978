using Pipeline.Enricher.Clustering;

namespace Pipeline.Enricher.Tests.Clustering;

/// <summary>The store contract on a SQLite file, each store object on its own pooled connections.</summary>
public sealed class SqliteStoryClusterStoreTests : StoryClusterStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pipeline-clusters-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteStoryClusterStore> _stores = [];

    [Fact]
    public async Task InitializeAsync_MissingFolder_CreatesTheFileAndSchema()
    {
        var path = Path.Combine(_folder, "nested", "clusters.db");
        using var store = new SqliteStoryClusterStore(path);

        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path));
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override Task<IStoryClusterStore> CreateStoreAsync()
    {
        var store = new SqliteStoryClusterStore(Path.Combine(_folder, "clusters.db"), commandTimeoutSeconds: 30);
        _stores.Add(store);
        return Task.FromResult<IStoryClusterStore>(store);
    }
}
