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
}
