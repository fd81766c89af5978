
namespace Pipeline.Indexer;

/// <summary>The indexer's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Opened the article index at {IndexPath} ({Documents} documents)")]
    public static partial void IndexOpened(ILogger logger, string indexPath, int documents);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "The article index at {IndexPath} is locked by another writer")]
    public static partial void IndexLocked(ILogger logger, string indexPath, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Indexed article {ArticleId} version {Version}: {Outcome}")]
    public static partial void Upserted(ILogger logger, string articleId, int version, IndexOutcome outcome);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Kept article {ArticleId} version {StoredVersion}: received older version {Version}")]
    public static partial void OlderVersionSkipped(ILogger logger, string articleId, int version, int storedVersion);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Query syntax error ({Error}); searching the text literally")]
    public static partial void QueryRelaxed(ILogger logger, string? error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Search matched {Total} articles, returned {Returned}")]
    public static partial void Searched(ILogger logger, int total, int returned);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Closed the article index at {IndexPath}")]
    public static partial void IndexClosed(ILogger logger, string indexPath);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Indexed article {ArticleId} (dispatch {DispatchId}) version {Version}, replaced: {Replaced}")]
    public static partial void ArticleIndexed(ILogger logger, string articleId, string dispatchId, int version, bool replaced);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "No index at {IndexPath} yet; searches return nothing")]
    public static partial void NoIndexYet(ILogger logger, string indexPath);
}
