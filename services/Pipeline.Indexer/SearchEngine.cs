using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Pipeline.ServiceDefaults;
using Pipeline.TextRules;

namespace Pipeline.Indexer;

/// <summary>
/// The search shared by the writer (<see cref="ArticleIndex"/>) and the read-only <see cref="ArticleSearcher"/>:
/// lenient parsing across the per-language fields, filters, facets over all matches, highlighted snippets.
/// </summary>
internal static partial class SearchEngine
{
    private const int FacetSize = 20;
    private const int FragmentSize = 160;
    private const int MaxFragments = 2;
    private const string FragmentSeparator = " … ";

    private static readonly string[] SearchFields =
    [
        IndexFields.Title(IndexFields.Italian), IndexFields.Text(IndexFields.Italian),
        IndexFields.Title(IndexFields.English), IndexFields.Text(IndexFields.English),
        IndexFields.Title(IndexFields.Standard), IndexFields.Text(IndexFields.Standard),
    ];

    // Every search field needs an entry: Lucene.NET's parser indexes this dictionary without a fallback.
    private static readonly Dictionary<string, float> Boosts = new(StringComparer.Ordinal)
    {
        [IndexFields.Title(IndexFields.Italian)] = 2f,
        [IndexFields.Text(IndexFields.Italian)] = 1f,
        [IndexFields.Title(IndexFields.English)] = 2f,
        [IndexFields.Text(IndexFields.English)] = 1f,
        [IndexFields.Title(IndexFields.Standard)] = 2f,
        [IndexFields.Text(IndexFields.Standard)] = 1f,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a limit, offset or query length out of range.</summary>
    public static void Validate(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Limit, 1, nameof(request.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Limit, SearchRequest.MaxLimit, nameof(request.Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Offset, nameof(request.Offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Offset, SearchRequest.MaxOffset, nameof(request.Offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Query?.Length ?? 0, SearchRequest.MaxQueryLength, nameof(request.Query));
        if (request.Cursor is { Length: > 0 } && request.Offset != 0)
        {
            throw new InvalidSearchException("Give either a cursor or an offset, not both: the cursor already says where the page starts.");
        }
    }

    /// <summary>Runs a search; <c>now</c> is the clock's time, which the date facet counts back from.</summary>
    public static SearchResponse Search(IndexSearcher searcher, ArticleAnalyzers analyzers, SearchRequest request, ILogger logger, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = IndexerDiagnostics.ActivitySource.StartActivity("search");
        var started = Stopwatch.GetTimestamp();

        var (parsed, matchAll) = ParseQuery(request.Query, analyzers, logger);
        if (parsed is null)
        {
            return SearchResponse.Empty;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(SearchRequest.Deadline);
        try
        {
            return Run(searcher, analyzers, request, logger, parsed, matchAll, now, started, activity, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidSearchException(
                $"The query ran longer than {SearchRequest.Deadline.TotalSeconds:0} s and was stopped; use fewer wildcards or more specific words.");
        }
    }

    private static SearchResponse Run(
        IndexSearcher searcher,
        ArticleAnalyzers analyzers,
        SearchRequest request,
        ILogger logger,
        Query parsed,
        bool matchAll,
        DateTimeOffset now,
        long started,
        Activity? activity,
        CancellationToken cancellationToken)
    {
        // Rewritten once against the index: prefix/wildcard/fuzzy terms become at most MaxExpansions term queries per
        // field (top-terms rewrite), so neither the search nor the highlighter expands them again.
        var query = searcher.Rewrite(parsed);
        cancellationToken.ThrowIfCancellationRequested();
        var filter = BuildFilter(request);
        var fingerprint = SearchCursor.FingerprintOf(request);
        var after = request.Cursor is { Length: > 0 } text ? SearchCursor.Decode(text, fingerprint) : null;
        var dateFacets = DateFacetThresholds(now);
        var facets = new FacetCollector(
            [.. dateFacets.Select(bucket => bucket.From.ToUnixTimeMilliseconds())],
            IndexFields.Language, IndexFields.SourceId, IndexFields.EntityFacet, IndexFields.TopicFacet, IndexFields.CountryFacet, IndexFields.Story);
        var byDate = matchAll || request.Sort == SearchSort.Newest;
        var page = request.Collapse == SearchCollapse.Story
            ? CollapsedPage(searcher, query, filter, request, after, facets, byDate, fingerprint, cancellationToken)
            : SortedPage(searcher, query, filter, request, after, facets, byDate, fingerprint, cancellationToken);

        var snippets = matchAll ? null : CreateHighlighter(query);
        var hits = new List<SearchHit>(page.Docs.Count);
        foreach (var (doc, score, others) in page.Docs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hits.Add(ToHit(searcher.Doc(doc), byDate ? 0f : score, snippets, analyzers) with { OthersInStory = others });
        }

        activity?.SetTag(TelemetryTags.SearchTotal, page.Total);
        IndexerDiagnostics.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Log.Searched(logger, page.Total, hits.Count);
        return new SearchResponse
        {
            Total = page.Total,
            Hits = hits,
            Groups = page.Groups,
            NextCursor = page.Next?.Encode(),
            Facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal)
            {
                [SearchResponse.LanguageFacet] = facets.Top(IndexFields.Language, FacetSize),
                [SearchResponse.SourceFacet] = facets.Top(IndexFields.SourceId, FacetSize),
                [SearchResponse.EntityFacet] = facets.Top(IndexFields.EntityFacet, FacetSize),
                [SearchResponse.TopicFacet] = facets.Top(IndexFields.TopicFacet, FacetSize),
                [SearchResponse.CountryFacet] = facets.Top(IndexFields.CountryFacet, FacetSize),
                [SearchResponse.StoryFacet] = StoryLabels(searcher, facets.Top(IndexFields.Story, FacetSize)),
                [SearchResponse.DateFacet] = [.. dateFacets
                    .Select((bucket, i) => new FacetCount(bucket.From.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture), facets.DateCounts[i]) { Label = bucket.Label })
                    .Where(facet => facet.Count > 0)],
            },
        };
    }

    /// <summary>A page of hits (top-level document, score, others in its story when collapsed) and where the next starts.</summary>
    private sealed record PageOfHits(int Total, IReadOnlyList<(int Doc, float Score, int? Others)> Docs, SearchCursor? Next, int? Groups = null);

    /// <summary>Every match a hit, sorted by score or date and then article id, from the offset or after the cursor.</summary>
    private static PageOfHits SortedPage(
        IndexSearcher searcher, Query query, Filter? filter, SearchRequest request, SearchCursor? after, FacetCollector facets, bool byDate, ulong fingerprint, CancellationToken cancellationToken)
    {
        var sort = new Sort(byDate ? new SortField(IndexFields.DateSort, SortFieldType.INT64, true) : SortField.FIELD_SCORE, new SortField(IndexFields.Id, SortFieldType.STRING));
        var top = TopFieldCollector.Create(sort, request.Offset + request.Limit + 1, after?.ToFieldDoc(), fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: true);
        searcher.Search(query, filter, new CancellableCollector(MultiCollector.Wrap(top, facets), cancellationToken));
        var docs = top.GetTopDocs(request.Offset, request.Limit + 1).ScoreDocs;
        var page = docs.Take(request.Limit).ToArray();
        var next = docs.Length > request.Limit ? SearchCursor.FromFieldDoc((FieldDoc)page[^1], fingerprint) : null;
        return new PageOfHits(top.TotalHits, [.. page.Select(d => (d.Doc, d.Score, (int?)null))], next);
    }

    /// <summary>One hit per story: its best match, with the count of the story's other matches.</summary>
    private static PageOfHits CollapsedPage(
        IndexSearcher searcher, Query query, Filter? filter, SearchRequest request, SearchCursor? after, FacetCollector facets, bool byDate, ulong fingerprint, CancellationToken cancellationToken)
    {
        if (after is not null && after.Kind != SearchCursor.KeyKind.Double)
        {
            throw new InvalidSearchException("The cursor belongs to a search without collapse; start again without it.");
        }

        var groups = new StoryCollapseCollector(byDate);
        var total = new TotalHitCountCollector();
        searcher.Search(query, filter, new CancellableCollector(MultiCollector.Wrap(groups, facets, total), cancellationToken));
        var page = groups.Page(after, request.Offset, request.Limit + 1);
        var shown = page.Take(request.Limit).ToArray();
        var next = page.Count > request.Limit ? new SearchCursor(SearchCursor.KeyKind.Double, shown[^1].Key, shown[^1].ArticleId, fingerprint) : null;
        return new PageOfHits(total.TotalHits, [.. shown.Select(g => (g.Doc, (float)g.Key, (int?)(g.Matches - 1)))], next, groups.GroupCount);
    }

    /// <summary>The date facet's buckets: matches published in the last day, week, month and year (minutes cut, so a value stays the same for a minute).</summary>
    private static (DateTimeOffset From, string Label)[] DateFacetThresholds(DateTimeOffset now)
    {
        var minute = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        return [(minute.AddDays(-1), "last 24 hours"), (minute.AddDays(-7), "last 7 days"), (minute.AddDays(-30), "last 30 days"), (minute.AddDays(-365), "last 12 months")];
    }

    /// <summary>Story facet values labelled with the story's earliest headline.</summary>
    private static IReadOnlyList<FacetCount> StoryLabels(IndexSearcher searcher, IReadOnlyList<FacetCount> stories)
    {
        var oldestFirst = new Sort(new SortField(IndexFields.DateSort, SortFieldType.INT64, false));
        var headline = new HashSet<string>(StringComparer.Ordinal) { IndexFields.Headline };
        return [.. stories.Select(story =>
        {
            var first = searcher.Search(new TermQuery(new Term(IndexFields.Story, story.Value)), null, 1, oldestFirst).ScoreDocs;
            return first.Length == 0 ? story : story with { Label = searcher.Doc(first[0].Doc, headline).Get(IndexFields.Headline, CultureInfo.InvariantCulture) };
        })];
    }

    public static IndexedArticle? Find(IndexSearcher searcher, string articleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        var top = searcher.Search(new TermQuery(new Term(IndexFields.Id, articleId)), 1);
        return top.TotalHits == 0 ? null : ArticleDocuments.ToArticle(searcher.Doc(top.ScoreDocs[0].Doc));
    }

    /// <summary>
    /// Parses the user's text over all language fields (all words required). A syntax error is retried with the
    /// text escaped and operators lower-cased; if that fails too the result is null (no hits), never an exception.
    /// </summary>
    internal static (Query? Query, bool MatchAll) ParseQuery(string? text, ArticleAnalyzers analyzers, ILogger logger)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed is "*" or "*:*")
        {
            return (new MatchAllDocsQuery(), true);
        }

        if (TryParse(trimmed, analyzers, out var query, out var error))
        {
            return (query, false);
        }

        Log.QueryRelaxed(logger, error);
        var literal = Operators().Replace(QueryParserBase.Escape(trimmed), m => m.Value.ToLowerInvariant());
        return TryParse(literal, analyzers, out query, out _) ? (query, false) : (null, false);
    }

    private static bool TryParse(string text, ArticleAnalyzers analyzers, out Query? query, out string? error)
    {
        var parser = new BoundedQueryParser(SearchFields, analyzers.PerField, Boosts)
        {
            DefaultOperator = Operator.AND,
            AllowLeadingWildcard = false,
            MultiTermRewriteMethod = new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(SearchRequest.MaxExpansions),
        };
        try
        {
            query = parser.Parse(text);
            error = null;
            return query is not null;
        }
        catch (ParseException ex)
        {
            (query, error) = (null, ex.Message);
            return false;
        }
        catch (ArgumentException ex) when (ex is not InvalidSearchException)
        {
            // e.g. an invalid /regular expression/
            (query, error) = (null, ex.Message);
            return false;
        }
    }

    private static QueryWrapperFilter? BuildFilter(SearchRequest request)
    {
        var clauses = new BooleanQuery();
        if (!string.IsNullOrWhiteSpace(request.Language))
        {
            // A tag without a primary subtag of 2 or 3 letters names no indexed language: the empty term matches nothing.
            clauses.Add(new TermQuery(new Term(IndexFields.Language, LanguageTags.Primary(request.Language) ?? string.Empty)), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.SourceId))
        {
            clauses.Add(new TermQuery(new Term(IndexFields.SourceId, request.SourceId.Trim())), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.Entity))
        {
            clauses.Add(new TermQuery(new Term(IndexFields.EntityKey, request.Entity.Trim().ToLowerInvariant())), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.Topic))
        {
            clauses.Add(new TermQuery(new Term(IndexFields.Topic, request.Topic.Trim().ToLowerInvariant())), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.Country))
        {
            clauses.Add(new TermQuery(new Term(IndexFields.Country, request.Country.Trim().ToUpperInvariant())), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.Story))
        {
            clauses.Add(new TermQuery(new Term(IndexFields.Story, request.Story.Trim())), Occur.MUST);
        }

        if (request.MaxUrgency is int maxUrgency)
        {
            clauses.Add(NumericRangeQuery.NewInt32Range(IndexFields.Urgency, 1, maxUrgency, true, true), Occur.MUST);
        }

        if (request.From is not null || request.To is not null)
        {
            clauses.Add(
                NumericRangeQuery.NewInt64Range(IndexFields.Date, request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds(), true, true),
                Occur.MUST);
        }

        return clauses.Clauses.Count == 0 ? null : new QueryWrapperFilter(clauses);
    }

    private static Highlighter CreateHighlighter(Query query)
    {
        // No field given: terms of every field count, so stems (text_it) and exact words (text_std) both highlight.
        var scorer = new QueryScorer(query);
        return new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, FragmentSize),
        };
    }

