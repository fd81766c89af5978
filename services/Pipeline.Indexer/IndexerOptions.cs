using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Indexer;

/// <summary>Indexer settings, section <c>Indexer</c>.</summary>
public sealed class IndexerOptions
{
    public const string SectionName = "Indexer";

    /// <summary>Folder of the Lucene.NET index (created when missing); relative paths are relative to the working directory.</summary>
    [Required]
    [MinLength(1)]
    public string IndexPath { get; set; } = "pipeline-data/index";

    /// <summary>
    /// How long the consumer's commit waits for more concurrent upserts to share it, in milliseconds: one
    /// Lucene commit and reader refresh then covers many articles. Each message is still acknowledged only
    /// after its article is committed. 0 commits at once.
    /// </summary>
    [Range(0, 5000)]
    public int CommitDelayMilliseconds { get; set; } = 50;

    /// <summary>Events <c>GET /stream</c> keeps for <c>Last-Event-ID</c> resumption (the most recent ones). 0 keeps none.</summary>
    [Range(0, 100_000)]
    public int StreamBacklog { get; set; } = 1000;

    /// <summary>Streams open at once; one more is answered 503 with <c>Retry-After</c>.</summary>
    [Range(1, 10_000)]
    public int MaxStreams { get; set; } = 100;

    /// <summary>Seconds between heartbeats (SSE comment lines) on an idle stream, so proxies and clients see it is alive.</summary>
    [Range(1, 300)]
    public int StreamHeartbeatSeconds { get; set; } = 15;
}

[OptionsValidator]
public sealed partial class IndexerOptionsValidator : IValidateOptions<IndexerOptions>;
