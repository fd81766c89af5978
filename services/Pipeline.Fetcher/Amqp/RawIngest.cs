namespace Pipeline.Fetcher.Amqp;

/// <summary>
/// Names of the raw AMQP ingest topology, for clients that publish with a plain AMQP library instead of
/// MassTransit. Publish the raw feed or dispatch bytes as the message body to the fanout exchange
/// <see cref="ExchangeName"/> (any routing key), with the header <see cref="SourceHeader"/> (required) and
/// optionally <see cref="SourceNameHeader"/>, <see cref="FormatHeader"/>, <see cref="ProfileHeader"/> and
/// <see cref="LocationHeader"/>, and the W3C <see cref="TraceParentHeader"/>/<see cref="TraceStateHeader"/> to continue the
/// publisher's trace; the AMQP <c>content-type</c> (with charset) and <c>content-encoding</c>
/// (gzip/deflate/br, or a charset name) properties are honoured.
/// <para>
/// Naming rule: with an empty <c>Messaging:EndpointPrefix</c> the names are the base names
/// (<c>pipeline.raw-ingest</c>, <c>raw-ingest</c>, <c>raw-ingest_error</c>); with a prefix P they are
/// <c>P-pipeline.raw-ingest</c>, <c>P-raw-ingest</c> and <c>P-raw-ingest_error</c>.
/// </para>
/// <para>
/// All three are durable. Messages that can never become a dispatch (no source, too large, binary, unknown
/// format) go to the error queue with the headers <see cref="ErrorReasonHeader"/> and
/// <see cref="ErrorMessageHeader"/>; the ingest queue also dead-letters to it (default exchange, routing key =
/// error queue name) as a last resort.
/// </para>
/// </summary>
public static class RawIngest
{
    public const string BaseExchangeName = "pipeline.raw-ingest";
    public const string BaseQueueName = "raw-ingest";
    public const string ErrorSuffix = "_error";

    /// <summary>Required header: the source id, e.g. <c>prima-notizia-24</c>.</summary>
    public const string SourceHeader = "source";

    /// <summary>Optional header: the source's display name.</summary>
    public const string SourceNameHeader = "source-name";

    /// <summary>Optional header: a format hint (<c>DispatchFormats</c> name).</summary>
    public const string FormatHeader = "format";

    /// <summary>Optional header: a source profile for the normalizer.</summary>
    public const string ProfileHeader = "profile";

    /// <summary>Optional header: where the payload came from (URL, file name); default the exchange name.</summary>
    public const string LocationHeader = "location";

    /// <summary>
    /// Optional header: the publisher's W3C trace context (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>); the dispatch's
    /// trace continues it through every stage. Absent or invalid: the trace starts at the fetcher.
    /// </summary>
    public const string TraceParentHeader = ServiceDefaults.TraceContext.TraceParentHeader;

    /// <summary>Optional header: W3C <c>tracestate</c>, carried along with <see cref="TraceParentHeader"/>.</summary>
    public const string TraceStateHeader = ServiceDefaults.TraceContext.TraceStateHeader;

    /// <summary>Set on messages moved to the error queue: a <c>RejectionReasons</c> code.</summary>
    public const string ErrorReasonHeader = "pipeline-error-reason";

    /// <summary>Set on messages moved to the error queue: what was wrong, in words.</summary>
    public const string ErrorMessageHeader = "pipeline-error-message";

    /// <summary>The fanout exchange clients publish to.</summary>
    public static string ExchangeName(string? prefix) => Prefixed(prefix, BaseExchangeName);

    /// <summary>The queue the fetcher consumes, bound to <see cref="ExchangeName"/>.</summary>
    public static string QueueName(string? prefix) => Prefixed(prefix, BaseQueueName);

    /// <summary>Where refused messages go.</summary>
    public static string ErrorQueueName(string? prefix) => QueueName(prefix) + ErrorSuffix;

    private static string Prefixed(string? prefix, string name) => string.IsNullOrEmpty(prefix) ? name : $"{prefix}-{name}";
}
