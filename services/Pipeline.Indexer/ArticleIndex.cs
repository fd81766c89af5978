using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Contracts.Articles;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer;

/// <summary>An article <see cref="ArticleIndex"/> committed.</summary>
public sealed class ArticleCommittedEventArgs(ArticleEnriched article, IndexResult result, DateTimeOffset committedAt) : EventArgs
{
    public ArticleEnriched Article { get; } = article;

    public IndexResult Result { get; } = result;

    public DateTimeOffset CommittedAt { get; } = committedAt;
}

/// <summary>
/// The article index on disk: the single writer, with near-real-time searches. Upserts are idempotent on
/// <see cref="ArticleEnriched.ArticleId"/>, never let an older version overwrite a newer one, and are committed
/// (durable, and visible to other processes) before <see cref="UpsertAsync"/> completes; concurrent upserts share commits.
/// Thread-safe. Opening fails while another writer (process) holds the index.
/// </summary>
public sealed class ArticleIndex : IArticleSearch, IDisposable
{
    /// <summary>The index's name in <see cref="ArticleIndexed.Index"/>.</summary>
    public const string IndexName = "articles";

    private readonly ArticleAnalyzers _analyzers = new();
    private readonly FSDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // _writeLock: version check + update, atomically per article. _commitLock: one commit at a time.
    // Lock order: _commitLock, then _writeLock.
    private readonly System.Threading.Lock _writeLock = new();
    private readonly System.Threading.Lock _commitLock = new();

    // Versions written but not yet visible to the searcher, with the write generation that wrote them.
    private readonly Dictionary<string, (int Version, long Generation)> _unrefreshed = new(StringComparer.Ordinal);
    private long _generation;
    private long _committedGeneration;
    private volatile bool _disposed;

    // The asynchronous group commit: waiters of the next commit, started at most CommitDelay after the first.
    private readonly System.Threading.Lock _scheduleLock = new();
    private readonly TimeSpan _commitDelay;
    private TaskCompletionSource? _nextCommit;

    /// <summary>Opens (or creates) the index at <paramref name="indexPath"/> for writing.</summary>
    /// <param name="indexPath">The index folder.</param>
    /// <param name="time">Clock for the indexed-at time and the commit delay.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="commitDelay">How long <see cref="UpsertAsync"/> lets a commit wait for more writes to share it (default none).</param>
    /// <exception cref="InvalidOperationException">Another writer holds the index.</exception>
    public ArticleIndex(string indexPath, TimeProvider? time = null, ILogger<ArticleIndex>? logger = null, TimeSpan? commitDelay = null)
    {
        _commitDelay = commitDelay is { } delay && delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPath);
        IndexPath = Path.GetFullPath(indexPath);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ArticleIndex>.Instance;

