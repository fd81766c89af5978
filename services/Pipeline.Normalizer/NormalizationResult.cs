using Pipeline.Contracts.Articles;

namespace Pipeline.Normalizer;

/// <summary>
/// What normalizing one dispatch produced: its articles, and the items of a feed document that could not be read
/// (each rejected on its own, so one bad item never costs the others).
/// </summary>
public sealed record NormalizationResult
{
    /// <summary>The format the payload was parsed as (a <c>DispatchFormats</c> value).</summary>
    public required string Format { get; init; }

    /// <summary>One article per usable item (at least one: a document with none is rejected as a whole).</summary>
    public required IReadOnlyList<CanonicalArticle> Articles { get; init; }

    /// <summary>Items of the document rejected on their own, in document order (empty for most dispatches).</summary>
    public IReadOnlyList<RejectedItem> RejectedItems { get; init; } = [];
}

/// <summary>
/// One item of a feed document (RSS/RDF item, Atom entry, JSON Feed item, NewsML item) that could not be read.
/// A consumer announces it as a <c>DispatchRejected</c> carrying the dispatch id, <see cref="ReasonCode"/> and a
/// message naming <see cref="ItemGuid"/> (or <see cref="Index"/>); the document's other items travel on.
/// </summary>
public sealed record RejectedItem
{
    /// <summary>Position of the item in the document, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The item's own id (RSS guid or rdf:about, Atom id, JSON Feed id, NewsML guid) when it could be read.</summary>
    public string? ItemGuid { get; init; }

    /// <summary>A <c>RejectionReasons</c> code (<c>malformed</c> unless the failure said otherwise).</summary>
    public required string ReasonCode { get; init; }

    /// <summary>What went wrong, in words a person can act on.</summary>
    public required string Message { get; init; }

    /// <summary>The item failed with an exception no parser foresaw (a gap to fix, not just bad input): the fuzz tests look for these.</summary>
    internal bool Unexpected { get; init; }
}
