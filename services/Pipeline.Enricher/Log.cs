namespace Pipeline.Enricher;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Enriched article {ArticleId}: language {Language} (detected {Detected}, declared {Declared}), {Entities} entities, {Keywords} keywords")]
    public static partial void Enriched(ILogger logger, string articleId, string language, string? detected, string? declared, int entities, int keywords);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Article {ArticleId}: declared language {Declared} but detected {Detected} with confidence {Confidence}; using the detected one")]
    public static partial void LanguageConflict(ILogger logger, string articleId, string? declared, string? detected, double confidence);
}
