using Pipeline.Contracts.Dispatches;

namespace Pipeline.Contracts.Articles;

/// <summary>
/// The canonical form of one news article, whatever format it arrived in. Carried by
/// <see cref="ArticleNormalized"/> and <see cref="ArticleEnriched"/>.
/// </summary>
public sealed record CanonicalArticle
{
    /// <summary>
    /// Deterministic id: from source + agency GUID when the source has stable GUIDs, else from the
    /// canonical URL, else from source + headline + date. Redelivery never changes it.
    /// </summary>
    public required string ArticleId { get; init; }

    /// <summary>Version of the story (1 for the first; an agency's later correction keeps the id and raises this).</summary>
    public int Version { get; init; } = 1;

    /// <summary>The source the article came from.</summary>
    public required SourceRef Source { get; init; }

    /// <summary>The format it was parsed from (a <see cref="DispatchFormats"/> value).</summary>
    public required string Format { get; init; }

    /// <summary>The agency's or feed's own id for the item (RSS guid, Atom id, NewsML-G2 guid), when it has one.</summary>
    public string? ItemGuid { get; init; }

    /// <summary>Headline and optional sub-headline.</summary>
    public required Headline Headline { get; init; }

    /// <summary>Sections or desks (e.g. <c>Esteri</c>, <c>World</c>), as the source names them.</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    /// <summary>Subjects, categories or slugs (e.g. <c>Russia</c>).</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>The dateline, when the text has one.</summary>
    public Dateline? Dateline { get; init; }

    /// <summary>First publication time.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Last update time, when the source gives one.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Authors in byline order.</summary>
    public IReadOnlyList<Author> Authors { get; init; } = [];

    /// <summary>Language the source declared (BCP 47, e.g. <c>it</c>), when it declared one.</summary>
    public string? DeclaredLanguage { get; init; }

    /// <summary>Lead paragraph or summary, plain text.</summary>
    public string? Lead { get; init; }

    /// <summary>The body: plain-text paragraphs and sanitized HTML.</summary>
    public required ArticleBody Body { get; init; }

    /// <summary>Canonical URL of the article, when there is one.</summary>
    public Uri? CanonicalUrl { get; init; }

    /// <summary>SHA-256 (hex) over the normalized headline, lead and body text.</summary>
    public required string ContentHash { get; init; }

    /// <summary>Repairs and oddities met while parsing; empty when the input was clean.</summary>
    public IReadOnlyList<ParseWarning> Warnings { get; init; } = [];

    /// <summary>Images, video and audio the source attached (Media RSS, enclosures, NewsML-G2 associations). Added after v1: may be empty.</summary>
    public IReadOnlyList<MediaItem> Media { get; init; } = [];

    /// <summary>A point the source attached (GeoRSS, NewsML-G2 geo), when any. Added after v1.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>
    /// News urgency as the agency set it, 1 (flash, most urgent) to 9 (least), the IPTC scale of
    /// NewsML-G2, NITF and ninjs; an IPTC 7901 / ANPA priority is mapped onto it. Null when the source
    /// does not say. Added after v1.
    /// </summary>
    public int? Urgency { get; init; }

    /// <summary>
    /// True when the item is only a teaser: a link with at most a short summary and no body of its own
    /// (a feed item that points to the article instead of carrying it). Added after v1.
    /// </summary>
    public bool IsTeaser { get; init; }

    /// <summary>Where readers comment on the article (RSS <c>comments</c>, Atom <c>link rel="replies"</c>), when given. Added after v1.</summary>
    public Uri? CommentsUrl { get; init; }

    /// <summary>The publication the item was taken from, when the feed republishes it (RSS <c>source</c>, Atom <c>source</c>). Added after v1.</summary>
    public ItemOrigin? OriginalSource { get; init; }
}

/// <summary>The publication an item was first published in (RSS <c>source</c>, Atom <c>source</c>).</summary>
public sealed record ItemOrigin
{
    /// <summary>Its title, e.g. <c>Example News</c>.</summary>
    public string? Title { get; init; }

    /// <summary>Its address (the source feed's URL or home page).</summary>
    public Uri? Url { get; init; }
}

/// <summary>An image, video or audio file attached to an article.</summary>
public sealed record MediaItem
{
    /// <summary>Where the file is.</summary>
    public required Uri Url { get; init; }

    /// <summary>One of <see cref="MediaKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Media type, e.g. <c>image/jpeg</c>, when given.</summary>
    public string? MimeType { get; init; }

    /// <summary>Caption or description, plain text.</summary>
    public string? Caption { get; init; }

    /// <summary>Credit or copyright line.</summary>
    public string? Credit { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>Length of audio or video, in seconds.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Size in bytes, when the source says.</summary>
    public long? Length { get; init; }
}

/// <summary>Values of <see cref="MediaItem.Kind"/>.</summary>
public static class MediaKinds
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Other = "other";
}

/// <summary>A point on Earth (WGS 84).</summary>
public sealed record GeoPoint
{
    public required double Latitude { get; init; }

    public required double Longitude { get; init; }

    /// <summary>The place's name, when the source gives one.</summary>
    public string? Name { get; init; }
}

/// <summary>Headline of an article.</summary>
public sealed record Headline
{
    /// <summary>The main headline, plain text.</summary>
    public required string Main { get; init; }

    /// <summary>A sub-headline or kicker, when there is one.</summary>
    public string? Sub { get; init; }
}

/// <summary>A dateline such as <c>Pyongyang (Nord Corea) - 13 ago 2025 (Prima Notizia 24)</c>.</summary>
public sealed record Dateline
{
    /// <summary>The place, e.g. <c>Pyongyang</c>.</summary>
    public string? Place { get; init; }

    /// <summary>The country as written, e.g. <c>Nord Corea</c>.</summary>
    public string? Country { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code of the country, when it could be resolved (e.g. <c>KP</c>).</summary>
    public string? CountryCode { get; init; }

    /// <summary>The date the dateline carries.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The agency named in the dateline, e.g. <c>Prima Notizia 24</c>.</summary>
    public string? Agency { get; init; }

    /// <summary>The dateline as it appeared, without markup.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// A region, state or province named with the place, e.g. <c>Lazio</c> in <c>Roma (Lazio)</c> or
    /// <c>Illinois</c> for <c>SPRINGFIELD, Ill.</c>; never a country (see <see cref="Country"/>). Added
    /// after v1: omitted from JSON when absent.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Region { get; init; }
}

/// <summary>An author from the byline.</summary>
public sealed record Author
{
    /// <summary>The author's name, e.g. <c>Renato Narciso</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Role, when given (e.g. <c>correspondent</c>).</summary>
    public string? Role { get; init; }

    /// <summary>Contact e-mail or URI, when given.</summary>
    public string? Contact { get; init; }

    /// <summary>The author's home page or profile (Atom <c>uri</c>), when given. Added after v1.</summary>
    public Uri? Url { get; init; }
}

/// <summary>The article body in two renderings.</summary>
public sealed record ArticleBody
{
    /// <summary>Plain-text paragraphs (NFC, whitespace normalized, typographic quotes kept).</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary>Sanitized HTML built from an allow-list (no script, style, iframes, forms or event handlers).</summary>
    public required string Html { get; init; }
}

/// <summary>Something the parser had to repair or could not interpret.</summary>
public sealed record ParseWarning
{
    /// <summary>Stable code, e.g. <c>undeclared-entity</c>, <c>encoding-mismatch</c>, <c>date-unparsed</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Human-readable detail.</summary>
    public required string Message { get; init; }
}
