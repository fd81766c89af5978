using Pipeline.Enricher.Clustering;
using Pipeline.Testing;

namespace Pipeline.Enricher.Tests.Clustering;

/// <summary>A real PostgreSQL (PIPELINE_TEST_POSTGRES, else a private cluster) for the clustering tests.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The store contract on a real PostgreSQL; every test gets a fresh database.</summary>
public sealed class PostgresStoryClusterStoreTests(PostgresFixture postgres) : StoryClusterStoreContract, IClassFixture<PostgresFixture>, IAsyncDisposable
{
    private readonly List<PostgresStoryClusterStore> _stores = [];
    private string? _connectionString;

    [Fact]
    public async Task InitializeAsync_TwoStoresAtOnce_CreateTheSchemaOnce()
    {
        var first = (PostgresStoryClusterStore)await CreateStoreAsync();
        var second = (PostgresStoryClusterStore)await CreateStoreAsync();

        await Task.WhenAll(
            first.InitializeAsync(TestContext.Current.CancellationToken),
            second.InitializeAsync(TestContext.Current.CancellationToken));

        var cluster = await second.AssignAsync(
            new StorySketch { ArticleId = "a", Fingerprint = 1, Signature = new uint[NearDuplicates.SignatureLength], SeenAt = Time.GetUtcNow() },
            new AssignmentRules { DuplicatesSince = Time.GetUtcNow().AddDays(-7), StoriesSince = Time.GetUtcNow().AddDays(-3), FrequenciesSince = Time.GetUtcNow().AddDays(-7) },
            TestContext.Current.CancellationToken);
        Assert.Equal(StoryClusterRules.ClusterIdFor("a"), cluster.ClusterId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IStoryClusterStore> CreateStoreAsync()
    {
        _connectionString ??= await postgres.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var store = new PostgresStoryClusterStore(_connectionString, commandTimeoutSeconds: 30);
        _stores.Add(store);
        return store;
    }
}
