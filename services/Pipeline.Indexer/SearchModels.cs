using Pipeline.Contracts.Articles;

namespace Pipeline.Indexer;

/// <summary>The order of search hits.</summary>
public enum SearchSort
{
    /// <summary>Best match first (the default); a match-all query (<c>*</c>) has no relevance and comes newest first.</summary>
    Relevance,

    /// <summary>Most recently published (else received) first.</summary>
    Newest,
}

/// <summary>How hits of one story are grouped.</summary>
public enum SearchCollapse
{
    /// <summary>Every matching article is a hit.</summary>
    None,

    /// <summary>One hit per story (its best article in the sort order) carrying how many other matches the story has.</summary>
    Story,
}

/// <summary>A search over the article index.</summary>
public sealed record SearchRequest
{
    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 100;

    /// <summary>Deepest offset a page may start at.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Longest query text accepted.</summary>
    public const int MaxQueryLength = 500;

    /// <summary>Most terms one <c>prefix*</c>, <c>wild?card</c> or <c>fuzzy~</c> term expands to, per field (the most frequent are kept).</summary>
    public const int MaxExpansions = 256;

    /// <summary>Most <c>*</c> and <c>?</c> characters in one wildcard term (more can make the automaton explode).</summary>
    public const int MaxWildcards = 6;

    /// <summary>Most wildcard, prefix and fuzzy terms in one query.</summary>
    public const int MaxMultiTermQueries = 8;

    /// <summary>Longest a search may run before it is stopped and answered with a 400 problem.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The user's query in Lucene's classic syntax (words, <c>"phrases"</c>, <c>AND</c>/<c>OR</c>/<c>NOT</c>,
    /// <c>prefix*</c>); all words must match by default. A syntax error is not an error: the text is then searched
    /// literally. Empty or <c>*</c> matches every article, newest first.
    /// </summary>
    public string Query { get; init; } = "";

    /// <summary>Only articles in this language (ISO 639-1, e.g. <c>it</c>).</summary>
    public string? Language { get; init; }

    /// <summary>Only articles from this source id (e.g. <c>prima-notizia-24</c>).</summary>
    public string? SourceId { get; init; }

    /// <summary>Only articles naming this entity: its normalized name or its id (<c>geonames:524901</c>), case-insensitive.</summary>
    public string? Entity { get; init; }

    /// <summary>Only articles with this IPTC media topic among their topics (<c>medtop:11000000</c>), case-insensitive.</summary>
    public string? Topic { get; init; }

    /// <summary>Only articles about this country (ISO 3166-1 alpha-2, e.g. <c>IT</c>), case-insensitive.</summary>
    public string? Country { get; init; }

    /// <summary>Only articles of this story (the story id, <c>c-</c> and 16 hex digits).</summary>
    public string? Story { get; init; }

    /// <summary>Only articles published at or after this time (articles without a date count as published when received).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only articles published at or before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only articles at least this urgent: urgency 1 (flash) up to this value; articles without an urgency are left out.</summary>
    public int? MaxUrgency { get; init; }

    /// <summary>The order of the hits.</summary>
    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>Page size, 1..<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Hits to skip, 0..<see cref="MaxOffset"/>; 0 when a <see cref="Cursor"/> is given.</summary>
    public int Offset { get; init; }

    /// <summary>One hit per story, or every article.</summary>
    public SearchCollapse Collapse { get; init; } = SearchCollapse.None;

    /// <summary>
    /// <see cref="SearchResponse.NextCursor"/> of the previous page of the same search: the page after it (search_after),
    /// at any depth. A cursor of another search is refused (<see cref="InvalidSearchException"/>).
    /// </summary>
    public string? Cursor { get; init; }
}

/// <summary>The answer to a <see cref="SearchRequest"/>.</summary>
public sealed record SearchResponse
{
    /// <summary>Facet names in <see cref="Facets"/>.</summary>
    public const string LanguageFacet = "language";

    /// <inheritdoc cref="LanguageFacet"/>
    public const string SourceFacet = "source";

    /// <inheritdoc cref="LanguageFacet"/>
    public const string EntityFacet = "entity";

    /// <inheritdoc cref="LanguageFacet"/>
    public const string TopicFacet = "topic";

    /// <inheritdoc cref="LanguageFacet"/>
    public const string CountryFacet = "country";

    /// <inheritdoc cref="LanguageFacet"/>
    public const string StoryFacet = "story";

    /// <summary>Matches published in the last day, week, month and year: each value is the <c>from</c> to filter by.</summary>
    public const string DateFacet = "date";

    /// <summary>Every facet name, in the order of <see cref="Facets"/>.</summary>
    public static IReadOnlyList<string> FacetNames { get; } = [LanguageFacet, SourceFacet, EntityFacet, TopicFacet, CountryFacet, StoryFacet, DateFacet];

    /// <summary>Number of matching articles (all pages).</summary>
    public required int Total { get; init; }

    /// <summary>The requested page of matches, best first.</summary>
    public required IReadOnlyList<SearchHit> Hits { get; init; }

    /// <summary>
    /// Counts over all matches (not just the page), by facet name (<see cref="FacetNames"/>), largest first. Each value
    /// is what the facet's filter parameter takes (<c>entity</c>: an entity id, else its name; <c>date</c>: a <c>from</c>).
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets { get; init; }

