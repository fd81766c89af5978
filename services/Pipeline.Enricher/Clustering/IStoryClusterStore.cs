using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Shared state of the story clusters: every enricher replica assigns through the same store, so
/// near-duplicates get one cluster id whichever replica sees them.
/// </summary>
public interface IStoryClusterStore
{
    /// <summary>Creates the store's tables and indexes when they do not exist.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically (race-free across processes): returns the article's cluster when it was assigned before
    /// (idempotent on <see cref="StorySketch.ArticleId"/>); else finds the most resembling article seen at or
    /// after <paramref name="notBefore"/> whose resemblance is at least <paramref name="threshold"/> and joins
    /// its cluster, or starts a new cluster; and records the article.
    /// </summary>
    Task<StoryCluster> AssignAsync(StorySketch sketch, double threshold, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets articles seen before <paramref name="before"/> (their band keys and sketches): they can no
    /// longer be matched, which the window already guarantees, and the store stops growing. Returns the
    /// number of articles removed. Idempotent; safe while other replicas assign.
    /// </summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
