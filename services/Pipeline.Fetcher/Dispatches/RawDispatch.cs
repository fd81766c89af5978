namespace Pipeline.Fetcher.Dispatches;

/// <summary>
/// Raw bytes as they arrived, with what the transport said about them. <see cref="DispatchFactory"/>
/// turns it into a <c>DispatchReceived</c>.
/// </summary>
public sealed record RawDispatch
{
    /// <summary>The payload exactly as received (possibly compressed, see <see cref="ContentEncoding"/>).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Stable machine id of the source, e.g. <c>prima-notizia-24</c>.</summary>
    public required string SourceId { get; init; }

    /// <summary>Display name of the source, when known.</summary>
    public string? SourceName { get; init; }

    /// <summary>One of <c>OriginKinds</c>: feed, http, file, amqp.</summary>
    public required string OriginKind { get; init; }

    /// <summary>The feed URL, file path or upload name, when there is one.</summary>
    public string? OriginLocation { get; init; }

    /// <summary>Media type with optional charset, e.g. <c>application/rss+xml; charset=ISO-8859-1</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// A content coding (<c>gzip</c>, <c>deflate</c>, <c>br</c>, <c>identity</c>) to undo before decoding, or —
    /// as some AMQP clients use the property — a charset name such as <c>utf-8</c>.
    /// </summary>
    public string? ContentEncoding { get; init; }

    /// <summary>A format name from <c>DispatchFormats</c>, or null to let the normalizer detect it.</summary>
    public string? FormatHint { get; init; }

    /// <summary>Name of a source profile (agency layout), when known.</summary>
    public string? SourceProfile { get; init; }
}
