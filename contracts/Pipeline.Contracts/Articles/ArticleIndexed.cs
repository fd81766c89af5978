namespace Pipeline.Contracts.Articles;

/// <summary>Published by the indexer once an article is searchable.</summary>
public sealed record ArticleIndexed
{
    public required string ArticleId { get; init; }

    /// <summary>The dispatch the article came from.</summary>
    public required string DispatchId { get; init; }

    /// <summary>Name of the index (e.g. <c>articles</c>) or its location.</summary>
    public required string Index { get; init; }

    /// <summary>Version of the document in the index (the article's version).</summary>
    public required int Version { get; init; }

    /// <summary>True when the document replaced an existing one with the same id.</summary>
    public bool Replaced { get; init; }

    public required DateTimeOffset IndexedAt { get; init; }
}
