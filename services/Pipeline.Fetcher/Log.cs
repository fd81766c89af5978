namespace Pipeline.Fetcher;

/// <summary>The fetcher's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Accepted dispatch {DispatchId} from source {SourceId} via {Origin} ({Characters} characters)")]
    public static partial void DispatchAccepted(ILogger logger, string dispatchId, string sourceId, string origin, int characters);

    [LoggerMessage(2, LogLevel.Warning, "Refused input via {Origin} from source {SourceId}: {ReasonCode}: {Detail}")]
    public static partial void Refused(ILogger logger, string origin, string sourceId, string reasonCode, string detail);

    [LoggerMessage(33, LogLevel.Warning, "Dispatch {DispatchId} from source {SourceId} refused with 503: the broker {Broker} does not accept connections")]
    public static partial void BrokerUnreachable(ILogger logger, string dispatchId, string sourceId, string broker);

    [LoggerMessage(3, LogLevel.Warning, "Publishing dispatch {DispatchId} from source {SourceId} failed; the bus is unavailable")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string dispatchId, string sourceId);

    [LoggerMessage(10, LogLevel.Information, "Feed poller started with {FeedCount} feeds")]
    public static partial void PollerStarted(ILogger logger, int feedCount);

    [LoggerMessage(11, LogLevel.Information, "Feed {SourceId} published dispatch {DispatchId} ({Bytes} bytes, HTTP {Status})")]
    public static partial void FeedPublished(ILogger logger, string sourceId, string dispatchId, int bytes, int status);

    [LoggerMessage(12, LogLevel.Debug, "Feed {SourceId}: {Outcome}; next poll at {NextDue}")]
    public static partial void FeedQuiet(ILogger logger, string sourceId, string outcome, DateTimeOffset nextDue);

    [LoggerMessage(13, LogLevel.Warning, "Feed {SourceId} asked to slow down (HTTP {Status}); next poll at {NextDue}")]
    public static partial void FeedRateLimited(ILogger logger, string sourceId, int status, DateTimeOffset nextDue);

    [LoggerMessage(14, LogLevel.Warning, "Feed {SourceId} failed ({ConsecutiveFailures} in a row): {Error}; next poll at {NextDue}")]
    public static partial void FeedFailed(ILogger logger, string sourceId, int consecutiveFailures, string error, DateTimeOffset nextDue);

    [LoggerMessage(15, LogLevel.Error, "The feed poller's loop failed; it continues")]
    public static partial void PollerLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Raw ingest connecting to {Host}, exchange {Exchange}, queue {Queue}")]
    public static partial void RawIngestConnecting(ILogger logger, string host, string exchange, string queue);

    [LoggerMessage(21, LogLevel.Information, "Raw ingest consuming from queue {Queue}")]
    public static partial void RawIngestConsuming(ILogger logger, string queue);

    [LoggerMessage(22, LogLevel.Warning, "Raw ingest could not connect; retrying in {Delay}")]
    public static partial void RawIngestConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(23, LogLevel.Warning, "Raw ingest message {MessageId} moved to {ErrorQueue}: {ReasonCode}: {Detail}")]
    public static partial void RawIngestDeadLettered(ILogger logger, string messageId, string errorQueue, string reasonCode, string detail);

    [LoggerMessage(24, LogLevel.Warning, "Raw ingest message {MessageId} could not be published to the bus; it is requeued")]
    public static partial void RawIngestPublishFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(25, LogLevel.Error, "Raw ingest message {MessageId} could not be moved to the error queue; rejected to the queue's dead-letter exchange instead")]
    public static partial void RawIngestDeadLetterFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(26, LogLevel.Warning, "Raw ingest message {MessageId} is in the error queue, but DispatchRejected could not be published")]
    public static partial void RejectionNotAnnounced(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(30, LogLevel.Warning, "No API key is configured (Fetcher:Auth:ApiKeys): POST /dispatches and GET /feeds are open to anyone who can reach this port")]
    public static partial void ApiKeysMissing(ILogger logger);

    [LoggerMessage(31, LogLevel.Information, "API keys required on POST /dispatches and GET /feeds ({KeyCount} configured)")]
    public static partial void ApiKeysRequired(ILogger logger, int keyCount);

    [LoggerMessage(32, LogLevel.Information, "Upload via {Origin} from source {SourceId} ended early: HTTP {Status}: {Reason}")]
    public static partial void UploadAborted(ILogger logger, string origin, string sourceId, int status, string reason);

    /// <summary>
    /// A value from outside made safe for one log line: control characters (CR, LF, ESC...), bidi overrides and
    /// invisible format characters written as <c>\uXXXX</c>, and cut to <paramref name="max"/> characters, so a value can
    /// never forge or hide a line in a text log.
    /// </summary>
    public static string Clean(string? value, int max = 500)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Length > max ? value[..max] + "…" : value;
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
