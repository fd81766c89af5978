namespace Pipeline.Normalizer;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Normalized dispatch {DispatchId} ({Format}) into {ArticleCount} article(s)")]
    public static partial void Normalized(ILogger logger, string dispatchId, string format, int articleCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected dispatch {DispatchId} from source {SourceId}: {ReasonCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, string dispatchId, string sourceId, string reasonCode, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dispatch {DispatchId} needed repairs: {WarningCodes}")]
    public static partial void Repaired(ILogger logger, string dispatchId, string warningCodes);
}
