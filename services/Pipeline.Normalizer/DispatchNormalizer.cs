using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Agency;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Feeds;
using Pipeline.Normalizer.Parsing;
using Pipeline.Normalizer.Pages;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Wire;
using Pipeline.ServiceDefaults;

namespace Pipeline.Normalizer;

/// <summary>
/// The normalizer's domain service: detects the format of a dispatch (or honours its format hint
/// and source profile), parses it and returns one canonical article per item. A pure function of
/// the dispatch: the same dispatch always yields the same articles (ids, hashes, text).
/// Throws <see cref="PermanentDispatchException"/> for input that can never succeed.
/// </summary>
public sealed class DispatchNormalizer
{
    /// <summary>Formats this normalizer parses.</summary>
    public static IReadOnlyList<string> SupportedFormats { get; } = [DispatchFormats.Rss, DispatchFormats.Atom, DispatchFormats.JsonFeed, DispatchFormats.NewsMlG2, DispatchFormats.Nitf, DispatchFormats.Ninjs, DispatchFormats.Html, DispatchFormats.AgencyText, DispatchFormats.Iptc7901, DispatchFormats.NewsMl];

    /// <summary>How the message of a rejection for a failure no parser foresaw begins (a gap to fix; the fuzz tests look for it).</summary>
    internal const string UnexpectedFailure = "The dispatch could not be normalized (";

