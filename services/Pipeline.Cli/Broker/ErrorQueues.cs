using System.Text;
using System.Text.Json;
using Pipeline.Fetcher.Amqp;
using RabbitMQ.Client;

namespace Pipeline.Cli.Broker;

/// <summary>
/// A message parked in an error queue, as <c>pipeline errors</c> shows it: the AMQP message id, the dispatch id when the
/// body is an envelope that carries one, the rejection code (<c>Pipeline-Reason</c>: <c>invalid-message</c>,
/// <c>poison</c>, <c>unsafe</c>, …), the fault, and every AMQP header as text (values cut at 500 characters).
/// </summary>
internal sealed record ParkedMessage(int Position, string? MessageId, string? MessageType, string? DispatchId, string? Reason, string? ExceptionType, string? FaultedAt,
    string? Code = null, IReadOnlyDictionary<string, string?>? Headers = null, string? ContentType = null);

/// <summary>
/// The stages' error queues on RabbitMQ (<c>normalizer_error</c>, <c>enricher_error</c>,
/// <c>indexer_error</c>, <c>raw-ingest_error</c>, with the endpoint prefix): look without taking, and
/// move messages back to their stage's input to be processed again.
/// </summary>
internal static class ErrorQueues
{
    public static readonly string[] Stages = ["normalizer", "enricher", "indexer", "raw-ingest"];

    private const string FaultHeaderPrefix = "MT-Fault-";
    private const string ReasonHeader = "MT-Reason";
    private const string RedeliveryHeader = "MT-Redelivery-Count";
    private const string ReasonCodeHeader = "Pipeline-Reason";

    public static string ErrorQueue(string stage, string? prefix) => stage == "raw-ingest" ? RawIngest.ErrorQueueName(prefix) : Prefixed(prefix, stage) + "_error";

    /// <summary>Where a replayed message goes: the stage's own exchange (MassTransit binds it to the stage's queue).</summary>
    public static string InputExchange(string stage, string? prefix) => stage == "raw-ingest" ? RawIngest.ExchangeName(prefix) : Prefixed(prefix, stage);

    /// <summary>Reads up to <paramref name="limit"/> messages without consuming them (closing the channel requeues them).</summary>
    public static async Task<IReadOnlyList<ParkedMessage>> PeekAsync(Uri broker, string stage, string? prefix, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Connect(broker, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclarePassiveAsync(ErrorQueue(stage, prefix), cancellationToken);
        var messages = new List<ParkedMessage>();
        while (messages.Count < limit && await channel.BasicGetAsync(ErrorQueue(stage, prefix), autoAck: false, cancellationToken) is { } message)
        {
            messages.Add(Describe(messages.Count + 1, message));
        }

        return messages;
    }

    /// <summary>
    /// Moves messages (all, or the one with <paramref name="messageId"/>) back to the stage's input,
    /// with publisher confirms, then removes them from the error queue. Returns how many moved.
    /// </summary>
    public static async Task<int> ReplayAsync(Uri broker, string stage, string? prefix, string? messageId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Connect(broker, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var queue = ErrorQueue(stage, prefix);
        // Only the messages parked when the replay starts: a replayed message that fails again is parked
        // again at the tail of the same queue, and must not be picked up and replayed again in this run.
        var parked = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        var exchange = InputExchange(stage, prefix);
        var moved = 0;
        limit = messageId is null ? limit : Math.Min(limit, 1);
        var seen = 0u;
        while (moved < limit && seen < parked && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            seen++;
            if (messageId is not null && message.BasicProperties.MessageId != messageId)
            {
                continue;   // left unacknowledged: requeued when the channel closes
            }

            var properties = new BasicProperties(message.BasicProperties) { Headers = CleanHeaders(message.BasicProperties.Headers) };
            await channel.BasicPublishAsync(exchange, routingKey: "", mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static Dictionary<string, object?> CleanHeaders(IDictionary<string, object?>? headers) =>
        (headers ?? new Dictionary<string, object?>())
            .Where(h => !h.Key.StartsWith(FaultHeaderPrefix, StringComparison.Ordinal) && h.Key is not ReasonHeader and not RedeliveryHeader and not ReasonCodeHeader
                && h.Key is not RawIngest.ErrorReasonHeader and not RawIngest.ErrorMessageHeader)
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);

    private static ParkedMessage Describe(int position, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        return new ParkedMessage(
            position,
            message.BasicProperties.MessageId,
            Header(headers, "MT-Fault-MessageType") ?? (headers.ContainsKey(RawIngest.SourceHeader) ? "raw dispatch" : null),
            DispatchIdOf(message.Body.Span),
            Header(headers, "MT-Fault-Message") ?? Header(headers, RawIngest.ErrorMessageHeader),
            Header(headers, "MT-Fault-ExceptionType") ?? Header(headers, RawIngest.ErrorReasonHeader),
            Header(headers, "MT-Fault-Timestamp"),
            Header(headers, ReasonCodeHeader) ?? Header(headers, RawIngest.ErrorReasonHeader),
            headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToDictionary(h => h.Key, h => Cut(Header(headers, h.Key)), StringComparer.Ordinal),
            message.BasicProperties.ContentType);
    }

    private static string? Cut(string? value) => value is { Length: > 500 } ? value[..500] + "…" : value;

    private static string? Header(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value) ? Text(value) : null;

    private static string? Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => null,
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Text)) + "]",
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(t => $"{t.Key}: {Text(t.Value)}")) + "}",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The dispatch id inside a MassTransit envelope (<c>message.dispatchId</c>), when the body is one.</summary>
    private static string? DispatchIdOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            // Any JSON may be parked (a foreign producer's array, a number): only an object's string member counts.
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("dispatchId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;   // a raw payload, not an envelope
        }
    }

    private static Task<IConnection> Connect(Uri broker, CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = broker, ClientProvidedName = "pipeline-cli-errors" }.CreateConnectionAsync(cancellationToken);

    private static string Prefixed(string? prefix, string name) => string.IsNullOrEmpty(prefix) ? name : $"{prefix}-{name}";
}