        System.IO.Directory.CreateDirectory(IndexPath);
        _directory = FSDirectory.Open(IndexPath);
        try
        {
            var config = new IndexWriterConfig(ArticleAnalyzers.Version, _analyzers.PerField)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
            };
            _writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            Log.IndexLocked(_logger, IndexPath, ex);
            _directory.Dispose();
            _analyzers.Dispose();
            throw new InvalidOperationException(
                $"The search index at '{IndexPath}' is locked by another writer (is another indexer running?). Stop it, or point Indexer:IndexPath elsewhere.", ex);
        }

        // An empty index has a commit too, so read-only searchers find an index rather than a bare folder.
        _writer.Commit();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
        Log.IndexOpened(_logger, IndexPath, Count);
    }

    /// <summary>Absolute path of the index folder.</summary>
    public string IndexPath { get; }

    /// <summary>True until disposed.</summary>
    public bool IsOpen => !_disposed;

    /// <summary>Number of committed documents.</summary>
    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs);

    /// <summary>
    /// Adds the article, or replaces the stored document with the same id unless that one has a higher version.
    /// The write is immediate, the commit is shared with every write made within the commit delay, and the task
    /// completes once this article is committed (durable).
    /// </summary>
    public async Task<IndexResult> UpsertAsync(ArticleEnriched article, CancellationToken cancellationToken = default)
    {
        var (result, generation) = Write(article);
        if (_commitDelay == TimeSpan.Zero)
        {
            CommitThrough(generation);
        }
        else if (Volatile.Read(ref _committedGeneration) < generation)
        {
            await NextCommit().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var written = Written(result, article.Article.Version);
        if (!written.Skipped)
        {
            Committed?.Invoke(this, new ArticleCommittedEventArgs(article, written, _time.GetUtcNow()));
        }

        return written;
    }

    /// <summary>Raised after an article was written and committed (not for a skipped older version); handlers must not throw.</summary>
    public event EventHandler<ArticleCommittedEventArgs>? Committed;

    /// <summary>Writes the article (or skips an older version) under the write lock; returns the write generation to commit.</summary>
    private (IndexResult Result, long Generation) Write(ArticleEnriched article)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentException.ThrowIfNullOrWhiteSpace(article.ArticleId);
        ArgumentNullException.ThrowIfNull(article.Article);
        ArgumentNullException.ThrowIfNull(article.Enrichment);
        ObjectDisposedException.ThrowIf(_disposed, this);

        using var activity = IndexerDiagnostics.ActivitySource.StartActivity("upsert");
        activity?.SetTag(TelemetryTags.ArticleId, article.ArticleId);
        var id = article.ArticleId;
        var version = article.Article.Version;
        var document = ArticleDocuments.ToDocument(article, _time.GetUtcNow());

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stored = StoredVersion(id);
            if (stored is int newer && version < newer)
            {
                activity?.SetTag(TelemetryTags.Outcome, nameof(IndexOutcome.SkippedOlderVersion));
                return (new IndexResult(id, IndexOutcome.SkippedOlderVersion, newer, newer), _generation); // whatever wrote the newer version must be durable too
            }

            _writer.UpdateDocument(new Term(IndexFields.Id, id), document);
            var generation = ++_generation;
            _unrefreshed[id] = (version, generation);
            var result = new IndexResult(id, stored is null ? IndexOutcome.Added : IndexOutcome.Replaced, version, stored);
            activity?.SetTag(TelemetryTags.Outcome, result.Outcome.ToString());
            return (result, generation);
        }
    }

    /// <summary>Metrics and logs of a committed upsert.</summary>
    private IndexResult Written(IndexResult result, int version)
    {
        IndexerDiagnostics.Upserts.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, result.Outcome.ToString()));
        if (result.Skipped)
        {
            Log.OlderVersionSkipped(_logger, result.ArticleId, version, result.Version);
        }
        else
        {
            Log.Upserted(_logger, result.ArticleId, version, result.Outcome);
        }

        return result;
    }

    /// <summary>The commit that will cover every write made so far: scheduled now if none is pending.</summary>
    private Task NextCommit()
    {
        lock (_scheduleLock)
        {
            if (_nextCommit is null)
            {
                _nextCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = CommitAfterDelayAsync();
            }

            return _nextCommit.Task;
        }
    }

    private async Task CommitAfterDelayAsync()
    {
        await Task.Delay(_commitDelay, _time).ConfigureAwait(false);
        TaskCompletionSource waiters;
        long target;
        lock (_scheduleLock)
        {
            waiters = _nextCommit!;
            _nextCommit = null;   // writes from now on wait for the next commit
        }

        lock (_writeLock)
        {
            target = _generation;
        }

        // Whatever the commit throws reaches every waiter (their messages are then retried); nothing hangs.
        var commit = Task.Run(() => CommitThrough(target));
        await commit.ContinueWith(
            done =>
            {
                if (done.Exception is { } failure)
                {
                    waiters.TrySetException(failure.InnerExceptions);
                }
                else
                {
                    waiters.TrySetResult();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public SearchResponse Search(SearchRequest request) => SearchBounded(request, CancellationToken.None);

    /// <inheritdoc/>
    public SearchResponse SearchBounded(SearchRequest request, CancellationToken cancellationToken)
    {
        SearchEngine.Validate(request);
        return WithSearcher(searcher => SearchEngine.Search(searcher, _analyzers, request, _logger, _time.GetUtcNow(), cancellationToken));
    }

    /// <inheritdoc/>
    public IndexedArticle? Find(string articleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        return WithSearcher(searcher => SearchEngine.Find(searcher, articleId));
    }

    public void Dispose()
    {
        lock (_commitLock)
        {
            lock (_writeLock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
            }

            _searchers.Dispose();
            _writer.Dispose(); // commits pending changes and releases the write lock
            _directory.Dispose();
            _analyzers.Dispose();
        }

        Log.IndexClosed(_logger, IndexPath);
    }

    /// <summary>Commits everything written up to <paramref name="generation"/>, unless a concurrent commit already did.</summary>
    private void CommitThrough(long generation)
    {
        lock (_commitLock)
        {
            if (Volatile.Read(ref _committedGeneration) >= generation)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            long target;
            lock (_writeLock)
            {
                target = _generation;
            }

            _writer.Commit();
            _searchers.MaybeRefreshBlocking();
            IndexerDiagnostics.Commits.Add(1, new KeyValuePair<string, object?>(TelemetryTags.IndexPath, IndexPath));

            lock (_writeLock)
            {
                foreach (var (id, entry) in _unrefreshed.ToArray())
                {
                    if (entry.Generation <= target)
                    {
                        _unrefreshed.Remove(id);
                    }
                }
            }

            Volatile.Write(ref _committedGeneration, target);
        }
    }

    /// <summary>The version the index holds for <paramref name="id"/> (including uncommitted writes). Call under <see cref="_writeLock"/>.</summary>
    private int? StoredVersion(string id)
    {
        if (_unrefreshed.TryGetValue(id, out var pending))
        {
            return pending.Version;
        }

        return WithSearcher<int?>(searcher =>
        {
            var top = searcher.Search(new TermQuery(new Term(IndexFields.Id, id)), 1);
            return top.TotalHits == 0 ? null : ArticleDocuments.StoredVersion(searcher.Doc(top.ScoreDocs[0].Doc));
        });
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var searcher = _searchers.Acquire();
        try
        {
            return action(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }
}
