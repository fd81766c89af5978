using Pipeline.Contracts.Articles;

namespace Pipeline.Normalizer.Articles;

/// <summary>What a format parser extracted from one item, before ids, hashes and HTML are derived.</summary>
internal sealed class ArticleDraft
{
    public required string Format { get; init; }
    public string? ItemGuid { get; set; }

    /// <summary>Position of the item in its document, from 0 (set by <see cref="ItemGuard"/>).</summary>
    public int ItemIndex { get; set; }

    /// <summary>Version of the story (an agency's correction keeps the GUID and raises it).</summary>
    public int Version { get; set; } = 1;
    public string Headline { get; set; } = string.Empty;
    public string? SubHeadline { get; set; }
    public List<string> Sections { get; } = [];
    public List<string> Subjects { get; } = [];
    public Dateline? Dateline { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public List<Author> Authors { get; } = [];
    public string? DeclaredLanguage { get; set; }
    public string? Lead { get; set; }
    public List<string> Paragraphs { get; } = [];

    /// <summary>Sanitized HTML of the body when the source had HTML; else built from the paragraphs.</summary>
    public string? Html { get; set; }
    public Uri? CanonicalUrl { get; set; }
    public List<ParseWarning> Warnings { get; } = [];

    /// <summary>Date of a closing byline (agency text), a fallback for the publication date.</summary>
    public DateOnly? BylineDate { get; set; }

    /// <summary>Images, video and audio, in document order (see <c>Media/MediaValues</c>).</summary>
    public List<MediaItem> Media { get; } = [];

    /// <summary>A point the source attached (GeoRSS, W3C Basic Geo, NewsML-G2 position).</summary>
    public GeoPoint? Location { get; set; }

    /// <summary>IPTC urgency 1–9 (see <see cref="Urgencies"/>).</summary>
    public int? Urgency { get; set; }

    /// <summary>A feed item that only points to its article (see <c>CanonicalArticle.IsTeaser</c>).</summary>
    public bool IsTeaser { get; set; }

    public Uri? CommentsUrl { get; set; }

    public ItemOrigin? OriginalSource { get; set; }

    /// <summary>The source wrote a title element and left it empty (with a date alone, an empty template slot, not an item).</summary>
    public bool DeclaresEmptyTitle { get; set; }

    /// <summary>
    /// Anything besides text: a link, an id, an author, a subject, an attachment, a place, a source, or a
    /// date (unless the item declares an empty title: a CMS's empty slot carries nothing but its date).
    /// </summary>
    public bool HasMetadata => CanonicalUrl is not null || !string.IsNullOrWhiteSpace(SubHeadline) || !string.IsNullOrWhiteSpace(ItemGuid)
        || ((PublishedAt is not null || UpdatedAt is not null) && !DeclaresEmptyTitle)
        || Authors.Count > 0 || Subjects.Count > 0 || Media.Count > 0 || Location is not null || CommentsUrl is not null || OriginalSource is not null;

    public bool HasText => !string.IsNullOrWhiteSpace(Lead) || Paragraphs.Count > 0;
}
