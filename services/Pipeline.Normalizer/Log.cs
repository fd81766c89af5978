namespace Pipeline.Normalizer;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Normalized dispatch {DispatchId} ({Format}) into {ArticleCount} article(s)")]
    public static partial void Normalized(ILogger logger, string dispatchId, string format, int articleCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected dispatch {DispatchId} from source {SourceId}: {ReasonCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, string dispatchId, string sourceId, string reasonCode, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dispatch {DispatchId} needed repairs: {WarningCodes}")]
    public static partial void Repaired(ILogger logger, string dispatchId, string warningCodes);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Rejected item {ItemIndex} ({ItemGuid}) of dispatch {DispatchId}, the other items kept: {ReasonCode}: {Reason}")]
    public static partial void ItemRejected(ILogger logger, string dispatchId, int itemIndex, string itemGuid, string reasonCode, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Normalizing dispatch {DispatchId} from source {SourceId} failed unexpectedly; rejected as malformed")]
    public static partial void Unexpected(ILogger logger, Exception exception, string dispatchId, string sourceId);

    /// <summary>A value from outside made safe for one log line: control, bidi and invisible characters as <c>\uXXXX</c>, cut at 500 characters.</summary>
    public static string Clean(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new System.Text.StringBuilder(Math.Min(value.Length, 500) + 16);
        foreach (var c in value.Length > 500 ? value[..500] : value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return value.Length > 500 ? builder.Append('…').ToString() : builder.ToString();
    }
}
