namespace Pipeline.Fetcher.Polling;

/// <summary>
/// When a feed is next due, by what its last poll did (pure: no clock, no I/O). Success: the feed's interval,
/// stretched (never shortened) by the publisher's cache hint up to the larger of the interval and
/// <see cref="FetcherOptions.MaxBackoffSeconds"/>. 429/503 with Retry-After: what the server asked, at least the
/// interval, at most a day. Failure: jittered exponential backoff (interval × 2^failures × [0.8, 1.2], capped
/// the same way): a feed slows down but is never disabled.
/// </summary>
public sealed class PollSchedule
{
    /// <summary>The longest Retry-After honoured.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    private readonly int _maxBackoffSeconds;
    private readonly Random _random;

    /// <param name="maxBackoffSeconds"><see cref="FetcherOptions.MaxBackoffSeconds"/>.</param>
    /// <param name="random">The jitter's source (a seeded one in tests).</param>
    public PollSchedule(int maxBackoffSeconds, Random? random = null)
    {
        _maxBackoffSeconds = maxBackoffSeconds;
        _random = random ?? Random.Shared;
    }

    /// <summary>After a poll that fetched or confirmed the feed (published, unchanged, not modified).</summary>
    public TimeSpan AfterSuccess(int intervalSeconds, TimeSpan? cacheHint)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var cap = TimeSpan.FromSeconds(Cap(intervalSeconds));
        return cacheHint is { } hint && hint > interval ? (hint < cap ? hint : cap) : interval;
    }

    /// <summary>After 429 or 503 with a Retry-After of <paramref name="wait"/>.</summary>
    public static TimeSpan AfterRetryAfter(int intervalSeconds, TimeSpan wait)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        return wait < interval ? interval : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    /// <summary>After the <paramref name="failures"/>-th failure in a row (1 for the first).</summary>
    public TimeSpan AfterFailure(int intervalSeconds, int failures)
    {
        var cap = Cap(intervalSeconds);
        var exponential = Math.Min(intervalSeconds * Math.Pow(2, Math.Min(failures, 30)), cap);
        var jittered = exponential * (0.8 + (0.4 * _random.NextDouble()));
        return TimeSpan.FromSeconds(Math.Min(jittered, cap));
    }

    private int Cap(int intervalSeconds) => Math.Max(intervalSeconds, _maxBackoffSeconds);
}
