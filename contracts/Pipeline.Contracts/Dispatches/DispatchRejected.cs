namespace Pipeline.Contracts.Dispatches;

/// <summary>
/// Published by a stage that cannot turn a dispatch into an article. The original message stays in
/// that stage's <c>_error</c> queue, where it can be inspected and replayed.
/// </summary>
public sealed record DispatchRejected
{
    /// <summary>Id of the rejected dispatch.</summary>
    public required string DispatchId { get; init; }

    /// <summary>The stage that rejected it: <c>fetcher</c>, <c>normalizer</c>, <c>enricher</c> or <c>indexer</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>A stable reason code from <see cref="RejectionReasons"/>.</summary>
    public required string ReasonCode { get; init; }

    /// <summary>What went wrong, in words a person can act on.</summary>
    public required string Message { get; init; }

    /// <summary>When the rejection happened.</summary>
    public required DateTimeOffset RejectedAt { get; init; }

    /// <summary>The source of the dispatch, when known.</summary>
    public SourceRef? Source { get; init; }

    /// <summary>The article id, when the rejection happened after normalization.</summary>
    public string? ArticleId { get; init; }

    /// <summary>
    /// For one item of a feed document rejected on its own while the document's other items travelled on: the item's
    /// id (RSS guid or rdf:about, Atom id, JSON Feed id, NewsML guid) when it could be read; null for a rejection of the
    /// whole dispatch. Added in 1.2.
    /// </summary>
    public string? ItemId { get; init; }

    /// <summary>For one item rejected on its own: its position in the document, from 0; null otherwise. Added in 1.2.</summary>
    public int? ItemIndex { get; init; }
}

/// <summary>Reason codes carried by <see cref="DispatchRejected.ReasonCode"/>.</summary>
public static class RejectionReasons
{
    /// <summary>The payload's format could not be recognised.</summary>
    public const string UnknownFormat = "unknown-format";
    /// <summary>The payload is in a known format but could not be parsed.</summary>
    public const string Malformed = "malformed";
    /// <summary>The payload parsed but yielded no article (no headline or no text).</summary>
    public const string NoContent = "no-content";
    /// <summary>The payload exceeds a size, depth or time limit.</summary>
    public const string TooLarge = "too-large";
    /// <summary>The payload is binary or not text in any supported encoding.</summary>
    public const string Binary = "binary";
    /// <summary>The payload is not safe to process (e.g. a DTD or external entity).</summary>
    public const string Unsafe = "unsafe";
    /// <summary>The message itself is invalid (missing fields).</summary>
    public const string InvalidMessage = "invalid-message";
    /// <summary>The worker process died (crash, kill) while handling the message, on several deliveries; added in 1.2.</summary>
    public const string Poison = "poison";
}
