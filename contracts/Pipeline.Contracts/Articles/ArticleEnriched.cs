namespace Pipeline.Contracts.Articles;

/// <summary>
/// Published by the enricher: the canonical article plus everything the enricher found in it.
/// This is the event outside applications subscribe to.
/// </summary>
public sealed record ArticleEnriched
{
    /// <summary>
    /// The article's id: always <see cref="CanonicalArticle.ArticleId"/> of <see cref="Article"/>. Since 1.3 the id
    /// travels once, in the article. This property is still written at the top of the JSON, as in 1.2 (subscribers that
    /// route on it keep reading it there), but never read back, so the two cannot disagree.
    /// </summary>
    public string ArticleId => Article?.ArticleId!;

    /// <summary>The dispatch the article came from.</summary>
    public required string DispatchId { get; init; }

    /// <summary>When the dispatch was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When enrichment finished.</summary>
    public required DateTimeOffset EnrichedAt { get; init; }

    /// <summary>The canonical article, unchanged from <see cref="ArticleNormalized"/>.</summary>
    public required CanonicalArticle Article { get; init; }

    /// <summary>What the enricher added.</summary>
    public required Enrichment Enrichment { get; init; }
}

/// <summary>Everything the enricher adds to a canonical article.</summary>
public sealed record Enrichment
{
    /// <summary>The language of the text.</summary>
    public required LanguageInfo Language { get; init; }

    /// <summary>Named entities, most mentioned first.</summary>
    public IReadOnlyList<Entity> Entities { get; init; } = [];

    /// <summary>Key phrases, best first.</summary>
    public IReadOnlyList<Keyword> Keywords { get; init; } = [];

    /// <summary>IPTC Media Topics, best first.</summary>
    public IReadOnlyList<Topic> Topics { get; init; } = [];

    /// <summary>Countries the article is about (ISO 3166-1 alpha-2), dateline first.</summary>
    public IReadOnlyList<CountryRef> Countries { get; init; } = [];

    /// <summary>Quoted speech, with the speaker when the text attributes it.</summary>
    public IReadOnlyList<Quote> Quotes { get; init; } = [];

    /// <summary>The story the article belongs to (the same event across outlets and languages), when computed.</summary>
    public StoryCluster? Cluster { get; init; }
}

/// <summary>Detected and declared language.</summary>
public sealed record LanguageInfo
{
    /// <summary>The language Pipeline uses (ISO 639-1, e.g. <c>it</c>): the detected one, or the declared one when detection is unsure.</summary>
    public required string Code { get; init; }

    /// <summary>The detected language, or null when the text was too short to tell.</summary>
    public string? Detected { get; init; }

    /// <summary>Confidence of the detection, 0..1.</summary>
    public double Confidence { get; init; }

    /// <summary>The language the source declared, when it declared one.</summary>
    public string? Declared { get; init; }

    /// <summary>True when the declared and detected languages disagree (the detected one wins).</summary>
    public bool Conflict { get; init; }
}

/// <summary>A named entity found in the article.</summary>
public sealed record Entity
{
    /// <summary>The normalized name, aliases merged (e.g. <c>Vladimir Putin</c> for "Putin").</summary>
    public required string Name { get; init; }

    /// <summary>One of <see cref="EntityTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Number of mentions in headline, lead and body.</summary>
    public int Count { get; init; }

    /// <summary>Surface forms as they appeared (e.g. "Putin", "Vladimir Putin").</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    /// <summary>Character offsets of the mentions in the article's plain text (headline, lead and paragraphs joined by blank lines).</summary>
    public IReadOnlyList<TextSpan> Spans { get; init; } = [];

    /// <summary>ISO 3166-1 alpha-2 code for places that are, or lie in, a known country.</summary>
    public string? CountryCode { get; init; }

    /// <summary>
    /// Stable identifier of the real-world entity, the same in every article and language: <c>geonames:&lt;id&gt;</c>
    /// for a country or city (its GeoNames id), else <c>pipeline:&lt;type&gt;:&lt;slug of the canonical name&gt;</c>
    /// (<c>pipeline:person:vladimir-putin</c>, <c>pipeline:organisation:united-nations</c>, <c>pipeline:place:lombardy</c>).
    /// Null from enrichers older than entity linking.
    /// </summary>
    public string? Id { get; init; }
}

/// <summary>Values of <see cref="Entity.Type"/>.</summary>
public static class EntityTypes
{
    public const string Person = "person";
    public const string Organisation = "organisation";
    public const string Place = "place";
}

/// <summary>A character range in the article's plain text.</summary>
public sealed record TextSpan
{
    public required int Start { get; init; }
    public required int Length { get; init; }
}

/// <summary>A key phrase and its score (higher is more relevant).</summary>
public sealed record Keyword
{
    public required string Text { get; init; }
    public required double Score { get; init; }
}

/// <summary>An IPTC Media Topic.</summary>
public sealed record Topic
{
    /// <summary>The media topic code, e.g. <c>medtop:11000000</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Label in the article's language when known, else English.</summary>
    public required string Label { get; init; }

    public required double Score { get; init; }
}

/// <summary>A country the article is about.</summary>
public sealed record CountryRef
{
    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public required string Code { get; init; }

    /// <summary>English name.</summary>
    public string? Name { get; init; }

    /// <summary>Relevance, 0..1.</summary>
    public double Score { get; init; }

    /// <summary>Latitude of the most relevant known city in that country, when one was named.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude of that city.</summary>
    public double? Longitude { get; init; }
}

/// <summary>Quoted speech.</summary>
public sealed record Quote
{
    public required string Text { get; init; }

    /// <summary>The speaker's normalized name, or a source such as "KCNA", when attributed.</summary>
    public string? Speaker { get; init; }

    public TextSpan? Span { get; init; }
}

/// <summary>
/// Membership of a story: every article about the same event — independent rewrites by other outlets, in any
/// language, and republished copies — shares <see cref="ClusterId"/>; copies (near-duplicates) also name the
/// first article of their wire copy in <see cref="DuplicateOf"/>.
/// </summary>
public sealed record StoryCluster
{
    /// <summary>Id shared by all articles of the same story (event), <c>c-</c> and 16 hex digits.</summary>
    public required string ClusterId { get; init; }

    /// <summary>This article's own text fingerprint (SimHash, 16 hex digits).</summary>
    public string? Fingerprint { get; init; }

    /// <summary>
    /// How alike the article is to what it joined, 0..1: its text resemblance to the first copy when it is a
    /// near-duplicate, else the similarity of its event signature to the story; 1 for the article that started the story.
    /// </summary>
    public double Similarity { get; init; }

    /// <summary>
    /// The finer level: when the article is a near-duplicate (republished or updated copy) of an earlier article,
    /// the id of the first article of that copy; all copies of one text carry the same value. Null otherwise.
    /// </summary>
    public string? DuplicateOf { get; init; }
}
