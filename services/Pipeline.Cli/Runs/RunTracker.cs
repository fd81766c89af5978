using System.Collections.Concurrent;
using MassTransit;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Cli.Runs;

/// <summary>
/// Follows every dispatch the run published until each has an outcome: all its articles indexed, or
/// rejected, or faulted. Fed by <see cref="RunObserverConsumer"/> on the same bus.
/// </summary>
internal sealed class RunTracker
{
    private readonly ConcurrentDictionary<string, byte> _expected = new();
    private readonly ConcurrentDictionary<string, DispatchRejected> _rejected = new();
    private readonly ConcurrentDictionary<string, string> _faulted = new();
    private readonly ConcurrentDictionary<string, string> _normalized = new();
    private readonly ConcurrentDictionary<string, byte> _dispatchesNormalized = new();
    private int _duplicates;
    private readonly ConcurrentDictionary<string, ArticleEnriched> _enriched = new();
    private readonly ConcurrentDictionary<string, ArticleIndexed> _indexed = new();
    private int _changes;

    public void Expect(string dispatchId) => _expected.TryAdd(dispatchId, 0);

    /// <summary>
    /// Records a normalized article. The same article (same <c>ArticleId</c>) may come from two inputs, or twice
    /// from one feed: it is one article, indexed once, and the second copy is counted as a duplicate.
    /// </summary>
    public void OnNormalized(ArticleNormalized m)
    {
        var dispatchSeen = !_dispatchesNormalized.TryAdd(m.DispatchId, 0);
        var articleAdded = _normalized.TryAdd(m.ArticleId, m.DispatchId);
        if (!articleAdded)
        {
            Interlocked.Increment(ref _duplicates);
        }

        Touch(articleAdded || !dispatchSeen);
    }

    /// <summary>Normalized copies of an article that had already come from another input (or earlier in the same one).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    public void OnEnriched(ArticleEnriched m) => Touch(_enriched.TryAdd(m.ArticleId, m));

    public void OnIndexed(ArticleIndexed m) => Touch(_indexed.TryAdd(m.ArticleId, m));

    public void OnRejected(DispatchRejected m) => Touch(_rejected.TryAdd(m.ArticleId ?? m.DispatchId, m));

    public void OnFault(string key, string message) => Touch(_faulted.TryAdd(key, message));

    public IReadOnlyCollection<DispatchRejected> Rejected => _rejected.Values.ToList();

    public IReadOnlyDictionary<string, string> Faulted => _faulted;

    /// <summary>Articles that made it all the way, in publication order of their dispatch then headline.</summary>
    public IReadOnlyList<(ArticleEnriched Article, ArticleIndexed? Indexed)> Articles =>
        _enriched.Values
            .OrderBy(a => a.ReceivedAt).ThenBy(a => a.Article.PublishedAt).ThenBy(a => a.Article.Headline.Main, StringComparer.Ordinal)
            .Select(a => (a, _indexed.GetValueOrDefault(a.ArticleId)))
            .ToList();

    /// <summary>True when every dispatch has an outcome and every normalized article has one too.</summary>
    public bool IsComplete
    {
        get
        {
            var dispatchesWithOutcome = _dispatchesNormalized.Keys.Concat(_rejected.Values.Select(r => r.DispatchId)).Concat(_faulted.Keys).ToHashSet(StringComparer.Ordinal);
            if (!_expected.Keys.All(dispatchesWithOutcome.Contains))
            {
                return false;
            }

            return _normalized.Keys.All(id => _indexed.ContainsKey(id) || _rejected.ContainsKey(id) || _faulted.ContainsKey(id));
        }
    }

    /// <summary>Waits until <see cref="IsComplete"/> holds and nothing new arrived for a short quiet period.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var quiet = 0;
        var lastChanges = -1;
        while (time.GetUtcNow() < deadline)
        {
            var changes = Volatile.Read(ref _changes);
            quiet = IsComplete && changes == lastChanges ? quiet + 1 : 0;
            if (quiet >= 3)
            {
                return true;
            }

            lastChanges = changes;
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        return IsComplete;
    }

    private void Touch(bool added)
    {
        if (added)
        {
            Interlocked.Increment(ref _changes);
        }
    }
}

/// <summary>Feeds the <see cref="RunTracker"/> from the embedded bus (its own queue, "run-observer").</summary>
internal sealed class RunObserverConsumer(RunTracker tracker) :
    IConsumer<ArticleNormalized>,
    IConsumer<ArticleEnriched>,
    IConsumer<ArticleIndexed>,
    IConsumer<DispatchRejected>,
    IConsumer<Fault<DispatchReceived>>,
    IConsumer<Fault<ArticleNormalized>>,
    IConsumer<Fault<ArticleEnriched>>
{
    public Task Consume(ConsumeContext<ArticleNormalized> context) => Done(() => tracker.OnNormalized(context.Message));

    public Task Consume(ConsumeContext<ArticleEnriched> context) => Done(() => tracker.OnEnriched(context.Message));

    public Task Consume(ConsumeContext<ArticleIndexed> context) => Done(() => tracker.OnIndexed(context.Message));

    public Task Consume(ConsumeContext<DispatchRejected> context) => Done(() => tracker.OnRejected(context.Message));

    public Task Consume(ConsumeContext<Fault<DispatchReceived>> context) => Done(() => tracker.OnFault(context.Message.Message.DispatchId, Describe(context.Message)));

    public Task Consume(ConsumeContext<Fault<ArticleNormalized>> context) => Done(() => tracker.OnFault(context.Message.Message.ArticleId, Describe(context.Message)));

    public Task Consume(ConsumeContext<Fault<ArticleEnriched>> context) => Done(() => tracker.OnFault(context.Message.Message.ArticleId, Describe(context.Message)));

    /// <summary>The tracker's bookkeeping is synchronous: run it, and the consume is done.</summary>
    private static Task Done(Action record)
    {
        record();
        return Task.CompletedTask;
    }

    private static string Describe(Fault fault) =>
        fault.Exceptions.FirstOrDefault() is { } e ? $"{e.ExceptionType}: {e.Message}" : "fault";
}
