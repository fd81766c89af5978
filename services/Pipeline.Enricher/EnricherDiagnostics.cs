using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Enricher;

/// <summary>The enricher's own telemetry: ActivitySource and Meter <c>Pipeline.Enricher</c>.</summary>
public static class EnricherDiagnostics
{
    public const string Name = "Pipeline.Enricher";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Articles enriched, tagged by <c>pipeline.language</c>.</summary>
    public static readonly Counter<long> Enriched = Meter.CreateCounter<long>("pipeline.enricher.articles", description: "Articles enriched, by language");

    /// <summary>Time spent enriching one article.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("pipeline.enricher.duration", unit: "ms", description: "Time to enrich one article");
}
