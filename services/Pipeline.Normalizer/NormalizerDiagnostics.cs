using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Normalizer;

/// <summary>The normalizer's own activity source and meter, <c>Pipeline.Normalizer</c>.</summary>
internal static class NormalizerDiagnostics
{
    public const string Name = "Pipeline.Normalizer";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Articles produced, tagged by <c>pipeline.format</c>.</summary>
    public static readonly Counter<long> ArticlesNormalized = Meter.CreateCounter<long>("pipeline.normalizer.articles", description: "Articles normalized, by format");
}
