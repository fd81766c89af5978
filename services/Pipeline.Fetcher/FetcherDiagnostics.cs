using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Fetcher;

/// <summary>The fetcher's ActivitySource and Meter, both named <c>Pipeline.Fetcher</c>.</summary>
public static class FetcherDiagnostics
{
    public const string Name = "Pipeline.Fetcher";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Dispatches published, tagged by <c>pipeline.origin</c> (feed, http, amqp).</summary>
    public static readonly Counter<long> DispatchesPublished = Meter.CreateCounter<long>(
        "pipeline.fetcher.dispatches.published", description: "DispatchReceived events published, by origin");

    /// <summary>Feed polls, tagged by <c>pipeline.outcome</c> (published, not-modified, unchanged, rate-limited, failed).</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>(
        "pipeline.fetcher.polls", description: "Feed polls, by outcome");

    /// <summary>Raw inputs refused, tagged by <c>pipeline.origin</c> and <c>pipeline.reason_code</c>.</summary>
    public static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "pipeline.fetcher.refused", description: "Raw inputs refused before publishing, by origin and reason");

    /// <summary>Per feed: when a poll last succeeded and when one last found new or changed items (this process).</summary>
    private static readonly ConcurrentDictionary<string, (DateTimeOffset? Success, DateTimeOffset? News)> FeedTimes = new(StringComparer.Ordinal);

    /// <summary>
    /// Seconds since this fetcher last found a new or changed item in each feed (tag <c>pipeline.source_id</c>, the feed's source id): a
    /// feed whose freshness keeps growing while it polls fine has stopped publishing — or moved.
    /// </summary>
    public static readonly ObservableGauge<double> Freshness = Meter.CreateObservableGauge(
        "pipeline.fetcher.feed.freshness", () => Since(t => t.News), unit: "s", description: "Time since a poll last found new or changed items, by feed");

    /// <summary>Seconds since each feed was last polled successfully (tag <c>pipeline.source_id</c>, the feed's source id).</summary>
    public static readonly ObservableGauge<double> Staleness = Meter.CreateObservableGauge(
        "pipeline.fetcher.feed.staleness", () => Since(t => t.Success), unit: "s", description: "Time since the last successful poll, by feed");

    /// <summary>Records a poll's outcome for <see cref="Freshness"/> and <see cref="Staleness"/>.</summary>
    public static void RecordPoll(string sourceId, string outcome, DateTimeOffset at)
    {
        var success = outcome is Polling.PollOutcome.Published or Polling.PollOutcome.NotModified or Polling.PollOutcome.Unchanged;
        FeedTimes.AddOrUpdate(
            sourceId,
            _ => (success ? at : null, outcome == Polling.PollOutcome.Published ? at : null),
            (_, times) => (success ? at : times.Success, outcome == Polling.PollOutcome.Published ? at : times.News));
    }

    private static IEnumerable<Measurement<double>> Since(Func<(DateTimeOffset? Success, DateTimeOffset? News), DateTimeOffset?> pick)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (feed, times) in FeedTimes)
        {
            if (pick(times) is { } at)
            {
                yield return new Measurement<double>(Math.Max(0, (now - at).TotalSeconds), new KeyValuePair<string, object?>(ServiceDefaults.TelemetryTags.SourceId, feed));
            }
        }
    }
}
