using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.TextRules;

namespace Pipeline.Indexer;

/// <summary>
/// Newly indexed articles for <c>GET /stream</c>: each committed upsert gets the next event id, is kept in a bounded
/// backlog (for <c>Last-Event-ID</c> resumption) and goes to every open stream whose filter it matches. Ids start at
/// the process's start time in Unix milliseconds × 1000, so they keep growing across restarts. At most
/// <see cref="IndexerOptions.MaxStreams"/> streams are open at once. A stream that falls
/// <see cref="SubscriberBuffer"/> events behind is ended (its client reconnects and resumes from the backlog).
/// Thread-safe.
/// </summary>
public sealed class ArticleBroadcast
{
    /// <summary>Events one stream may have waiting before it is ended as too slow.</summary>
    public const int SubscriberBuffer = 256;

    private readonly System.Threading.Lock _lock = new();
    private readonly Queue<StreamEvent> _backlog = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly int _backlogSize;
    private readonly int _maxStreams;
    private long _nextId;

    public ArticleBroadcast(IOptions<IndexerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _backlogSize = options.Value.StreamBacklog;
        _maxStreams = options.Value.MaxStreams;
        _nextId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>Streams open now.</summary>
    public int OpenStreams
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The id the next event will get.</summary>
    public long NextId
    {
        get
        {
            lock (_lock)
            {
                return _nextId;
            }
        }
    }

    /// <summary>Announces a committed article to the backlog and the open streams; returns its event id.</summary>
    public long Publish(StreamedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        lock (_lock)
        {
            var item = new StreamEvent(_nextId++, article);
            if (_backlogSize > 0)
            {
                _backlog.Enqueue(item);
                while (_backlog.Count > _backlogSize)
                {
                    _backlog.Dequeue();
                }
            }

            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                if (subscriber.Filter.Matches(article) && !subscriber.Writer.TryWrite(item))
                {
                    // Too slow: end it rather than drop events silently; it resumes from the backlog with Last-Event-ID.
                    subscriber.Writer.TryComplete();
                    _subscribers.RemoveAt(i);
                }
            }

            return item.Id;
        }
    }

    /// <summary>
    /// Opens a stream: the backlog's matching events after <paramref name="lastEventId"/> first (<see cref="Subscription.Replay"/>),
    /// then live events, with nothing lost or repeated between the two. Null when <see cref="IndexerOptions.MaxStreams"/> are open.
    /// </summary>
    public Subscription? TrySubscribe(StreamFilter filter, long? lastEventId)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_lock)
        {
            if (_subscribers.Count >= _maxStreams)
            {
                return null;
            }

            var replay = new List<StreamEvent>();
            var missed = false;
            if (lastEventId is long last && last < _nextId - 1)
            {
                var oldest = _backlog.Count > 0 ? _backlog.Peek().Id : _nextId;
                missed = last < oldest - 1;
                replay.AddRange(_backlog.Where(e => e.Id > last && filter.Matches(e.Article)));
            }

            var channel = Channel.CreateBounded<StreamEvent>(new BoundedChannelOptions(SubscriberBuffer)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping
            });
            var subscription = new Subscription(this, filter, channel, replay, missed);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>One open stream.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ArticleBroadcast _owner;
        private readonly Channel<StreamEvent> _channel;

        internal Subscription(ArticleBroadcast owner, StreamFilter filter, Channel<StreamEvent> channel, IReadOnlyList<StreamEvent> replay, bool missed)
        {
            _owner = owner;
            _channel = channel;
            Filter = filter;
            Replay = replay;
            Missed = missed;
        }

        public StreamFilter Filter { get; }

        /// <summary>Backlog events after the client's <c>Last-Event-ID</c>, oldest first.</summary>
        public IReadOnlyList<StreamEvent> Replay { get; }

        /// <summary>True when events after the client's <c>Last-Event-ID</c> already left the backlog (or came before a restart).</summary>
        public bool Missed { get; }

        /// <summary>Live events; completes when the stream fell too far behind.</summary>
        public ChannelReader<StreamEvent> Events => _channel.Reader;

        internal ChannelWriter<StreamEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _channel.Writer.TryComplete();
            _owner.Remove(this);
        }
    }
}