    private readonly NormalizerOptions _options;
    private readonly PayloadLimitOptions _limit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DispatchNormalizer(IOptions<NormalizerOptions> options, IOptions<PayloadLimitOptions> limit, TimeProvider time, ILogger<DispatchNormalizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _limit = limit.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>A normalizer with default options (and payload limit), for the CLI and tests.</summary>
    public static DispatchNormalizer CreateDefault(TimeProvider? time = null, NormalizerOptions? options = null, PayloadLimitOptions? limit = null) =>
        new(Options.Create(options ?? new NormalizerOptions()), Options.Create(limit ?? new PayloadLimitOptions()), time ?? TimeProvider.System);

    /// <summary>
    /// The <see cref="DispatchFormats"/> value a format name stands for (case-insensitive; the aliases of
    /// <see cref="DispatchFormatNames"/> accepted), or null when this normalizer does not parse it.
    /// </summary>
    public static string? ResolveFormatName(string? name) =>
        DispatchFormatNames.TryResolve(name, out var format) && SupportedFormats.Contains(format) ? format : null;

    /// <summary>
    /// Normalizes one dispatch into its articles (one for a dispatch, one per item for a feed). Items of a feed that
    /// cannot be read are left out (and logged); <see cref="NormalizeDocument"/> also returns them.
    /// </summary>
    /// <exception cref="PermanentDispatchException">Empty, binary, oversize, unknown-format, unparseable, unsafe or empty-of-content input.</exception>
    public IReadOnlyList<CanonicalArticle> Normalize(DispatchReceived dispatch) => NormalizeDocument(dispatch).Articles;

    /// <summary>
    /// <see cref="Normalize"/> within a deadline (the stage's per-dispatch budget): the token is observed between the
    /// steps and before each article is assembled, with an <see cref="OperationCanceledException"/> when it fired.
    /// </summary>
    /// <exception cref="PermanentDispatchException">Empty, binary, oversize, unknown-format, unparseable, unsafe or empty-of-content input.</exception>
    public IReadOnlyList<CanonicalArticle> NormalizeWithin(DispatchReceived dispatch, CancellationToken cancellationToken) =>
        NormalizeDocument(dispatch, cancellationToken).Articles;

    /// <summary>
    /// Normalizes one dispatch into its articles and the items rejected on their own: in a feed document (RSS, RDF,
    /// Atom, JSON Feed, NewsML) each item is read separately, so an item that cannot be read is returned in
    /// <see cref="NormalizationResult.RejectedItems"/> (to be announced as a <c>DispatchRejected</c> with its GUID)
    /// while the other items travel on. A document whose every item fails is rejected as a whole. The token (the
    /// stage's per-dispatch budget) is observed between the steps and before each article is assembled.
    /// </summary>
    /// <exception cref="PermanentDispatchException">Empty, binary, oversize, unknown-format, unparseable, unsafe or empty-of-content input.</exception>
    public NormalizationResult NormalizeDocument(DispatchReceived dispatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        using var activity = NormalizerDiagnostics.ActivitySource.StartActivity("normalize");
        activity?.SetTag(TelemetryTags.DispatchId, dispatch.DispatchId);
        activity?.SetTag(TelemetryTags.SourceId, dispatch.Source.Id);
        try
        {
            var (format, articles, rejected) = NormalizeCore(dispatch, cancellationToken);
            activity?.SetTag(TelemetryTags.Format, format);
            activity?.SetTag(TelemetryTags.RejectedItemCount, rejected.Count);
            foreach (var item in rejected)
            {
                Log.ItemRejected(_logger, dispatch.DispatchId, item.Index, Log.Clean(item.ItemGuid), item.ReasonCode, Log.Clean(item.Message));
            }

            activity?.SetTag(TelemetryTags.ArticleCount, articles.Count);
            NormalizerDiagnostics.ArticlesNormalized.Add(articles.Count, new KeyValuePair<string, object?>(TelemetryTags.Format, format));
            Log.Normalized(_logger, dispatch.DispatchId, format, articles.Count);
            if (_logger.IsEnabled(LogLevel.Information) && articles.Any(a => a.Warnings.Count > 0))
            {
                var codes = string.Join(", ", articles.SelectMany(a => a.Warnings).Select(w => w.Code).Distinct());
                Log.Repaired(_logger, dispatch.DispatchId, codes);
            }

            return new NormalizationResult { Format = format, Articles = articles, RejectedItems = rejected };
        }
        catch (Exception ex) when (ItemGuard.AsPermanent(ex) is { } permanent)
        {
            // Input that can never succeed; a pattern's match timeout is one (unsafe), wherever it happened.
            activity?.SetStatus(ActivityStatusCode.Error, permanent.ReasonCode);
            Log.Rejected(_logger, dispatch.DispatchId, dispatch.Source.Id, permanent.ReasonCode, Log.Clean(permanent.Message));
            if (ReferenceEquals(permanent, ex))
            {
                throw;
            }

            throw permanent;
        }
        catch (Exception ex) when (ItemGuard.IsItemFailure(ex))
        {
            // Normalizing is a pure function of the message: a failure nobody foresaw would fail again on every retry.
            // It becomes a permanent rejection (the message ends in _error, where it can be replayed after a fix) and
            // is logged as an error with its stack trace, so the bug is seen.
            activity?.SetStatus(ActivityStatusCode.Error, RejectionReasons.Malformed);
            Log.Unexpected(_logger, ex, dispatch.DispatchId, dispatch.Source.Id);
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                $"{UnexpectedFailure}{ex.GetType().Name}: {ex.Message}); this is a gap in the normalizer, the message can be replayed once it is fixed.", ex);
        }
    }

