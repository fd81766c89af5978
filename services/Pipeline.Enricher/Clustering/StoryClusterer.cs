using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Puts each article in the story cluster of its closest near-duplicate seen within the window, or in a
/// new cluster whose id derives from the article's id. State lives in the shared <see cref="IStoryClusterStore"/>,
/// so every enricher replica agrees; assigning the same article again returns the same cluster.
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
    /// The article's cluster: <see cref="StoryCluster.ClusterId"/>, its own fingerprint (16 hex digits) and its
    /// estimated resemblance to the cluster's first article (1 for the first article itself).
    /// </summary>
    public async Task<StoryCluster> AssignAsync(CanonicalArticle article, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        var (fingerprint, signature) = NearDuplicates.Sketch(article);
        var now = _timeProvider.GetUtcNow();
        var sketch = new StorySketch { ArticleId = article.ArticleId, Fingerprint = fingerprint, Signature = signature, SeenAt = now };
        var cluster = await _store.AssignAsync(sketch, _options.Threshold, now.AddDays(-_options.WindowDays), cancellationToken).ConfigureAwait(false);
        Log.Assigned(_logger, article.ArticleId, cluster.ClusterId, cluster.Fingerprint, cluster.Similarity);
        return cluster;
    }
}
