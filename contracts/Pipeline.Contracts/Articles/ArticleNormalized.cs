namespace Pipeline.Contracts.Articles;

/// <summary>Published by the normalizer once a dispatch (or one item of a feed) became a canonical article.</summary>
public sealed record ArticleNormalized
{
    /// <summary>Same as <see cref="CanonicalArticle.ArticleId"/>; on top for routing and idempotency.</summary>
    public required string ArticleId { get; init; }

    /// <summary>The dispatch the article came from.</summary>
    public required string DispatchId { get; init; }

    /// <summary>When the dispatch was received (from <c>DispatchReceived</c>).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When normalization finished.</summary>
    public required DateTimeOffset NormalizedAt { get; init; }

    /// <summary>The canonical article.</summary>
    public required CanonicalArticle Article { get; init; }
}
