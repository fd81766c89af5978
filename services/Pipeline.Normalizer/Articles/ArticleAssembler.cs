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
        var headline = TextCleaner.Clean(draft.Headline);
        var lead = string.IsNullOrWhiteSpace(draft.Lead) ? null : TextCleaner.Clean(draft.Lead);
        var paragraphs = draft.Paragraphs.Select(TextCleaner.Clean).Where(p => p.Length > 0).ToList();
        var date = draft.Dateline?.Date ?? (draft.PublishedAt is { } published ? DateOnly.FromDateTime(published.UtcDateTime) : null);
        var warnings = documentWarnings.Concat(draft.Warnings).ToList();
        if (draft.PublishedAt is { } when && dispatch.ReceivedAt != default && when > dispatch.ReceivedAt + FutureTolerance)
        {
            warnings.Add(new ParseWarning
            {
                Code = "date-in-future",
                Message = $"The publication date {when:O} is more than {FutureTolerance.TotalHours:0} hours after the dispatch was received ({dispatch.ReceivedAt:O}); the source's clock or time zone may be wrong.",
            });
        }

        return new CanonicalArticle
        {
            ArticleId = ArticleIds.Create(dispatch.Source.Id, draft.ItemGuid, draft.CanonicalUrl, headline, date),
            Version = Math.Max(Math.Max(1, draft.Version), ItemVersion(dispatch, draft)),
            Source = dispatch.Source,
            Format = draft.Format,
            ItemGuid = string.IsNullOrWhiteSpace(draft.ItemGuid) ? null : draft.ItemGuid.Trim(),
            Headline = new Headline { Main = headline, Sub = string.IsNullOrWhiteSpace(draft.SubHeadline) ? null : TextCleaner.Clean(draft.SubHeadline) },
            Sections = Distinct(draft.Sections),
            Subjects = Distinct(draft.Subjects),
            Dateline = draft.Dateline,
            PublishedAt = draft.PublishedAt,
            UpdatedAt = draft.UpdatedAt,
            Authors = draft.Authors.DistinctBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            DeclaredLanguage = LanguageTags.Canonical(draft.DeclaredLanguage),
            Lead = lead,
            Body = new ArticleBody
            {
                Paragraphs = paragraphs,
                Html = string.IsNullOrWhiteSpace(draft.Html) ? ArticleHtml.FromParagraphs(paragraphs) : draft.Html,
            },
            CanonicalUrl = draft.CanonicalUrl,
            ContentHash = ContentHash.Compute(headline, lead, paragraphs),
            Warnings = warnings,
            Media = draft.Media.DistinctBy(m => m.Url).ToList(),
            Location = draft.Location,
            Urgency = draft.Urgency,
            IsTeaser = draft.IsTeaser,
            CommentsUrl = draft.CommentsUrl,
            OriginalSource = draft.OriginalSource,
        };
    }

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
        if (!string.IsNullOrEmpty(key) && versions.TryGetValue(key, out var byGuid))
        {
            return byGuid;
        }

        var link = draft.CanonicalUrl?.AbsoluteUri;
        return link is not null && versions.TryGetValue(link, out var byLink) ? byLink : 0;
    }
}
