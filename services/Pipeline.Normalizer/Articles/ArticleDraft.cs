using Pipeline.Contracts.Articles;

namespace Pipeline.Normalizer.Articles;

/// <summary>What a format parser extracted from one item, before ids, hashes and HTML are derived.</summary>
internal sealed class ArticleDraft
{
    public required string Format { get; init; }
    public string? ItemGuid { get; set; }

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

    public bool HasText => !string.IsNullOrWhiteSpace(Lead) || Paragraphs.Count > 0;
}
