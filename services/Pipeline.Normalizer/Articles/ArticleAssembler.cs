using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Articles;

/// <summary>Turns a draft into the canonical article: id, content hash, HTML, de-duplicated lists.</summary>
internal static class ArticleAssembler
{
    /// <summary>How far after reception a publication date may lie before it is flagged (time zones, clock skew).</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(26);

    public static CanonicalArticle Assemble(DispatchReceived dispatch, ArticleDraft draft, IReadOnlyList<ParseWarning> documentWarnings)
    {
        // The one place every text of an article is cleaned (controls, bidi overrides, invisible characters: TextCleaner).
        var headline = TextCleaner.Clean(draft.Headline);
        var itemGuid = TextCleaner.CleanId(draft.ItemGuid);
        var lead = string.IsNullOrWhiteSpace(draft.Lead) ? null : TextCleaner.Clean(draft.Lead);
        var paragraphs = draft.Paragraphs.Select(TextCleaner.Clean).Where(p => p.Length > 0).ToList();
        var date = draft.Dateline?.Date ?? (draft.PublishedAt is { } published ? DateOnly.FromDateTime(published.UtcDateTime) : null);
        var warnings = documentWarnings.Concat(draft.Warnings).ToList();
        if (draft.PublishedAt is { } when && dispatch.ReceivedAt != default && dispatch.ReceivedAt < DateTimeOffset.MaxValue - FutureTolerance && when > dispatch.ReceivedAt + FutureTolerance)
        {
            warnings.Add(new ParseWarning
            {
                Code = "date-in-future",
                Message = $"The publication date {when:O} is more than {FutureTolerance.TotalHours:0} hours after the dispatch was received ({dispatch.ReceivedAt:O}); the source's clock or time zone may be wrong.",
            });
        }

        return new CanonicalArticle
        {
            ArticleId = ArticleIds.Create(dispatch.Source.Id, itemGuid, draft.CanonicalUrl, headline, date),
            Version = Math.Max(Math.Max(1, draft.Version), ItemVersion(dispatch, draft)),
            Source = dispatch.Source,
            Format = draft.Format,
            ItemGuid = itemGuid,
            Headline = new Headline { Main = headline, Sub = string.IsNullOrWhiteSpace(draft.SubHeadline) ? null : TextCleaner.Clean(draft.SubHeadline) },
            Sections = Distinct(draft.Sections),
            Subjects = Distinct(draft.Subjects),
            Dateline = CleanDateline(draft.Dateline),
            PublishedAt = draft.PublishedAt,
            UpdatedAt = draft.UpdatedAt,
            Authors = draft.Authors.Select(CleanAuthor).OfType<Author>().DistinctBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            DeclaredLanguage = LanguageTags.Canonical(draft.DeclaredLanguage),
            Lead = lead,
            Body = new ArticleBody
            {
                Paragraphs = paragraphs,
                Html = string.IsNullOrWhiteSpace(draft.Html) ? ArticleHtml.FromParagraphs(paragraphs) : TextCleaner.CleanMarkup(draft.Html),
            },
            CanonicalUrl = draft.CanonicalUrl,
            ContentHash = ContentHash.Compute(headline, lead, paragraphs),
            Warnings = warnings,
            Media = draft.Media.DistinctBy(m => m.Url).Select(m => m with { Caption = CleanOrNull(m.Caption), Credit = CleanOrNull(m.Credit) }).ToList(),
            Location = draft.Location is { Name: not null } location ? location with { Name = CleanOrNull(location.Name) } : draft.Location,
            Urgency = draft.Urgency,
            IsTeaser = draft.IsTeaser,
            CommentsUrl = draft.CommentsUrl,
            OriginalSource = draft.OriginalSource is { Title: not null } origin ? origin with { Title = CleanOrNull(origin.Title) } : draft.OriginalSource,
        };
    }

    private static string? CleanOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextCleaner.Clean(text) is { Length: > 0 } clean ? clean : null;

    private static Author? CleanAuthor(Author author) =>
        CleanOrNull(author.Name) is { } name ? author with { Name = name, Role = CleanOrNull(author.Role), Contact = CleanOrNull(author.Contact) } : null;

    private static Dateline? CleanDateline(Dateline? dateline) => dateline is null ? null : dateline with
    {
        Place = CleanOrNull(dateline.Place),
        Country = CleanOrNull(dateline.Country),
        Region = CleanOrNull(dateline.Region),
        Agency = CleanOrNull(dateline.Agency),
        Text = CleanOrNull(dateline.Text),
    };

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(TextCleaner.Clean).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The version the fetcher gave a feed item that changed since it was last announced (0 when none).</summary>
    private static int ItemVersion(DispatchReceived dispatch, ArticleDraft draft)
    {
        if (dispatch.ItemVersions is not { Count: > 0 } versions)
        {
            return 0;
        }

        var key = draft.ItemGuid?.Trim();
        if (!string.IsNullOrEmpty(key) && (versions.TryGetValue(key, out var byGuid) || (TextCleaner.CleanId(key) is { } clean && versions.TryGetValue(clean, out byGuid))))
        {
            return byGuid;
        }

        var link = draft.CanonicalUrl?.AbsoluteUri;
        return link is not null && versions.TryGetValue(link, out var byLink) ? byLink : 0;
    }
}