    private (string Format, IReadOnlyList<CanonicalArticle> Articles, List<RejectedItem> Rejected) NormalizeCore(DispatchReceived dispatch, CancellationToken cancellationToken)
    {
        var payload = dispatch.Payload ?? string.Empty;
        if (string.IsNullOrWhiteSpace(payload))
        {
            throw new PermanentDispatchException(RejectionReasons.NoContent, "The dispatch payload is empty; send the dispatch text or feed document in Payload.");
        }

        _limit.EnsureWithin(Encoding.UTF8.GetByteCount(payload));

        // IPTC 7901 / ANPA framing characters (SOH, STX, ETX, EOT, SYN) are text to the binary check: see PayloadText.IsTextControl.
        if (PayloadText.LooksBinary(payload))
        {
            throw new PermanentDispatchException(RejectionReasons.Binary,
                "The payload contains NUL or control characters, so it is binary or was decoded with the wrong encoding; send text (UTF-8) or declare its encoding.");
        }

        var profile = ResolveProfile(dispatch);
        var format = ResolveFormat(dispatch, payload, profile);
        cancellationToken.ThrowIfCancellationRequested();
        var documentWarnings = new List<ParseWarning>();
        if (payload.Contains('\uFFFD', StringComparison.Ordinal))
        {
            documentWarnings.Add(new ParseWarning
            {
                Code = "encoding-mismatch",
                Message = "The payload contains U+FFFD replacement characters: it was decoded with the wrong encoding and some characters are lost.",
            });
        }
        List<ArticleDraft> drafts;
        var rejected = new List<RejectedItem>();
        switch (format)
        {
            case DispatchFormats.Rss or DispatchFormats.Atom:
                var document = LoadXml(payload, documentWarnings);
                cancellationToken.ThrowIfCancellationRequested();
                var actual = FeedMapper.FormatOf(document.Root!)
                    ?? throw new PermanentDispatchException(RejectionReasons.UnknownFormat,
                        $"The XML root element <{document.Root!.Name.LocalName}> is not an RSS, RDF or Atom feed; check the format hint '{format}'.");
                format = actual;
                var documentUri = Uri.TryCreate(dispatch.Origin.Location, UriKind.Absolute, out var feedUri) ? feedUri : null;
                drafts = FeedMapper.Map(document, _options.MaxItemsPerDocument, documentUri, rejected);
                ThrowWhenEveryItemFailed(drafts, rejected);
                if (drafts.Count == 0)
                {
                    throw new PermanentDispatchException(RejectionReasons.NoContent, "The feed parsed but contains no items (no <item> or <entry> elements).");
                }

                break;
            case DispatchFormats.NewsMlG2 or DispatchFormats.Nitf:
                var wire = LoadXml(payload, documentWarnings).Root!;
                (format, drafts) = wire.Name.LocalName switch
                {
                    "newsItem" or "newsMessage" => (DispatchFormats.NewsMlG2, NewsMlG2.Map(wire, _options.MaxItemsPerDocument, rejected)),
                    "nitf" => (DispatchFormats.Nitf, [Nitf.Map(wire)]),
                    _ => throw new PermanentDispatchException(RejectionReasons.UnknownFormat,
                        $"The XML root element <{wire.Name.LocalName}> is not a NewsML-G2 news item or message, nor NITF (packages, concepts and knowledge items carry no article)."),
                };
                ThrowWhenEveryItemFailed(drafts, rejected);
                if (drafts.Count == 0)
                {
                    throw new PermanentDispatchException(RejectionReasons.NoContent, "The NewsML-G2 message contains no news items.");
                }

                break;
            case DispatchFormats.NewsMl:
                var newsMl = LoadXml(payload, documentWarnings).Root!;
                drafts = newsMl.Name.LocalName is "NewsML" or "NewsItem"
                    ? NewsMl1.Map(newsMl, _options.MaxItemsPerDocument, rejected)
                    : throw new PermanentDispatchException(RejectionReasons.UnknownFormat,
                        $"The XML root element <{newsMl.Name.LocalName}> is not a NewsML 1.x document (<NewsML> or <NewsItem>).");
                ThrowWhenEveryItemFailed(drafts, rejected);
                if (drafts.Count == 0)
                {
                    throw new PermanentDispatchException(RejectionReasons.NoContent, "The NewsML document contains no news item with text.");
                }

                break;
            case DispatchFormats.Html:
                var location = Uri.TryCreate(dispatch.Origin.Location, UriKind.Absolute, out var origin) ? origin : null;
                drafts = [HtmlPage.Map(payload, location)];
                break;
            case DispatchFormats.Ninjs:
                drafts = [Ninjs.Map(payload)];
                break;
            case DispatchFormats.JsonFeed:
                drafts = JsonFeedMapper.Map(payload, _options.MaxItemsPerDocument, rejected);
                ThrowWhenEveryItemFailed(drafts, rejected);
                if (drafts.Count == 0)
                {
                    throw new PermanentDispatchException(RejectionReasons.NoContent, "The JSON Feed parsed but its \"items\" array is empty.");
                }

                break;
            case DispatchFormats.Iptc7901:
                drafts = Iptc7901.Map(payload, ReceivedAt(dispatch), _options.MaxItemsPerDocument, documentWarnings);
                break;
            case DispatchFormats.AgencyText:
                var selected = profile ?? SourceProfiles.Detect(payload) ?? SourceProfiles.Find(PlainTextProfile.ProfileName)!;
                drafts = [AgencyTextParser.Parse(dispatch with { ReceivedAt = ReceivedAt(dispatch) }, selected)];
                break;
            default:
                throw new PermanentDispatchException(RejectionReasons.UnknownFormat,
                    $"The format '{format}' is not one this normalizer parses (a typo in the format hint?); supported formats: {string.Join(", ", SupportedFormats)}.");
        }

        cancellationToken.ThrowIfCancellationRequested();

        // A feed item is an item as soon as it carries anything (a link alone is a teaser); only empty items are dropped.
        var feed = format is DispatchFormats.Rss or DispatchFormats.Atom;
        var usable = drafts.Where(d => !string.IsNullOrWhiteSpace(d.Headline) || d.HasText || (feed && d.HasMetadata)).ToList();
        if (usable.Count == 0)
        {
            throw new PermanentDispatchException(RejectionReasons.NoContent,
                $"The {format} payload parsed but has no headline and no text; check that it is a complete dispatch.");
        }

        var articles = new List<CanonicalArticle>(usable.Count);
        foreach (var draft in usable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                articles.Add(ArticleAssembler.Assemble(dispatch, draft, documentWarnings));
            }
            catch (Exception ex) when (ItemGuard.IsItemFailure(ex))
            {
                rejected.Add(ItemGuard.Reject(draft.ItemIndex, TextCleaner.CleanId(draft.ItemGuid), ex));
            }
        }

