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
}
