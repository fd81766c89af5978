using System.Globalization;
using System.Text;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Fetcher.Dispatches;
using Pipeline.Messaging;
using RabbitMQ.Client;

namespace Pipeline.Fetcher.Amqp;

/// <summary>Turns a raw AMQP message (body + properties) into a dispatch. Pure: no broker involved.</summary>
public static class RawIngestMapper
{
    /// <summary>
    /// Reads the headers and properties of a raw-ingest message. Throws <see cref="PermanentDispatchException"/>
    /// when the <see cref="RawIngest.SourceHeader"/> header is missing or empty.
    /// </summary>
    public static RawDispatch ToRawDispatch(ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string exchange)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var headers = properties.Headers;
        var source = Header(headers, RawIngest.SourceHeader);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage,
                $"The message has no '{RawIngest.SourceHeader}' header; set it to the source id (e.g. prima-notizia-24).");
        }

        return new RawDispatch
        {
            Body = body,
            SourceId = source,
            SourceName = Header(headers, RawIngest.SourceNameHeader),
            OriginKind = OriginKinds.Amqp,
            OriginLocation = Header(headers, RawIngest.LocationHeader) ?? exchange,
            ContentType = properties.IsContentTypePresent() ? properties.ContentType : null,
            ContentEncoding = properties.IsContentEncodingPresent() ? properties.ContentEncoding : null,
            FormatHint = Header(headers, RawIngest.FormatHeader),
            SourceProfile = Header(headers, RawIngest.ProfileHeader),
        };
    }

    /// <summary>Reads, validates and decodes a raw-ingest message into the event to publish.</summary>
    public static DispatchReceived ToDispatch(DispatchFactory factory, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string exchange)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.Limit.EnsureWithin(body.Length);
        return factory.Create(ToRawDispatch(body, properties, exchange));
    }

    /// <summary>
    /// The <see cref="DispatchRejected"/> announced for a refused raw message: its dispatch id is the AMQP
    /// message-id when there is one (so the sender can correlate), else a new GUID.
    /// </summary>
    public static DispatchRejected ToRejection(IReadOnlyBasicProperties properties, PermanentDispatchException error, DateTimeOffset rejectedAt)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(error);
        var source = Header(properties.Headers, RawIngest.SourceHeader);
        return new DispatchRejected
        {
            DispatchId = properties.IsMessageIdPresent() && !string.IsNullOrWhiteSpace(properties.MessageId) ? properties.MessageId : Guid.NewGuid().ToString("N"),
            Stage = StageNames.Fetcher,
            ReasonCode = error.ReasonCode,
            Message = error.Message,
            RejectedAt = rejectedAt,
            Source = source is null ? null : new SourceRef { Id = source, Name = Header(properties.Headers, RawIngest.SourceNameHeader) },
        };
    }

    /// <summary>A header as text: AMQP long strings arrive as UTF-8 bytes.</summary>
    internal static string? Header(IDictionary<string, object?>? headers, string name)
    {
        if (headers is null || !headers.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }

        var text = value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            ReadOnlyMemory<byte> memory => Encoding.UTF8.GetString(memory.Span),
            string s => s,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
