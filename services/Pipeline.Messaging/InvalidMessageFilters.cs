using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Rescue;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// What happens to a message a stage cannot even read — plain text, foreign JSON, an envelope of a type no consumer on
/// the queue takes, or one whose message lacks a required member: it is announced as <see cref="DispatchRejected"/>
/// (<c>invalid-message</c>, with whatever ids the body carries, else the AMQP message id) and parked in the queue's
/// <c>_error</c> queue, never in <c>_skipped</c> and never silently. Every message parked by a Pipeline endpoint also
/// carries the reason code in the <see cref="ReasonHeader"/> header, for <c>pipeline errors list</c>.
/// </summary>
public static class InvalidMessageFilters
{
    /// <summary>Header on a parked message: the <see cref="RejectionReasons"/> code (absent for transient faults).</summary>
    public const string ReasonHeader = "Pipeline-Reason";

    /// <summary>The error pipe (reason header, announcement of unreadable bodies) and the dead-letter pipe (to <c>_error</c>) of one endpoint.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(new AnnounceUnreadableFilter(time, logger));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
        endpoint.ConfigureDeadLetter(dead => dead.UseFilter(new ParkUnconsumedFilter(time, logger)));
    }

    /// <summary>Marks a receive context whose body became a typed message (the consumer's filters ran).</summary>
    internal static void MarkTyped(ReceiveContext context) => context.GetOrAddPayload(() => TypedMessage.Instance);

    private static bool WasTyped(ReceiveContext context) => context.TryGetPayload<TypedMessage>(out _);

    /// <summary>The ids a body carries, read leniently from a MassTransit envelope (or a bare message object).</summary>
    internal static (string? DispatchId, string? ArticleId, SourceRef? Source, string? MessageType) Peek(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var type = Property(root, "messageType") is { ValueKind: JsonValueKind.Array } types && types.GetArrayLength() > 0 && types[0].ValueKind == JsonValueKind.String
                ? types[0].GetString()
                : null;
            var message = Property(root, "message") is { ValueKind: JsonValueKind.Object } m ? m : root;
            var source = Property(message, "source") is { ValueKind: JsonValueKind.Object } s ? s
                : Property(message, "article") is { ValueKind: JsonValueKind.Object } a && Property(a, "source") is { ValueKind: JsonValueKind.Object } s2 ? s2
                : (JsonElement?)null;
            var sourceRef = source is { } src && Text(src, "id") is { } id ? new SourceRef { Id = Cut(id), Name = Text(src, "name") is { } n ? Cut(n) : null } : null;
            return (Text(message, "dispatchId") is { } d ? Cut(d) : null, Text(message, "articleId") is { } art ? Cut(art) : null, sourceRef, type is null ? null : Cut(type));
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The message id a foreign producer set on the AMQP message, else MassTransit's.</summary>
    internal static string? AmqpMessageId(ReceiveContext context) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) && !string.IsNullOrEmpty(rabbit.Properties.MessageId)
            ? Cut(rabbit.Properties.MessageId)
            : context.TransportHeaders.Get<string>("MessageId");

    /// <summary>The stage a queue belongs to: the stage name it ends with, else the queue name.</summary>
    internal static string StageOf(Uri? inputAddress)
    {
        var queue = InFlightMarkers.QueueOf(inputAddress);
        foreach (var stage in new[] { StageNames.Normalizer, StageNames.Enricher, StageNames.Indexer, StageNames.Fetcher })
        {
            if (queue == stage || queue.EndsWith("-" + stage, StringComparison.Ordinal))
            {
                return stage;
            }
        }

        return queue;
    }

    private static async Task AnnounceAsync(ReceiveContext context, string problem, TimeProvider time, ILogger logger)
    {
        var (dispatchId, articleId, source, _) = Peek(context.Body.GetBytes());
        var amqpId = AmqpMessageId(context);
        var stage = StageOf(context.InputAddress);
        Log.InvalidEnvelope(logger, InFlightMarkers.QueueOf(context.InputAddress), Log.Clean(amqpId), Log.Clean(problem));
        PipelineDiagnostics.CountRejection(stage, RejectionReasons.InvalidMessage);
        var endpoint = await context.PublishEndpointProvider.GetPublishSendEndpoint<DispatchRejected>().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await endpoint.Send(new DispatchRejected
        {
            DispatchId = dispatchId ?? amqpId ?? "unknown",
            Stage = stage,
            ReasonCode = RejectionReasons.InvalidMessage,
            Message = $"The message is not a valid envelope for this queue ({problem}); AMQP message id {amqpId ?? "none"}. It is parked in the _error queue.",
            RejectedAt = time.GetUtcNow(),
            Source = source,
            ArticleId = articleId,
        }, timeout.Token).ConfigureAwait(false);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    private static string Cut(string value) => value.Length > ArticleMessageValidation.MaxIdLength ? value[..ArticleMessageValidation.MaxIdLength] : value;

    private static string Describe(Exception exception)
    {
        var messages = new StringBuilder();
        for (var e = exception; e is not null && messages.Length < 400; e = e.InnerException)
        {
            if (messages.Length > 0)
            {
                messages.Append(": ");
            }

            messages.Append(e.Message);
        }

        return messages.Length > 400 ? messages.ToString(0, 400) + "…" : messages.ToString();
    }

    private sealed class TypedMessage
    {
        public static readonly TypedMessage Instance = new();
    }

    /// <summary>First in the error pipe: the reason header, and the announcement of a body that never became a message.</summary>
    private sealed class AnnounceUnreadableFilter(TimeProvider time, ILogger logger) : IFilter<ExceptionReceiveContext>
    {
        public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
        {
            if (Find<PermanentDispatchException>(context.Exception) is { } permanent)
            {
                context.ExceptionHeaders.Set(ReasonHeader, permanent.ReasonCode);
            }
            else if (!WasTyped(context))
            {
                context.ExceptionHeaders.Set(ReasonHeader, RejectionReasons.InvalidMessage);
                await AnnounceAsync(context, "it could not be read: " + Describe(context.Exception), time, logger).ConfigureAwait(false);
            }

            await next.Send(context).ConfigureAwait(false);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("announce-unreadable");

        private static TException? Find<TException>(Exception? exception)
            where TException : Exception
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is TException found)
                {
                    return found;
                }

                if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
                {
                    return Find<TException>(aggregate.InnerExceptions[0]);
                }
            }

            return null;
        }
    }

    /// <summary>The dead-letter pipe: a body no consumer on the queue took goes to <c>_error</c>, announced, not to <c>_skipped</c>.</summary>
    private sealed class ParkUnconsumedFilter(TimeProvider time, ILogger logger) : IFilter<ReceiveContext>
    {
        public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
        {
            var (_, _, _, type) = Peek(context.Body.GetBytes());
            var problem = type is null
                ? "it names no message type"
                : $"no consumer on this queue takes the message type '{type}'";
            var exception = new InvalidMessageException($"The message is not a valid envelope for this queue: {problem}.");
            var parked = new RescueExceptionReceiveContext(context, exception);
            parked.ExceptionHeaders.Set(ReasonHeader, RejectionReasons.InvalidMessage);
            await AnnounceAsync(context, problem, time, logger).ConfigureAwait(false);
            if (!context.TryGetPayload(out IErrorTransport? transport))
            {
                throw new InvalidOperationException("The receive context has no error transport to park the message in.");
            }

            await transport.Send(parked).ConfigureAwait(false);
            await next.Send(context).ConfigureAwait(false);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("park-unconsumed");
    }
}

/// <summary>A body that is not a valid envelope for the queue it arrived on (the exception recorded with the parked message).</summary>
public sealed class InvalidMessageException : Exception
{
    public InvalidMessageException()
    {
    }

    public InvalidMessageException(string message) : base(message)
    {
    }

    public InvalidMessageException(string message, Exception inner) : base(message, inner)
    {
    }
}
