namespace Pipeline.Contracts.Articles;

/// <summary>Published by the normalizer once a dispatch (or one item of a feed) became a canonical article.</summary>
public sealed record ArticleNormalized
{
    /// <summary>
    /// The article's id: always <see cref="CanonicalArticle.ArticleId"/> of <see cref="Article"/>. Since 1.3 the id
    /// travels once, in the article. This property is still written at the top of the JSON, as in 1.2 (subscribers that
    /// route on it keep reading it there), but never read back, so the two cannot disagree.
    /// </summary>
    public string ArticleId => Article?.ArticleId!;

    /// <summary>The dispatch the article came from.</summary>
    public required string DispatchId { get; init; }

    /// <summary>When the dispatch was received (from <c>DispatchReceived</c>).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When normalization finished.</summary>
    public required DateTimeOffset NormalizedAt { get; init; }

    /// <summary>The canonical article.</summary>
    public required CanonicalArticle Article { get; init; }
}
