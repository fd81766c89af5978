using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Indexer;

/// <summary>The indexer's own activity source and meter, <c>Pipeline.Indexer</c>.</summary>
public static class IndexerDiagnostics
{
    public const string Name = "Pipeline.Indexer";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Upserts by outcome (added, replaced, skipped-older-version).</summary>
    public static readonly Counter<long> Upserts = Meter.CreateCounter<long>("pipeline.indexer.upserts", description: "Articles upserted into the index, by outcome");

    /// <summary>Index commits (one commit may cover several concurrent upserts).</summary>
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("pipeline.indexer.commits", description: "Commits of the search index");

    /// <summary>Search latency.</summary>
    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>("pipeline.indexer.search.duration", unit: "ms", description: "Time to run a search");

    /// <summary>
    /// End to end: from the dispatch's receipt by the fetcher (<c>ReceivedAt</c>) to the article committed in the
    /// index, in seconds, by source — what a newsroom waits between a wire arriving and it being searchable.
    /// </summary>
    public static readonly Histogram<double> EndToEndLatency = Meter.CreateHistogram<double>(
        "pipeline.article.latency", unit: "s", description: "Time from the dispatch's receipt to the article committed in the index",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
}
