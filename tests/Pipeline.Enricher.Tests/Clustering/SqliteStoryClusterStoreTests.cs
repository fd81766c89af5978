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

    [Fact]
    public async Task AssignAsync_StoryRepublishedManyTimes_StaysOneCluster_AndIndexesOnlyItsFirstMembers()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());

        var clusters = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            clusters.Add((await clusterer.AssignAsync(Variant(QuakeStory, $"outlet{i}", i), ct)).ClusterId);
        }

        Assert.Single(clusters.Distinct(StringComparer.Ordinal));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "clusters.db")}");
        await connection.OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(DISTINCT article_id) FROM story_bands;";
        Assert.Equal(StoryClusterRules.MaxIndexedMembers, (long)(await count.ExecuteScalarAsync(ct))!);
        count.CommandText = "SELECT COUNT(*) FROM story_articles;";
        Assert.Equal(20L, (long)(await count.ExecuteScalarAsync(ct))!);

        // The story's centroid and its indexed terms stay bounded however many articles join.
        count.CommandText = "SELECT COUNT(DISTINCT event_id) || '/' || COUNT(*) FROM story_members;";
        Assert.Equal("1/20", (string)(await count.ExecuteScalarAsync(ct))!);
        count.CommandText = "SELECT COUNT(*) FROM story_event_terms;";
        Assert.InRange((long)(await count.ExecuteScalarAsync(ct))!, 1L, StoryVectors.IndexedTerms);
        count.CommandText = "SELECT members, length(centroid) FROM story_events;";
        await using var reader = await count.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(1L, reader.GetInt64(0)); // Copies are members of the story without rewriting its centroid.
        Assert.InRange(reader.GetInt64(1), 1L, StoryVectors.CentroidTerms * 15L);
        Assert.False(await reader.ReadAsync(ct));
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
