namespace Pipeline.Enricher;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Enriched article {ArticleId}: language {Language} (detected {Detected}, declared {Declared}), {Entities} entities, {Keywords} keywords")]
    public static partial void Enriched(ILogger logger, string articleId, string language, string? detected, string? declared, int entities, int keywords);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Article {ArticleId}: declared language {Declared} but detected {Detected} with confidence {Confidence}; using the detected one")]
    public static partial void LanguageConflict(ILogger logger, string articleId, string? declared, string? detected, double confidence);

    // Story clustering (3100–3199).
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Article {ArticleId} is in story {ClusterId} (near-duplicate of {DuplicateOf}; fingerprint {Fingerprint}, similarity {Similarity})")]
    public static partial void Assigned(ILogger logger, string articleId, string clusterId, string? duplicateOf, string? fingerprint, double similarity);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Story clusters are kept in {Store} ({Location})")]
    public static partial void StoreReady(ILogger logger, string store, string location);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Removed {Removed} articles seen before {Before} from the story-cluster store")]
    public static partial void Pruned(ILogger logger, int removed, DateTimeOffset before);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Pruning the story-cluster store failed; it is tried again at the next interval")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
