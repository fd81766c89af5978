using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Shared state of the story clusters: every enricher replica assigns through the same store, so the articles
/// of one story (and the near-duplicates of one wire item) get one id whichever replica sees them.
/// </summary>
public interface IStoryClusterStore
{
    /// <summary>Creates the store's tables and indexes when they do not exist.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically (race-free across processes): returns the article's story when it was assigned before
    /// (idempotent on <see cref="StorySketch.ArticleId"/>); else finds the most resembling article seen since
    /// <see cref="AssignmentRules.DuplicatesSince"/> whose shingle resemblance reaches
    /// <see cref="AssignmentRules.DuplicateThreshold"/> — the article is a copy of it and joins its story — or
    /// else the active story (last article since <see cref="AssignmentRules.StoriesSince"/>) whose centroid is
    /// the most similar to the article's event signature at or above the rules' threshold, or starts a story;
    /// and records the article (and updates the story's centroid and document frequencies).
    /// </summary>
    Task<StoryCluster> AssignAsync(StorySketch sketch, AssignmentRules rules, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets articles seen before <paramref name="before"/> (their band keys and sketches), stories whose last
    /// article is older, and older document frequencies: they can no longer be matched, which the windows already
    /// guarantee, and the store stops growing. Returns the number of articles removed. Idempotent; safe while
    /// other replicas assign.
    /// </summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>The thresholds and windows of one assignment.</summary>
public sealed record AssignmentRules
{
    /// <summary>Minimum estimated shingle resemblance of a near-duplicate (see <see cref="NearDuplicates.DefaultThreshold"/>).</summary>
    public double DuplicateThreshold { get; init; } = NearDuplicates.DefaultThreshold;

    /// <summary>Near-duplicates are looked for among articles seen at or after this.</summary>
    public required DateTimeOffset DuplicatesSince { get; init; }

    /// <summary>Minimum cosine of the event signature and a story's centroid to join the story (same language terms compared).</summary>
    public double StoryThreshold { get; init; } = ClusteringOptions.DefaultStoryThreshold;

    /// <summary>Minimum cosine over language-independent terms only (entities, numbers, dates), for a story so far told in other languages.</summary>
    public double BridgeThreshold { get; init; } = ClusteringOptions.DefaultBridgeThreshold;

    /// <summary>Minimum cosine to join a story that shares a place finer than a country with the article (below <see cref="StoryThreshold"/>).</summary>
    public double PlaceThreshold { get; init; } = ClusteringOptions.DefaultPlaceThreshold;

    /// <summary>The same for a story so far told in other languages (below <see cref="BridgeThreshold"/>).</summary>
    public double BridgePlaceThreshold { get; init; } = ClusteringOptions.DefaultBridgePlaceThreshold;

    /// <summary>Stories whose last article was seen at or after this are active (candidates).</summary>
    public required DateTimeOffset StoriesSince { get; init; }

    /// <summary>Document frequencies are counted over articles seen since this.</summary>
    public required DateTimeOffset FrequenciesSince { get; init; }
}
