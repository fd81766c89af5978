using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Indexer;

/// <summary>
/// Searches an index folder without a writer, e.g. from the CLI while an indexer process holds the write lock.
/// Every call first picks up what the writer committed since. A missing or empty folder searches as an empty index.
/// Thread-safe.
/// </summary>
public sealed class ArticleSearcher : IArticleSearch, IDisposable
{
    private readonly ArticleAnalyzers _analyzers = new();
    private readonly ILogger _logger;
    private readonly System.Threading.Lock _openLock = new();
    private FSDirectory? _directory;
    private SearcherManager? _searchers;
    private bool _disposed;

    public ArticleSearcher(string indexPath, ILogger<ArticleSearcher>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPath);
        IndexPath = Path.GetFullPath(indexPath);
        _logger = logger ?? NullLogger<ArticleSearcher>.Instance;
    }

    /// <summary>Opens the index at <paramref name="indexPath"/> read-only (lazily: the folder may not exist yet).</summary>
    public static ArticleSearcher OpenReadOnly(string indexPath, ILogger<ArticleSearcher>? logger = null) => new(indexPath, logger);

    /// <summary>Absolute path of the index folder.</summary>
    public string IndexPath { get; }

    /// <summary>True when the folder holds an index (with at least one commit).</summary>
    public bool Exists => Searchers() is not null;

    /// <inheritdoc/>
    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs, 0);

    /// <inheritdoc/>
    public SearchResponse Search(SearchRequest request) => SearchBounded(request, CancellationToken.None);

    /// <inheritdoc/>
    public SearchResponse SearchBounded(SearchRequest request, CancellationToken cancellationToken)
    {
        SearchEngine.Validate(request);
        return WithSearcher(searcher => SearchEngine.Search(searcher, _analyzers, request, _logger, TimeProvider.System.GetUtcNow(), cancellationToken), SearchResponse.Empty);
    }

    /// <inheritdoc/>
    public IndexedArticle? Find(string articleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        return WithSearcher(searcher => SearchEngine.Find(searcher, articleId), null);
    }

    public void Dispose()
    {
        lock (_openLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _searchers?.Dispose();
            _directory?.Dispose();
            _analyzers.Dispose();
        }
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> action, T whenMissing)
    {
        var searchers = Searchers();
        if (searchers is null)
        {
            return whenMissing;
        }

        searchers.MaybeRefresh();
        var searcher = searchers.Acquire();
        try
        {
            return action(searcher);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>The searcher manager, opened on first use once the folder holds an index.</summary>
    private SearcherManager? Searchers()
    {
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_searchers is not null)
            {
                return _searchers;
            }

            if (!System.IO.Directory.Exists(IndexPath))
            {
                Log.NoIndexYet(_logger, IndexPath);
                return null;
            }

            _directory ??= FSDirectory.Open(IndexPath);
            if (!DirectoryReader.IndexExists(_directory))
            {
                Log.NoIndexYet(_logger, IndexPath);
                return null;
            }

            _searchers = new SearcherManager(_directory, searcherFactory: null);
            return _searchers;
        }
    }
}
