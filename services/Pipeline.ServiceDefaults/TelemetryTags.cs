namespace Pipeline.ServiceDefaults;

/// <summary>
/// The one set of attribute names on Pipeline's spans and metrics, in the style of OpenTelemetry's semantic
/// conventions: a <c>pipeline.</c> namespace, snake_case, the same name for the same thing in every stage (a span's
/// <c>pipeline.source_id</c> and a metric's are the same attribute).
/// </summary>
/// <remarks>
/// <c>source_id</c>: the source's stable id (a polled feed is named by its source id too); <c>article_id</c>: the
/// deterministic article id; <c>dispatch_id</c>: the id given at the entry point; <c>format</c>: a canonical format name;
/// <c>article_count</c>: articles one dispatch became; <c>rejected_item_count</c>: items of one feed document rejected on
/// their own; <c>language</c>: ISO 639-1, <c>und</c> when unknown;
/// <c>stage</c>: the stage that rejected a dispatch; <c>reason_code</c>: a <c>RejectionReasons</c> code;
/// <c>origin</c>: feed, http, amqp or cli; <c>outcome</c>: of a poll or an upsert; <c>index_path</c>: the folder of a
/// search index; <c>search_total</c>: how many articles a search matched.
/// </remarks>
public static class TelemetryTags
{
    private const string Prefix = "pipeline.";
    // What the span or measurement is about.
    public const string SourceId = Prefix + "source_id";
    public const string ArticleId = Prefix + "article_id";
    public const string DispatchId = Prefix + "dispatch_id";

    // What the content is.
    public const string Format = Prefix + "format";
    public const string ArticleCount = Prefix + "article_count";
    public const string RejectedItemCount = Prefix + "rejected_item_count";
    public const string Language = Prefix + "language";

    // How an operation ended and where the input came from.
    public const string Stage = Prefix + "stage";
    public const string ReasonCode = Prefix + "reason_code";
    public const string Origin = Prefix + "origin";
    public const string Outcome = Prefix + "outcome";

    // The search index.
    public const string IndexPath = Prefix + "index_path";
    public const string SearchTotal = Prefix + "search_total";
}