    private static SearchHit ToHit(Document doc, float score, Highlighter? highlighter, ArticleAnalyzers analyzers)
    {
        var language = doc.Get(IndexFields.Language, CultureInfo.InvariantCulture) ?? LanguageTags.Undetermined;
        var body = doc.Get(IndexFields.Body, CultureInfo.InvariantCulture) ?? "";
        var lead = doc.Get(IndexFields.Lead, CultureInfo.InvariantCulture);
        return new SearchHit
        {
            ArticleId = doc.Get(IndexFields.Id, CultureInfo.InvariantCulture),
            Headline = doc.Get(IndexFields.Headline, CultureInfo.InvariantCulture) ?? "",
            SourceId = doc.Get(IndexFields.SourceId, CultureInfo.InvariantCulture) ?? "",
            SourceName = doc.Get(IndexFields.SourceName, CultureInfo.InvariantCulture),
            PublishedAt = ArticleDocuments.ParseDate(doc.Get(IndexFields.PublishedAt, CultureInfo.InvariantCulture)),
            Language = language,
            Version = ArticleDocuments.StoredVersion(doc),
            Urgency = doc.GetField(IndexFields.Urgency)?.GetInt32Value(),
            Score = float.IsFinite(score) ? score : 0f,
            Snippet = Snippet(highlighter, analyzers.For(IndexFields.AnalyzerKey(language)), body, lead),
            CanonicalUrl = doc.Get(IndexFields.CanonicalUrl, CultureInfo.InvariantCulture),
            Entities = doc.GetValues(IndexFields.Entity, CultureInfo.InvariantCulture),
            StoryId = doc.Get(IndexFields.Story, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Best fragments of the body (else the lead) with matches marked; else the text's opening, encoded.</summary>
    internal static string Snippet(Highlighter? highlighter, Lucene.Net.Analysis.Analyzer analyzer, string body, string? lead)
    {
        if (highlighter is not null)
        {
            foreach (var text in new[] { body, lead })
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                string? fragments;
                try
                {
                    fragments = highlighter.GetBestFragments(analyzer.GetTokenStream(IndexFields.Body, text), text, MaxFragments, FragmentSeparator);
                }
                catch (BooleanQuery.TooManyClausesException)
                {
                    // A multi-term query the highlighter expanded past the clause limit: the plain opening instead.
                    break;
                }

                if (!string.IsNullOrEmpty(fragments))
                {
                    return fragments.Trim();
                }
            }
        }

        var opening = !string.IsNullOrWhiteSpace(lead) ? lead : body;
        return WebUtility.HtmlEncode(Shorten(opening, FragmentSize * MaxFragments));
    }

    private static string Shorten(string text, int max)
    {
        var flat = Whitespace().Replace(text, " ").Trim();
        if (flat.Length <= max)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', max);
        return string.Concat(flat.AsSpan(0, cut > max / 2 ? cut : max), "…");
    }

    /// <summary>
    /// The classic parser with the expensive constructs bounded: a <c>/regular expression/</c> is a syntax error (so the
    /// text is searched literally: determinizing a regex such as <c>[ab]*a[ab]{20}</c> takes gigabytes), a wildcard
    /// term has at most <see cref="SearchRequest.MaxWildcards"/> wildcards and a query at most
    /// <see cref="SearchRequest.MaxMultiTermQueries"/> wildcard, prefix and fuzzy terms (else <see cref="InvalidSearchException"/>).
    /// </summary>
    private sealed class BoundedQueryParser(string[] fields, Lucene.Net.Analysis.Analyzer analyzer, IDictionary<string, float> boosts)
        : MultiFieldQueryParser(ArticleAnalyzers.Version, fields, analyzer, boosts)
    {
        private int _multiTermQueries;
        private bool _expanding;

        protected override Query GetRegexpQuery(string field, string termStr) =>
            throw new ParseException("Regular-expression queries are not supported.");

        protected override Query GetWildcardQuery(string field, string termStr)
        {
            var wildcards = termStr.Count(c => c is '*' or '?');
            if (wildcards > SearchRequest.MaxWildcards)
            {
                throw new InvalidSearchException(
                    $"'{Shorten(termStr, 40)}' has {wildcards} wildcards; a term may have at most {SearchRequest.MaxWildcards}.");
            }

            return Counted(() => base.GetWildcardQuery(field, termStr));
        }

        protected override Query GetPrefixQuery(string field, string termStr)
        {
            return Counted(() => base.GetPrefixQuery(field, termStr));
        }

        protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity)
        {
            return Counted(() => base.GetFuzzyQuery(field, termStr, minSimilarity));
        }

        /// <summary>Counts a multi-term query once, not again for each field the base parser expands it to.</summary>
        private Query Counted(Func<Query> create)
        {
            if (_expanding)
            {
                return create();
            }

            if (++_multiTermQueries > SearchRequest.MaxMultiTermQueries)
            {
                throw new InvalidSearchException(
                    $"The query has more than {SearchRequest.MaxMultiTermQueries} wildcard, prefix or fuzzy terms.");
            }

            _expanding = true;
            try
            {
                return create();
            }
            finally
            {
                _expanding = false;
            }
        }
    }

    /// <summary>Passes hits on to <paramref name="inner"/>, stopping the search once the token fires.</summary>
    private sealed class CancellableCollector(ICollector inner, CancellationToken cancellationToken) : ICollector
    {
        private int _collected;

        public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            cancellationToken.ThrowIfCancellationRequested();
            inner.SetNextReader(context);
        }

        public void Collect(int doc)
        {
            if ((++_collected & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            inner.Collect(doc);
        }
    }

    [GeneratedRegex(@"\b(AND|OR|NOT|TO)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Operators();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
