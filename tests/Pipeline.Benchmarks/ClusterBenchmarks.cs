using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Clustering;
using Pipeline.Normalizer;

namespace Pipeline.Benchmarks;

/// <summary>
/// The story-cluster step of the enricher: fingerprinting alone, and a full assignment through the
/// SQLite store (the embedded mode's), each operation a new article id of the same story.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ClusterBenchmarks
{
    private CanonicalArticle _article = null!;
    private StoryClusterer _clusterer = null!;
    private string _folder = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _article = DispatchNormalizer.CreateDefault().Normalize(BenchmarkInputs.Dispatch("dispatches/prima-notizia-24-putin-kim.md", "prima-notizia-24", "prima-notizia-24"))[0];
        _folder = Path.Combine(Path.GetTempPath(), "pipeline-cluster-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new SqliteStoryClusterStore(Path.Combine(_folder, "clusters.db"));
        _clusterer = new StoryClusterer(store, Options.Create(new ClusteringOptions()), TimeProvider.System, NullLogger<StoryClusterer>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public ulong Fingerprint() => NearDuplicates.Fingerprint(_article);

    [Benchmark]
    public async Task<string> AssignThroughSqlite() =>
        (await _clusterer.AssignAsync(_article with { ArticleId = $"copy-{Interlocked.Increment(ref _next)}" }, CancellationToken.None)).ClusterId;
}
