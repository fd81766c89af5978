using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Puts each article in its story (the same event as reported by every outlet, in any language): a copy of an
/// article seen within the window joins that article's story and names it in <see cref="StoryCluster.DuplicateOf"/>;
/// otherwise the article joins the active story whose centroid its event signature (<see cref="EventSignature"/>)
/// resembles most above the threshold, or starts a story whose id derives from the article's id. State lives in
/// the shared <see cref="IStoryClusterStore"/>, so every enricher replica agrees; assigning the same article
/// again returns the same story.
/// </summary>
public sealed class StoryClusterer
{
    private readonly IStoryClusterStore _store;
    private readonly ClusteringOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StoryClusterer> _logger;

    public StoryClusterer(IStoryClusterStore store, IOptions<ClusteringOptions> options, TimeProvider timeProvider, ILogger<StoryClusterer> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The article's story: <see cref="StoryCluster.ClusterId"/>, its own fingerprint (16 hex digits),
    /// <see cref="StoryCluster.DuplicateOf"/> when it is a near-duplicate and its similarity to what it joined
    /// (1 for the article that starts a story). Without <paramref name="enrichment"/> (no entities or key
    /// phrases) the signature holds the text's words, numbers and dates only.
    /// </summary>
    public async Task<StoryCluster> AssignAsync(CanonicalArticle article, Enrichment? enrichment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        var (fingerprint, signature) = NearDuplicates.Sketch(article);
        var now = _timeProvider.GetUtcNow();
        var sketch = new StorySketch
        {
            ArticleId = article.ArticleId,
            Fingerprint = fingerprint,
            Signature = signature,
            EventTerms = EventSignature.Build(article, enrichment),
            SeenAt = now,
        };
        var rules = new AssignmentRules
        {
            DuplicateThreshold = _options.Threshold,
            DuplicatesSince = now.AddDays(-_options.WindowDays),
            StoryThreshold = _options.StoryThreshold,
            BridgeThreshold = _options.BridgeThreshold,
            PlaceThreshold = _options.PlaceThreshold,
            BridgePlaceThreshold = _options.BridgePlaceThreshold,
            StoriesSince = now.AddHours(-_options.StoryWindowHours),
            FrequenciesSince = now.AddDays(-_options.WindowDays),
        };
        var cluster = await _store.AssignAsync(sketch, rules, cancellationToken).ConfigureAwait(false);
        Log.Assigned(_logger, article.ArticleId, cluster.ClusterId, cluster.DuplicateOf, cluster.Fingerprint, cluster.Similarity);
        return cluster;
    }

    /// <summary>The article's story from its text alone (no enrichment).</summary>
    public Task<StoryCluster> AssignAsync(CanonicalArticle article, CancellationToken cancellationToken) => AssignAsync(article, null, cancellationToken);
}
