using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11's hostile inputs for format detection and the feed mappers: each call must end (within a generous
/// bound, not a timing assertion) as articles or a <see cref="PermanentDispatchException"/>.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>A hang fails the test instead of blocking the run; 120 s is a bound, the fixed code takes milliseconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Theory]
    [InlineData("<?a?>", 202)]
    [InlineData("<!--a-->", 202)]
    [InlineData("<?a?>", 20_000)]
    [InlineData("<!--a-->", 20_000)]
    public async Task DetectFormat_RepeatedPrologThenBadName_Ends(string unit, int bytes)
    {
        var payload = Repeat(unit, bytes - 2) + "<1";
        var format = await Task.Run(() => DispatchNormalizer.DetectFormat(payload, null), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Null(format);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n<!-- c -- > -->\n<!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss version=\"2.0\"/>", DispatchFormats.Rss)]
    [InlineData("\uFEFF<!--a--><?p x?> \r\n<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"/>", DispatchFormats.Atom)]
    [InlineData("<!DOCTYPE nitf SYSTEM \"nitf.dtd\"><nitf/>", DispatchFormats.Nitf)]
    public void DetectFormat_PrologThenRoot_FindsRoot(string payload, string expected)
    {
        Assert.Equal(expected, DispatchNormalizer.DetectFormat(payload, null));
    }

    [Theory]
    [InlineData(200_000)]
    [InlineData(1_000_000)]
    public async Task Normalize_RssAuthorWithLongRunOfAt_EndsWithCappedAuthor(int length)
    {
        var ats = new string('@', length);
        var articles = await NormalizeBounded(Rss($"<author>x&lt;{ats}</author>"), DispatchFormats.Rss);
        var author = Assert.Single(Assert.Single(articles).Authors);
        Assert.InRange(author.Name.Length, 1, 1_000);
    }

    [Theory]
    [InlineData("Jane Doe <jane@example.org>", "Jane Doe", "jane@example.org")]
    [InlineData("jane@example.org (Jane Doe)", "Jane Doe", "jane@example.org")]
    public async Task Normalize_RssAuthorShapes_StillSplit(string value, string name, string contact)
    {
        var articles = await NormalizeBounded(Rss($"<author>{System.Net.WebUtility.HtmlEncode(value)}</author>"), DispatchFormats.Rss);
        var author = Assert.Single(Assert.Single(articles).Authors);
        Assert.Equal(name, author.Name);
        Assert.Equal(contact, author.Contact);
    }

    [Theory]
    [InlineData("content", 20_000)]
    [InlineData("title", 20_000)]
    [InlineData("summary", 20_000)]
    public async Task Normalize_AtomXhtmlNestedVeryDeep_EndsWithoutCrashing(string element, int depth)
    {
        var nested = new StringBuilder();
        nested.Append("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
        nested.Insert(nested.Length, "<span>", depth).Append("deep text").Insert(nested.Length, "</span>", depth).Append("</div>");
        var body = $"<{element} type=\"xhtml\">{nested}</{element}>";
        var others = element == "title" ? "<content type=\"text\">Body text.</content>" : "<title>A title</title>";
        var feed = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>f</title><id>urn:f</id><updated>2025-08-13T10:00:00Z</updated>"
            + $"<entry><id>urn:e</id><updated>2025-08-13T10:00:00Z</updated>{others}{body}</entry></feed>";
        try
        {
            var articles = await NormalizeBounded(feed, DispatchFormats.Atom);
            var article = Assert.Single(articles);
            if (element == "title")
            {
                Assert.Equal("deep text", article.Headline.Main);
            }
            else
            {
                Assert.Contains(article.Warnings, w => w.Code == "html-flattened");
            }
        }
        catch (PermanentDispatchException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.ReasonCode));
        }
    }

    [Fact]
    public async Task StripMarkdown_LongRunOfOpeningBrackets_Ends()
    {
        var line = new string('[', 200_000);
        var text = await Task.Run(() => Pipeline.Normalizer.Agency.AgencyTextParser.StripMarkdown(line), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(line, text);
        Assert.Equal("see the site now", Pipeline.Normalizer.Agency.AgencyTextParser.StripMarkdown("see [the site](https://example.org/) now"));
    }

    /// <summary>Throws <see cref="TimeoutException"/> when the call does not end within <see cref="Bound"/>.</summary>
    private static Task<IReadOnlyList<CanonicalArticle>> NormalizeBounded(string payload, string format) =>
        Task.Run(() => Normalizer.Normalize(TestDispatches.Create(payload, formatHint: format)), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);

    private static string Rss(string itemExtra) =>
        "<rss version=\"2.0\"><channel><title>c</title><link>https://example.org/</link><description>d</description>"
        + $"<item><title>A title</title><link>https://example.org/a</link><description>Body text.</description>{itemExtra}</item></channel></rss>";

    private static string Repeat(string unit, int bytes)
    {
        var text = new StringBuilder(bytes + unit.Length);
        while (text.Length + unit.Length <= bytes)
        {
            text.Append(unit);
        }

        return text.ToString();
    }
}
