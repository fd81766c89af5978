using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Pipeline.Dispatches;

namespace Pipeline.Fetcher;

/// <summary>Fetcher settings, section <c>Fetcher</c>.</summary>
public sealed class FetcherOptions
{
    public const string SectionName = "Fetcher";

    /// <summary>Feeds to poll. None: the poller does not run (push ingestion still works).</summary>
    [ValidateEnumeratedItems]
    public List<FeedOptions> Feeds { get; set; } = [];

    /// <summary>SQLite file holding per-feed validators, hashes and health.</summary>
    [Required]
    public string StatePath { get; set; } = "pipeline-data/fetcher.db";

    /// <summary>Allow fetching from private, loopback, link-local and similar addresses. Off in production; tests and local dev set it.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Every this many polls of a feed, fetch without validators (some servers send stale ETags). 0 = never.</summary>
    [Range(0, 100_000)]
    public int UnconditionalRefetchEvery { get; set; } = 12;

    /// <summary>Longest interval a failing feed stretches to, in seconds (it is never disabled).</summary>
    [Range(1, 7 * 24 * 3600)]
    public int MaxBackoffSeconds { get; set; } = 6 * 3600;

    /// <summary>Feeds polled at the same time.</summary>
    [Range(1, 64)]
    public int MaxConcurrentPolls { get; set; } = 4;

    /// <summary>Least time between two requests to the same host, in milliseconds (politeness across feeds of one site). 0 = off.</summary>
    [Range(0, 600_000)]
    public int MinHostSpacingMilliseconds { get; set; } = 1000;

    /// <summary>Timeout of one HTTP attempt, in seconds.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>User-Agent sent with every feed request.</summary>
    [Required]
    public string UserAgent { get; set; } = "Pipeline.Fetcher/1.0 (+news ingestion; conditional GET)";
}

/// <summary>One polled feed, an item of <c>Fetcher:Feeds</c>.</summary>
public sealed class FeedOptions
{
    /// <summary>
    /// The source id of what this feed publishes (<c>DispatchReceived.Source.Id</c>); it also keys the feed's state,
    /// health and telemetry (<c>pipeline.source_id</c>). Before issue 14 the key was <c>Id</c>.
    /// </summary>
    [Required(ErrorMessage = "The SourceId field is required (the key was Id before; rename it SourceId).")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    public string SourceId { get; set; } = "";

    /// <summary>Display name of the source.</summary>
    public string? Name { get; set; }

    /// <summary>Absolute http(s) URL of the feed.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Normal polling interval in seconds. Default 300.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>Format hint (a <c>DispatchFormats</c> name), or null to auto-detect.</summary>
    public string? Format { get; set; }

    /// <summary>Source profile (agency layout) for the normalizer.</summary>
    public string? Profile { get; set; }
}

[OptionsValidator]
public sealed partial class FetcherOptionsValidator : IValidateOptions<FetcherOptions>;

/// <summary>Cross-field checks the annotations cannot express: unique ids, http(s) URLs, known formats.</summary>
internal sealed class FetcherFeedsValidator : IValidateOptions<FetcherOptions>
{
    public ValidateOptionsResult Validate(string? name, FetcherOptions options)
    {
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            if (!ids.Add(feed.SourceId))
            {
                errors.Add($"Fetcher:Feeds:{i}:SourceId '{feed.SourceId}' is used by more than one feed.");
            }

            if (feed.Url is null || !feed.Url.IsAbsoluteUri || (feed.Url.Scheme != Uri.UriSchemeHttp && feed.Url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Fetcher:Feeds:{i}:Url must be an absolute http or https URL.");
            }

            if (!string.IsNullOrWhiteSpace(feed.Format) && !DispatchFormatNames.TryResolve(feed.Format, out _))
            {
                errors.Add($"Fetcher:Feeds:{i}:Format '{feed.Format}' is unknown; use one of {DispatchFormatNames.Describe()} or omit it.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
