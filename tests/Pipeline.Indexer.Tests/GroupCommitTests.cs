using System.Diagnostics.Metrics;
using Pipeline.ServiceDefaults;

namespace Pipeline.Indexer.Tests;

/// <summary>The consumer's upsert: concurrent articles share one commit, and each is durable when its task completes.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempIndexFolder _folder = new();

    [Fact]
    public async Task UpsertAsync_ConcurrentArticles_ShareCommits_AndAreAllDurable()
    {
        using var commits = new CommitCounter(Path.GetFullPath(_folder.IndexPath));
        using var index = new ArticleIndex(_folder.IndexPath, commitDelay: TimeSpan.FromMilliseconds(200));
        var before = commits.Count;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => index.UpsertAsync(ArticleBuilder.English().Id($"article-{i}").Build(), TestContext.Current.CancellationToken))));

        Assert.All(results, r => Assert.Equal(IndexOutcome.Added, r.Outcome));
        Assert.InRange(commits.Count - before, 1, 5);
        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);   // another reader sees what was acknowledged
        Assert.Equal(20, reader.Count);
    }

    [Fact]
    public async Task UpsertAsync_WithoutDelay_CommitsBeforeReturning()
    {
        using var index = new ArticleIndex(_folder.IndexPath);

        await index.UpsertAsync(ArticleBuilder.Italian().Id("alone").Build(), TestContext.Current.CancellationToken);

        using var reader = ArticleSearcher.OpenReadOnly(_folder.IndexPath);
        Assert.Equal(1, reader.Count);
    }

    [Fact]
    public async Task UpsertAsync_SameArticleTwice_LeavesOneDocument()
    {
        using var index = new ArticleIndex(_folder.IndexPath, commitDelay: TimeSpan.FromMilliseconds(20));
        var article = ArticleBuilder.Italian().Id("twice").Build();

        var first = await index.UpsertAsync(article, TestContext.Current.CancellationToken);
        var second = await index.UpsertAsync(article, TestContext.Current.CancellationToken);

        Assert.Equal(IndexOutcome.Added, first.Outcome);
        Assert.Equal(IndexOutcome.Replaced, second.Outcome);
        Assert.Equal(1, index.Count);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Counts <c>pipeline.indexer.commits</c> of one index folder (other tests commit in parallel).</summary>
    private sealed class CommitCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public CommitCounter(string indexPath)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Pipeline.Indexer" && instrument.Name == "pipeline.indexer.commits")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == TelemetryTags.IndexPath && Equals(tag.Value, indexPath))
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
