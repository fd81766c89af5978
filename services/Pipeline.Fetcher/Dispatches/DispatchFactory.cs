using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Fetcher.Dispatches;

/// <summary>
/// The one place where raw input becomes a <see cref="DispatchReceived"/>: the HTTP endpoint, the feed
/// poller, the raw AMQP ingest and the CLI's <c>pipeline publish</c> all go through it. It assigns a new
/// dispatch id (GUID, "N" format), stamps <see cref="DispatchReceived.ReceivedAt"/> from the
/// <see cref="TimeProvider"/>, undoes a content coding, decodes the bytes to text (order documented on
/// <see cref="PayloadDecoder"/>: BOM, declared charset, XML/HTML declaration, valid UTF-8, windows-1252)
/// and records the encoding's name. Invalid input throws <see cref="PermanentDispatchException"/>.
/// </summary>
public sealed class DispatchFactory
{
    /// <summary>Longest accepted source id.</summary>
    public const int MaxSourceIdLength = 200;

    /// <summary>The documented character set of a source id, as the refusal states it.</summary>
    public const string SourceIdRule =
        "A source id is 1 to 200 characters from ASCII letters, digits and '-', '_', '.', ':' (e.g. 'prima-notizia-24'), starting with a letter or digit.";

    /// <summary>
    /// True for a source id every entry point (HTTP, raw AMQP, feeds, CLI) accepts: 1 to <see cref="MaxSourceIdLength"/>
    /// ASCII letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>:</c>, starting with a letter or digit. No path separators,
    /// markup, whitespace, control, bidi or invisible characters can reach the events, the index or a log line.
    /// </summary>
    public static bool IsValidSourceId(string? sourceId) =>
        !string.IsNullOrEmpty(sourceId)
        && sourceId.Length <= MaxSourceIdLength
        && char.IsAsciiLetterOrDigit(sourceId[0])
        && sourceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static readonly HashSet<string> KnownOrigins = new(StringComparer.Ordinal)
    {
        OriginKinds.Feed, OriginKinds.Http, OriginKinds.File, OriginKinds.Amqp,
    };

    private readonly TimeProvider _time;

    public DispatchFactory(TimeProvider time, PayloadLimitOptions? limit = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Limit = limit ?? new PayloadLimitOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit.MaxPayloadBytes, 1L, nameof(limit));
    }

    /// <summary>The payload limit (<c>Dispatches:MaxPayloadBytes</c>), applied as received and after decompression.</summary>
    public PayloadLimitOptions Limit { get; }

    /// <summary>Builds the event; throws <see cref="PermanentDispatchException"/> for input that can never be accepted.</summary>
    public DispatchReceived Create(RawDispatch raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sourceId = raw.SourceId?.Trim();
        if (string.IsNullOrEmpty(sourceId))
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, "A source id is required (e.g. 'prima-notizia-24').");
        }

        if (!IsValidSourceId(sourceId))
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, SourceIdRule);
        }

        if (!KnownOrigins.Contains(raw.OriginKind))
        {
            throw new ArgumentException($"Unknown origin kind '{raw.OriginKind}'.", nameof(raw));
        }

        var format = NormalizeFormat(raw.FormatHint);
        Limit.EnsureWithin(raw.Body.Length);

        var body = raw.Body;
        string? charsetHint = null;
        if (!string.IsNullOrWhiteSpace(raw.ContentEncoding))
        {
            if (PayloadDecompressor.IsContentCoding(raw.ContentEncoding))
            {
                body = PayloadDecompressor.Decompress(body, raw.ContentEncoding, Limit);
            }
            else if (PayloadDecoder.FindEncoding(raw.ContentEncoding) is not null)
            {
                charsetHint = raw.ContentEncoding;
            }
            else
            {
                throw new PermanentDispatchException(RejectionReasons.InvalidMessage,
                    $"Unsupported content encoding '{raw.ContentEncoding}': use gzip, deflate, br, identity or a charset name.");
            }
        }

        if (body.IsEmpty)
        {
            throw new PermanentDispatchException(RejectionReasons.NoContent, "The payload is empty.");
        }

        var decoded = PayloadDecoder.Decode(body.Span, raw.ContentType, charsetHint);
        if (string.IsNullOrWhiteSpace(decoded.Text))
        {
            throw new PermanentDispatchException(RejectionReasons.NoContent, "The payload contains only whitespace.");
        }

        return new DispatchReceived
        {
            DispatchId = Guid.NewGuid().ToString("N"),
            Source = new SourceRef { Id = sourceId, Name = Blank(raw.SourceName) },
            Origin = new DispatchOrigin { Kind = raw.OriginKind, Location = Blank(raw.OriginLocation) },
            ReceivedAt = _time.GetUtcNow(),
            Payload = decoded.Text,
            FormatHint = format,
            ContentType = Blank(raw.ContentType),
            Encoding = decoded.Encoding.WebName,
            SourceProfile = Blank(raw.SourceProfile),
        };
    }


    /// <summary>The canonical name of a format name or alias (<see cref="DispatchFormatNames"/>); null for none; throws for an unknown one.</summary>
    public static string? NormalizeFormat(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return null;
        }

        return DispatchFormatNames.TryResolve(format, out var resolved)
            ? resolved
            : throw new PermanentDispatchException(RejectionReasons.InvalidMessage,
                $"Unknown format '{format.Trim()}'. Known formats: {DispatchFormatNames.Describe()}; omit it to auto-detect.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
