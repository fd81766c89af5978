namespace Pipeline.Contracts.Dispatches;

/// <summary>
/// Published by the fetcher (or any producer) for every raw feed document or dispatch that enters
/// the pipeline. The normalizer consumes it.
/// </summary>
public sealed record DispatchReceived
{
    /// <summary>Unique id of this dispatch (a GUID in "N" format when Pipeline assigns it).</summary>
    public required string DispatchId { get; init; }

    /// <summary>The source (publisher, agency, feed) the dispatch belongs to.</summary>
    public required SourceRef Source { get; init; }

    /// <summary>How and from where the dispatch arrived.</summary>
    public required DispatchOrigin Origin { get; init; }

    /// <summary>When Pipeline received the dispatch; completes yearless datelines.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The raw payload as text, already decoded from its transport encoding.</summary>
    public required string Payload { get; init; }

    /// <summary>A format name from <see cref="DispatchFormats"/>, or null to auto-detect.</summary>
    public string? FormatHint { get; init; }

    /// <summary>Media type the payload came with (e.g. <c>application/rss+xml</c>), when known.</summary>
    public string? ContentType { get; init; }

    /// <summary>Name of the character encoding the raw bytes were decoded from, when known.</summary>
    public string? Encoding { get; init; }

    /// <summary>Name of a source profile (agency layout) the normalizer should apply, when known.</summary>
    public string? SourceProfile { get; init; }

    /// <summary>
    /// Versions the fetcher assigned to the feed items in <see cref="Payload"/> (added in 1.1): keyed by the item's
    /// GUID/id as written (else its link), 1 for an item seen for the first time, one more than before for an item
    /// whose content changed since it was last announced. Null for dispatches that are not polled feeds.
    /// </summary>
    public IReadOnlyDictionary<string, int>? ItemVersions { get; init; }
}

/// <summary>Identifies a source: a feed, an agency wire or an uploader.</summary>
public sealed record SourceRef
{
    /// <summary>Stable machine id of the source, e.g. <c>prima-notizia-24</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name, e.g. <c>Prima Notizia 24</c>.</summary>
    public string? Name { get; init; }
}

/// <summary>Where a dispatch came from.</summary>
public sealed record DispatchOrigin
{
    /// <summary>One of <see cref="OriginKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The feed URL, file path or upload name, when there is one.</summary>
    public string? Location { get; init; }
}

/// <summary>Values of <see cref="DispatchOrigin.Kind"/>.</summary>
public static class OriginKinds
{
    /// <summary>Fetched by polling a feed.</summary>
    public const string Feed = "feed";
    /// <summary>Posted to the fetcher's HTTP API.</summary>
    public const string Http = "http";
    /// <summary>Published from a file (CLI).</summary>
    public const string File = "file";
    /// <summary>Published to the raw-ingest exchange by a plain AMQP client.</summary>
    public const string Amqp = "amqp";
}

/// <summary>Format names understood by the normalizer (<see cref="DispatchReceived.FormatHint"/>).</summary>
public static class DispatchFormats
{
    public const string Rss = "rss";
    public const string Atom = "atom";
    public const string JsonFeed = "jsonfeed";
    public const string Nitf = "nitf";
    public const string NewsMlG2 = "newsml-g2";
    /// <summary>IPTC NewsML 1.x (1.2), still sent by agencies: <c>&lt;NewsML&gt;&lt;NewsItem&gt;</c>.</summary>
    public const string NewsMl = "newsml";
    public const string Ninjs = "ninjs";
    public const string Iptc7901 = "iptc7901";
    public const string AgencyText = "agency-text";
    public const string Html = "html";
}