        ThrowWhenEveryItemFailed(articles, rejected);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return (format, articles, rejected);
    }

    /// <summary>A document none of whose items could be read is rejected as a whole, with the first item's reason.</summary>
    private static void ThrowWhenEveryItemFailed<T>(List<T> kept, List<RejectedItem> rejected)
    {
        if (kept.Count == 0 && rejected.Count > 0)
        {
            var first = rejected[0];
            throw new PermanentDispatchException(first.ReasonCode,
                rejected.Count == 1 ? first.Message : $"None of the document's {rejected.Count} items could be read; the first: {first.Message}");
        }
    }

    /// <summary>Parses an XML payload (already within the payload limit, which also caps the parser).</summary>
    private XDocument LoadXml(string payload, List<ParseWarning> warnings) =>
        SafeXml.Load(payload, (int)Math.Max(_limit.MaxPayloadBytes, payload.Length), _options.RepairXml, warnings);

    private DateTimeOffset ReceivedAt(DispatchReceived dispatch) => dispatch.ReceivedAt == default ? _time.GetUtcNow() : dispatch.ReceivedAt;

    private static SourceProfile? ResolveProfile(DispatchReceived dispatch)
    {
        if (string.IsNullOrWhiteSpace(dispatch.SourceProfile))
        {
            return null;
        }

        return SourceProfiles.Find(dispatch.SourceProfile)
            ?? throw new PermanentDispatchException(RejectionReasons.InvalidMessage,
                $"Unknown source profile '{dispatch.SourceProfile}'; known profiles: {string.Join(", ", SourceProfiles.Names)}.");
    }

    private static string ResolveFormat(DispatchReceived dispatch, string payload, SourceProfile? profile)
    {
        if (!string.IsNullOrWhiteSpace(dispatch.FormatHint))
        {
            return NormalizeHint(dispatch.FormatHint);
        }

        if (profile is not null)
        {
            return DispatchFormats.AgencyText;
        }

        return FormatDetector.Detect(payload, dispatch.ContentType)
            ?? throw new PermanentDispatchException(RejectionReasons.UnknownFormat,
                $"Could not recognise the payload's format (supported: {string.Join(", ", SupportedFormats)}; agency layouts: {string.Join(", ", SourceProfiles.Names)}). Set FormatHint or SourceProfile (CLI: --format/--profile).");
    }

    /// <summary>A format hint as a <see cref="DispatchFormats"/> value (the aliases of <see cref="DispatchFormatNames"/> accepted); an unknown name as written.</summary>
    internal static string NormalizeHint(string hint) =>
        DispatchFormatNames.TryResolve(hint, out var format) ? format : hint.Trim().ToLowerInvariant();
}