    /// <summary>With <see cref="SearchCollapse.Story"/>: the number of hits after collapsing (stories, plus articles in none).</summary>
    public int? Groups { get; init; }

    /// <summary>Pass as <see cref="SearchRequest.Cursor"/> (<c>cursor=</c>) for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }

    /// <summary>The response when nothing matches (or there is no index yet).</summary>
    public static SearchResponse Empty { get; } = new()
    {
        Total = 0,
        Hits = [],
        Facets = FacetNames.ToDictionary(name => name, IReadOnlyList<FacetCount> (_) => [], StringComparer.Ordinal),
    };
}

/// <summary>One matching article.</summary>
public sealed record SearchHit
{
    public required string ArticleId { get; init; }
    public required string Headline { get; init; }
    public required string SourceId { get; init; }
    public string? SourceName { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required string Language { get; init; }
    public int Version { get; init; }

    /// <summary>The agency's urgency, 1 (flash) to 9, when it gave one.</summary>
    public int? Urgency { get; init; }

    /// <summary>Relevance (higher is better); comparable only within one response.</summary>
    public float Score { get; init; }

    /// <summary>An HTML fragment of the body: matches wrapped in <c>&lt;mark&gt;</c>, everything else HTML-encoded.</summary>
    public required string Snippet { get; init; }

    public string? CanonicalUrl { get; init; }

    /// <summary>Names of the entities the article mentions, most mentioned first.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>The story (cluster) id of the article, when the enricher gave one.</summary>
    public string? StoryId { get; init; }

    /// <summary>With <c>collapse=story</c>: how many other matching articles the story has (0 for an article in no story).</summary>
    public int? OthersInStory { get; init; }
}

/// <summary>How many matches carry a facet value.</summary>
/// <param name="Value">What the facet's filter parameter takes.</param>
/// <param name="Count">Matching articles with that value.</param>
public sealed record FacetCount(string Value, int Count)
{
    /// <summary>What people read when it differs from the value: an entity's name, a topic's label, a story's first headline.</summary>
    public string? Label { get; init; }
}

/// <summary>An article as the index stores it.</summary>
public sealed record IndexedArticle
{
    public required string ArticleId { get; init; }
    public required int Version { get; init; }
    public required string DispatchId { get; init; }
    public required string Headline { get; init; }
    public string? SubHeadline { get; init; }
    public required string SourceId { get; init; }
    public string? SourceName { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? IndexedAt { get; init; }
    public required string Language { get; init; }
    public IReadOnlyList<string> Sections { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Entities { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string? CanonicalUrl { get; init; }
    public string? Lead { get; init; }

    /// <summary>The plain-text body, paragraphs separated by blank lines.</summary>
    public required string Body { get; init; }

    /// <summary>
    /// The whole message the enricher published (topics, quotes, countries, story cluster, urgency, media, entities with
    /// their spans…), as subscribers receive it; null for an article indexed before the indexer stored it.
    /// </summary>
    public ArticleEnriched? Enriched { get; init; }
}

/// <summary>What an upsert did.</summary>
public enum IndexOutcome
{
    /// <summary>The article was not in the index and now is.</summary>
    Added,

    /// <summary>A document with the same id (same or older version) was replaced.</summary>
    Replaced,

    /// <summary>The index holds a newer version; nothing was written.</summary>
    SkippedOlderVersion,
}

/// <summary>The result of <see cref="ArticleIndex.UpsertAsync"/>.</summary>
/// <param name="ArticleId">The article.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Version">The version the index holds now.</param>
/// <param name="PreviousVersion">The version the index held before, if any.</param>
public sealed record IndexResult(string ArticleId, IndexOutcome Outcome, int Version, int? PreviousVersion)
{
    /// <summary>True when an existing document was replaced.</summary>
    public bool Replaced => Outcome == IndexOutcome.Replaced;

    /// <summary>True when nothing was written because the index holds a newer version.</summary>
    public bool Skipped => Outcome == IndexOutcome.SkippedOlderVersion;
}

/// <summary>Read access to the article index: the writer (<see cref="ArticleIndex"/>) and read-only readers (<see cref="ArticleSearcher"/>).</summary>
public interface IArticleSearch
{
    /// <summary>Searches; never throws for query syntax. Throws <see cref="ArgumentOutOfRangeException"/> for a limit or offset out of range.</summary>
    SearchResponse Search(SearchRequest request);

    /// <summary>
    /// Searches until <paramref name="cancellationToken"/> fires (e.g. the client left) or <see cref="SearchRequest.Deadline"/>
    /// passes. Throws <see cref="InvalidSearchException"/> for a query over a limit (too many wildcards, too slow),
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    SearchResponse SearchBounded(SearchRequest request, CancellationToken cancellationToken) => Search(request);

    /// <summary>The stored article, or null when it is not indexed.</summary>
    IndexedArticle? Find(string articleId);

    /// <summary>Number of documents.</summary>
    int Count { get; }
}

/// <summary>A query the search refuses because it is over a limit (<see cref="SearchRequest.MaxWildcards"/>, the deadline...); the message says why.</summary>
public sealed class InvalidSearchException : ArgumentException
{
    public InvalidSearchException()
    {
    }

    public InvalidSearchException(string message)
        : base(message)
    {
    }

    public InvalidSearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