/// <summary>An event of the article stream.</summary>
/// <param name="Id">Its id (SSE <c>id:</c>), increasing.</param>
/// <param name="Article">The article.</param>
public sealed record StreamEvent(long Id, StreamedArticle Article);

/// <summary>What <c>GET /stream</c> sends for an indexed article (the SSE <c>data:</c> of an <c>article</c> event); <c>GET /articles/{id}</c> has the rest.</summary>
public sealed record StreamedArticle
{
    public required string ArticleId { get; init; }
    public required int Version { get; init; }

    /// <summary>True when this replaced an earlier version of the article in the index.</summary>
    public bool Replaced { get; init; }

    public required string Headline { get; init; }
    public string? Lead { get; init; }
    public required string SourceId { get; init; }
    public string? SourceName { get; init; }
    public required string Language { get; init; }

    /// <summary>1 (flash) to 9, when the source gave one.</summary>
    public int? Urgency { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }
    public required DateTimeOffset IndexedAt { get; init; }
    public string? CanonicalUrl { get; init; }

    /// <summary>IPTC media topics, best first.</summary>
    public IReadOnlyList<Topic> Topics { get; init; } = [];

    /// <summary>ISO 3166-1 alpha-2 codes, most relevant first.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Entity names, most mentioned first.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>Entity ids (<c>geonames:…</c>, <c>pipeline:person:…</c>), where linked.</summary>
    public IReadOnlyList<string> EntityIds { get; init; } = [];

    public string? StoryId { get; init; }

    public static StreamedArticle From(ArticleEnriched message, IndexResult result, DateTimeOffset indexedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(result);
        var article = message.Article;
        return new StreamedArticle
        {
            ArticleId = message.ArticleId,
            Version = result.Version,
            Replaced = result.Replaced,
            Headline = article.Headline.Main,
            Lead = article.Lead,
            SourceId = article.Source.Id,
            SourceName = article.Source.Name,
            Language = LanguageTags.Primary(message.Enrichment.Language.Code) ?? LanguageTags.Undetermined,
            Urgency = article.Urgency,
            PublishedAt = article.PublishedAt,
            IndexedAt = indexedAt,
            CanonicalUrl = article.CanonicalUrl?.ToString(),
            Topics = message.Enrichment.Topics,
            Countries = [.. message.Enrichment.Countries.Select(c => c.Code.ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
            Entities = [.. message.Enrichment.Entities.Select(e => e.Name).Distinct(StringComparer.Ordinal)],
            EntityIds = [.. message.Enrichment.Entities.Select(e => e.Id).OfType<string>().Distinct(StringComparer.Ordinal)],
            StoryId = message.Enrichment.Cluster?.ClusterId,
        };
    }
}

/// <summary>
/// The filter of a stream, with the search's names and meaning: <c>lang</c>, <c>topic</c> (any of the article's topics),
/// <c>country</c> (any of its countries), <c>source</c>, <c>entity</c> (a name or an id), <c>maxUrgency</c>.
/// </summary>
public sealed record StreamFilter
{
    public string? Language { get; init; }
    public string? Topic { get; init; }
    public string? Country { get; init; }
    public string? Source { get; init; }
    public string? Entity { get; init; }
    public int? MaxUrgency { get; init; }

    public bool Matches(StreamedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return (Language is null || string.Equals(LanguageTags.Primary(Language), article.Language, StringComparison.OrdinalIgnoreCase))
            && (Topic is null || article.Topics.Any(t => string.Equals(t.Code, Topic, StringComparison.OrdinalIgnoreCase)))
            && (Country is null || article.Countries.Contains(Country, StringComparer.OrdinalIgnoreCase))
            && (Source is null || string.Equals(article.SourceId, Source, StringComparison.Ordinal))
            && (Entity is null || article.Entities.Concat(article.EntityIds).Contains(Entity, StringComparer.OrdinalIgnoreCase))
            && (MaxUrgency is null || article.Urgency is int urgency && urgency <= MaxUrgency);
    }
}
