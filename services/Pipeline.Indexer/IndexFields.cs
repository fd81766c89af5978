namespace Pipeline.Indexer;

/// <summary>Field names of the article index. Changing one needs a reindex.</summary>
internal static class IndexFields
{
    /// <summary>The article id: indexed, stored, and as sorted doc values (the tie-break of every sort, so cursors are stable).</summary>
    public const string Id = "id";
    public const string Version = "version";
    public const string DispatchId = "dispatch_id";
    public const string Headline = "headline";
    public const string SubHeadline = "subheadline";
    public const string SourceId = "source_id";
    public const string SourceName = "source_name";
    public const string PublishedAt = "published_at";
    public const string IndexedAt = "indexed_at";

    /// <summary>Publication (else reception) time in Unix milliseconds: range filters.</summary>
    public const string Date = "date";

    /// <summary>Same as <see cref="Date"/> as doc values: sorting.</summary>
    public const string DateSort = "date_sort";

    /// <summary>The agency's urgency, 1 (flash) to 9: stored and range-filtered (absent when the source gives none).</summary>
    public const string Urgency = "urgency";

    public const string Language = "language";
    public const string Section = "section";
    public const string Author = "author";

    /// <summary>Entity names as written (stored, facet doc values).</summary>
    public const string Entity = "entity";

    /// <summary>Entity names and entity ids (<c>geonames:524901</c>, <c>pipeline:person:vladimir-putin</c>) lower-cased (indexed): the entity filter.</summary>
    public const string EntityKey = "entity_key";

    /// <summary>Entity ids (else names) with their names, as facet doc values (<see cref="FacetValues"/>).</summary>
    public const string EntityFacet = "entity_facet";

    /// <summary>IPTC media topic codes lower-cased (<c>medtop:11000000</c>), indexed: the topic filter.</summary>
    public const string Topic = "topic";

    /// <summary>Topic codes with their labels, as facet doc values.</summary>
    public const string TopicFacet = "topic_facet";

    /// <summary>ISO 3166-1 alpha-2 country codes upper-cased, indexed: the country filter.</summary>
    public const string Country = "country";

    /// <summary>Country codes with their names, as facet doc values.</summary>
    public const string CountryFacet = "country_facet";

    /// <summary>The story (cluster) id: indexed and stored (the story filter, hits' <c>storyId</c>) and as doc values (facet, <c>collapse=story</c>).</summary>
    public const string Story = "story";

    public const string Keyword = "keyword";
    public const string CanonicalUrl = "url";
    public const string Lead = "lead";
    public const string Body = "body";

    /// <summary>The whole <c>ArticleEnriched</c> as JSON (stored only): what <c>GET /articles/{id}</c> returns under <c>enriched</c>.</summary>
    public const string Message = "message";

    /// <summary>Analyzer keys: one title and one text field per key.</summary>
    public const string Italian = "it";
    public const string English = "en";
    public const string Standard = "std";

    public static string Title(string analyzerKey) => "title_" + analyzerKey;

    public static string Text(string analyzerKey) => "text_" + analyzerKey;

    /// <summary>The analyzer key for a language code: <c>it</c>, <c>en</c>, else <c>std</c>.</summary>
    public static string AnalyzerKey(string language) => language switch
    {
        Italian => Italian,
        English => English,
        _ => Standard,
    };
}
