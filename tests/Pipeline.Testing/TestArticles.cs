using System.Net;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Testing;

/// <summary>The one builder of canonical articles for tests: what the normalizer delivers, written by hand.</summary>
public static class TestArticles
{
    /// <summary>
    /// A valid canonical article: the given text, an agency-text dispatch of <paramref name="source"/> (default
    /// <c>test</c>), the body's HTML one encoded <c>&lt;p&gt;</c> a paragraph and the content hash (SHA-256) of its text.
    /// Add what a test needs with <c>with { … }</c>.
    /// </summary>
    public static CanonicalArticle Canonical(string articleId, string headline, string? lead, IReadOnlyList<string> paragraphs, SourceRef? source = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var text = string.Join("\n\n", new[] { headline, lead }.Concat(paragraphs));
        return new CanonicalArticle
        {
            ArticleId = articleId,
            Source = source ?? new SourceRef { Id = "test" },
            Format = DispatchFormats.AgencyText,
            Headline = new Headline { Main = headline },
            Lead = lead,
            Body = new ArticleBody
            {
                Paragraphs = paragraphs,
                Html = string.Concat(paragraphs.Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>")),
            },
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        };
    }
}
