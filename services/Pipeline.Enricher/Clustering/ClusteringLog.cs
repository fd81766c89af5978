namespace Pipeline.Enricher.Clustering;

/// <summary>Log messages of the story clustering (event ids 3100–3199).</summary>
internal static partial class ClusteringLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Article {ArticleId} is in story cluster {ClusterId} (fingerprint {Fingerprint}, similarity {Similarity})")]
    public static partial void Assigned(ILogger logger, string articleId, string clusterId, string? fingerprint, double similarity);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Story clusters are kept in {Store} ({Location})")]
    public static partial void StoreReady(ILogger logger, string store, string location);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Removed {Removed} articles seen before {Before} from the story-cluster store")]
    public static partial void Pruned(ILogger logger, int removed, DateTimeOffset before);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Pruning the story-cluster store failed; it is tried again at the next interval")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
