namespace Pipeline.Notifier;

/// <summary>The notifier's log events (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Delivering articles from {Queue} to the webhooks")]
    public static partial void Consuming(ILogger logger, string queue);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "A routed article (message {MessageId}) is not readable: {Problem}; skipped")]
    public static partial void Unreadable(ILogger logger, string messageId, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Article {ArticleId} delivered to subscription {SubscriptionId}")]
    public static partial void Delivered(ILogger logger, string articleId, string subscriptionId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Article {ArticleId} not delivered to subscription {SubscriptionId}: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string articleId, string subscriptionId, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The notifier cannot connect to the broker; next try in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} created")]
    public static partial void Created(ILogger logger, string subscriptionId);

    public static string Clean(string? value) => Pipeline.Messaging.LogText.Clean(value);
}
