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
}

[OptionsValidator]
public sealed partial class IndexerOptionsValidator : IValidateOptions<IndexerOptions>;
