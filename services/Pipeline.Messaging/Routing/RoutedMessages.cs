using System.Text.Json;
using MassTransit.Serialization;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.ServiceDefaults;
using RabbitMQ.Client;

namespace Pipeline.Messaging.Routing;

/// <summary>
/// The AMQP message a routed event becomes: the body is the plain message JSON (<c>application/json</c>, exactly what
/// MassTransit puts under <c>message</c> in its envelope, camelCase as the golden files), persistent; <c>message_id</c>
/// is the MassTransit message id (the same on a redelivery: deduplicate on it), <c>correlation_id</c> the dispatch id,
/// <c>type</c> the message URN, <c>timestamp</c> the event time; headers <c>traceparent</c>/<c>tracestate</c> (W3C, the
/// dispatch's trace), <c>article-id</c>, <c>dispatch-id</c> and the routing headers.
/// </summary>
public static class RoutedMessages
{
    public const string ContentType = "application/json";
    public const string ArticleType = "urn:message:Pipeline.Contracts.Articles:ArticleEnriched";
    public const string RejectionType = "urn:message:Pipeline.Contracts.Dispatches:DispatchRejected";

    /// <summary>How bodies are written: MassTransit's System.Text.Json settings (web defaults, camelCase), on one line.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(SystemTextJsonMessageSerializer.Options) { WriteIndented = false };

    public static (string RoutingKey, BasicProperties Properties, byte[] Body) Article(ArticleEnriched article, string? messageId, TraceParent trace)
    {
        ArgumentNullException.ThrowIfNull(article);
        var route = EventRoutes.RouteOf(article);
        var headers = route.Headers();
        headers[EventRoutes.ArticleIdHeader] = article.ArticleId;
        headers[EventRoutes.DispatchIdHeader] = article.DispatchId;
        return (route.RoutingKey, Properties(headers, messageId, article.DispatchId, ArticleType, article.EnrichedAt, trace),
            JsonSerializer.SerializeToUtf8Bytes(article, JsonOptions));
    }

    public static (string RoutingKey, BasicProperties Properties, byte[] Body) Rejection(DispatchRejected rejected, string? messageId, TraceParent trace)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [EventRoutes.StageHeader] = EventRoutes.Token(rejected.Stage),
            [EventRoutes.ReasonHeader] = EventRoutes.Token(rejected.ReasonCode),
            [EventRoutes.SourceHeader] = EventRoutes.Token(rejected.Source?.Id),
            [EventRoutes.DispatchIdHeader] = rejected.DispatchId,
        };
        if (rejected.ArticleId is { } articleId)
        {
            headers[EventRoutes.ArticleIdHeader] = articleId;
        }

        return (EventRoutes.RoutingKeyOf(rejected), Properties(headers, messageId, rejected.DispatchId, RejectionType, rejected.RejectedAt, trace),
            JsonSerializer.SerializeToUtf8Bytes(rejected, JsonOptions));
    }

    private static BasicProperties Properties(Dictionary<string, object?> headers, string? messageId, string? dispatchId, string type, DateTimeOffset time, TraceParent trace)
    {
        if (TraceContext.IsValid(trace.Parent))
        {
            headers[TraceContext.TraceParentHeader] = trace.Parent;
            if (!string.IsNullOrEmpty(trace.State))
            {
                headers[TraceContext.TraceStateHeader] = trace.State;
            }
        }

        var properties = new BasicProperties
        {
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Type = type,
            AppId = "pipeline",
            Timestamp = new AmqpTimestamp(time.ToUnixTimeSeconds()),
            Headers = headers,
        };
        if (!string.IsNullOrEmpty(messageId))
        {
            properties.MessageId = messageId;
        }

        if (!string.IsNullOrEmpty(dispatchId))
        {
            properties.CorrelationId = dispatchId;
        }

        return properties;
    }
}

/// <summary>A W3C trace context (<c>traceparent</c> and <c>tracestate</c>), either may be missing.</summary>
public readonly record struct TraceParent(string? Parent, string? State);
