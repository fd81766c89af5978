using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Text;

/// <summary>
/// The article's plain text, the one every offset in <see cref="Enrichment"/> refers to: the main
/// headline, the lead and the body paragraphs, in that order, empty parts skipped, joined by a blank
/// line (<c>"\n\n"</c>). The sub-headline, dateline and byline are not part of it.
/// </summary>
internal static class ArticleText
{
    /// <summary>The separator between the parts.</summary>
    public const string Separator = "\n\n";

    /// <summary>Builds the plain text of <paramref name="article"/>.</summary>
    public static string Build(CanonicalArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return string.Join(Separator, Parts(article));
    }

    private static IEnumerable<string> Parts(CanonicalArticle article)
    {
        if (!string.IsNullOrWhiteSpace(article.Headline.Main))
        {
            yield return article.Headline.Main.Trim();
        }

        if (!string.IsNullOrWhiteSpace(article.Lead))
        {
            yield return article.Lead.Trim();
        }

        foreach (var paragraph in article.Body.Paragraphs)
        {
            if (!string.IsNullOrWhiteSpace(paragraph))
            {
                yield return paragraph.Trim();
            }
        }
    }
}
