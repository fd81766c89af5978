namespace Pipeline.Messaging;

/// <summary>Stage names as they appear in <c>DispatchRejected.Stage</c>, queue names and telemetry.</summary>
public static class StageNames
{
    public const string Fetcher = "fetcher";
    public const string Normalizer = "normalizer";
    public const string Enricher = "enricher";
    public const string Indexer = "indexer";
}
