namespace Pipeline.Indexer;

/// <summary>Field names of the article index. Changing one needs a reindex.</summary>
internal static class IndexFields
{
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
