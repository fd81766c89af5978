using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Pipeline.Indexer;

/// <summary>
/// <c>collapse=story</c>: keeps, for each story, its best match (by score or date, then article id) and how many
/// matches the story has; an article in no story is a group of its own. Memory is one entry per group.
/// </summary>
internal sealed class StoryCollapseCollector(bool byDate) : ICollector
{
    private readonly Dictionary<string, Group> _stories = new(StringComparer.Ordinal);
    private readonly List<Group> _singles = [];
    private readonly BytesRef _scratch = new();
    private Scorer? _scorer;
    private SortedSetDocValues? _story;
    private string?[]? _storyNames;
    private NumericDocValues? _dates;
    private SortedDocValues? _ids;
    private int _docBase;

    public bool AcceptsDocsOutOfOrder => true;

    /// <summary>Number of groups: stories plus articles in none.</summary>
    public int GroupCount => _stories.Count + _singles.Count;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        _docBase = context.DocBase;
        _story = reader.GetSortedSetDocValues(IndexFields.Story);
        _storyNames = _story is null ? null : new string?[checked((int)_story.ValueCount)];
        _dates = byDate ? reader.GetNumericDocValues(IndexFields.DateSort) : null;
        _ids = FieldCache.DEFAULT.GetTermsIndex(reader, IndexFields.Id);
    }

    public void Collect(int doc)
    {
        var key = byDate ? _dates?.Get(doc) ?? 0 : (double)(_scorer?.GetScore() ?? 0f);
        var story = StoryOf(doc);
        if (story is null)
        {
            _singles.Add(new Group(key, IdOf(doc), _docBase + doc, null));
            return;
        }

        if (!_stories.TryGetValue(story, out var group))
        {
            _stories[story] = new Group(key, IdOf(doc), _docBase + doc, story);
            return;
        }

        group.Matches++;
        if (key < group.Key)
        {
            return;
        }

        var id = IdOf(doc);
        if (key > group.Key || string.CompareOrdinal(id, group.ArticleId) < 0)
        {
            (group.Key, group.ArticleId, group.Doc) = (key, id, _docBase + doc);
        }
    }

    /// <summary>The groups in sort order (key descending, id ascending) after <paramref name="after"/>, from <paramref name="offset"/>.</summary>
    public IReadOnlyList<Group> Page(SearchCursor? after, int offset, int count) =>
        [.. _stories.Values.Concat(_singles)
            .Where(group => after is null || after.Precedes(group.Key, group.ArticleId))
            .OrderByDescending(group => group.Key)
            .ThenBy(group => group.ArticleId, StringComparer.Ordinal)
            .Skip(offset)
            .Take(count)];

    private string? StoryOf(int doc)
    {
        if (_story is null || _storyNames is null)
        {
            return null;
        }

        _story.SetDocument(doc);
        var ord = _story.NextOrd();
        if (ord == SortedSetDocValues.NO_MORE_ORDS)
        {
            return null;
        }

        if (_storyNames[ord] is { } name)
        {
            return name;
        }

        _story.LookupOrd(ord, _scratch);
        return _storyNames[ord] = _scratch.Utf8ToString();
    }

    private string IdOf(int doc)
    {
        _ids!.Get(doc, _scratch);
        return _scratch.Utf8ToString();
    }

    /// <summary>One story (or one article in no story): its best match so far and how many matches it has.</summary>
    internal sealed class Group(double key, string articleId, int doc, string? story)
    {
        public double Key { get; set; } = key;

        public string ArticleId { get; set; } = articleId;

        /// <summary>Top-level document number of the best match.</summary>
        public int Doc { get; set; } = doc;

        public string? Story { get; } = story;

        public int Matches { get; set; } = 1;
    }
}
