using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Enricher.Clustering;

/// <summary>Story clustering settings, section <c>Enricher:Clustering</c>.</summary>
public sealed class ClusteringOptions
{
    public const string SectionName = "Enricher:Clustering";

    /// <summary>The SQLite store (embedded mode, one machine).</summary>
    public const string SqliteStore = "sqlite";

    /// <summary>The PostgreSQL store (distributed mode, several replicas).</summary>
    public const string PostgresStore = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Enricher:Clustering:Store must be 'sqlite' or 'postgres'.")]
    public string Store { get; set; } = SqliteStore;

    /// <summary>The SQLite file, relative to the working directory unless absolute.</summary>
    [Required]
    public string SqlitePath { get; set; } = "pipeline-data/clusters.db";

    /// <summary>Npgsql connection string; required when <see cref="Store"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Minimum estimated resemblance for two articles to share a cluster (see <see cref="NearDuplicates.DefaultThreshold"/>).</summary>
    [Range(0.01, 1.0)]
    public double Threshold { get; set; } = NearDuplicates.DefaultThreshold;

    /// <summary>Default of <see cref="StoryThreshold"/>, chosen on the development pairs (see the enricher's README).</summary>
    public const double DefaultStoryThreshold = 0.4;

    /// <summary>Default of <see cref="BridgeThreshold"/>.</summary>
    public const double DefaultBridgeThreshold = 0.4;

    /// <summary>Default of <see cref="PlaceThreshold"/>.</summary>
    public const double DefaultPlaceThreshold = 0.25;

    /// <summary>Default of <see cref="BridgePlaceThreshold"/>.</summary>
    public const double DefaultBridgePlaceThreshold = 0.3;

    /// <summary>
    /// Minimum cosine between an article's event signature (entities, key phrases, content words, numbers, dates;
    /// TF-IDF) and a story's centroid for the article to join that story (an independent rewrite of the same event).
    /// </summary>
    [Range(0.01, 1.0)]
    public double StoryThreshold { get; set; } = DefaultStoryThreshold;

    /// <summary>The same over language-independent terms only, when the story has so far no article in the article's language.</summary>
    [Range(0.01, 1.0)]
    public double BridgeThreshold { get; set; } = DefaultBridgeThreshold;

    /// <summary>
    /// Minimum cosine to join a story below <see cref="StoryThreshold"/>: only a story that shares a place finer than a
    /// country (a city, a region) with the article.
    /// </summary>
    [Range(0.01, 1.0)]
    public double PlaceThreshold { get; set; } = DefaultPlaceThreshold;

    /// <summary>The same over language-independent terms only, below <see cref="BridgeThreshold"/>.</summary>
    [Range(0.01, 1.0)]
    public double BridgePlaceThreshold { get; set; } = DefaultBridgePlaceThreshold;

    /// <summary>A story is active (new articles may join it) while its last article is at most this many hours old.</summary>
    [Range(1, 24 * 365)]
    public int StoryWindowHours { get; set; } = 72;

    /// <summary>Compare only with articles clustered in the last this many days (near-duplicates; document frequencies).</summary>
    [Range(1, 365)]
    public int WindowDays { get; set; } = 7;

    /// <summary>How often each enricher removes articles older than the window from the store, in minutes; 0 never.</summary>
    [Range(0, 7 * 24 * 60)]
    public int PruneIntervalMinutes { get; set; } = 60;

    /// <summary>Timeout of every database statement (and of waiting for SQLite's write lock), in seconds.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 15;
}

[OptionsValidator]
public sealed partial class ClusteringOptionsValidator : IValidateOptions<ClusteringOptions>;

/// <summary>The rule data annotations cannot say: the PostgreSQL store needs a connection string.</summary>
internal sealed class ClusteringStoreValidator : IValidateOptions<ClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options) =>
        options.Store == ClusteringOptions.PostgresStore && string.IsNullOrWhiteSpace(options.PostgresConnectionString)
            ? ValidateOptionsResult.Fail("Enricher:Clustering:PostgresConnectionString is required when Enricher:Clustering:Store is 'postgres'.")
            : ValidateOptionsResult.Success;
}
