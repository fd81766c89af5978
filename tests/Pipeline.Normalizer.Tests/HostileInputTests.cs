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
        var format = await Task.Run(() => FormatDetector.Detect(payload, null), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Null(format);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n<!-- c -- > -->\n<!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss version=\"2.0\"/>", DispatchFormats.Rss)]
    [InlineData("\uFEFF<!--a--><?p x?> \r\n<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"/>", DispatchFormats.Atom)]
    [InlineData("<!DOCTYPE nitf SYSTEM \"nitf.dtd\"><nitf/>", DispatchFormats.Nitf)]
    public void DetectFormat_PrologThenRoot_FindsRoot(string payload, string expected)
    {
        Assert.Equal(expected, FormatDetector.Detect(payload, null));
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

    [Fact]
    public async Task Repair_DescriptionThenAMillionUnclosedComments_Ends()
    {
        var xml = "<rss version=\"2.0\"><channel><item><title>t</title><description>" + Repeat("<!--", 4_000_000);
        var warnings = new List<ParseWarning>();
        var repaired = await Task.Run(() => Pipeline.Normalizer.Parsing.SafeXml.Repair(xml, warnings), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.StartsWith("<rss version=\"2.0\"><channel><item><title>t</title><description>", repaired, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Code == "unclosed-elements");
    }

    [Fact]
    public async Task Normalize_RssDescriptionThenAMillionUnclosedComments_EndsAsRejection()
    {
        var payload = "<rss version=\"2.0\"><channel><title>c</title><item><title>t</title><description>" + Repeat("<!--", 4_000_000);
        await Assert.ThrowsAsync<PermanentDispatchException>(() => NormalizeBounded(payload, DispatchFormats.Rss));
    }

    [Theory]
    [InlineData("comments", 800_000)]
    [InlineData("cdata", 400_000)]
    [InlineData("tags", 400_000)]
    public async Task Repair_ManyUnclosedConstructs_Ends(string kind, int count)
    {
        var unit = kind switch { "comments" => "<!--x", "cdata" => "<![CDATA[", _ => "<a>" };
        var xml = "<rss><channel><item><title>t &amp; &nbsp;</title><description>" + Repeat(unit, unit.Length * count) + Repeat("</b>", 4 * count);
        var warnings = new List<ParseWarning>();
        var repaired = await Task.Run(() => Pipeline.Normalizer.Parsing.SafeXml.Repair(xml, warnings), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Contains("&#xA0;", repaired, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item", 400_000)]
    [InlineData("content", 400_000)]
    [InlineData("description", 400_000)]
    public async Task Normalize_RssNestedUnknownElements_EndsWithArticle(string where, int depth)
    {
        var nested = new StringBuilder(depth * 8);
        nested.Insert(0, "<x>", depth).Append("deep text").Insert(nested.Length, "</x>", depth);
        var extra = where switch
        {
            "item" => nested.ToString(),
            "content" => $"<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">{nested}</content:encoded>",
            _ => string.Empty,
        };
        var payload = where == "description"
            ? "<rss version=\"2.0\"><channel><title>c</title><item><title>A title</title><link>https://example.org/a</link>" + $"<description>{nested}</description></item></channel></rss>"
            : Rss(extra);
        var article = Assert.Single(await NormalizeBounded(payload, DispatchFormats.Rss));
        Assert.Equal("A title", article.Headline.Main);
        if (where != "item")
        {
            Assert.Contains(article.Warnings, w => w.Code == "html-flattened");
            Assert.Contains("deep text", string.Join(' ', article.Body.Paragraphs), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, 300_000)]
    [InlineData(true, 150_000)]
    public async Task Normalize_NitfNestedBlocks_EndsWithArticle(bool paragraphPerBlock, int depth)
    {
        var nested = new StringBuilder(depth * 24);
        var open = paragraphPerBlock ? "<block><p>a</p>" : "<block>";
        nested.Insert(0, open, depth).Append("<p>deep text</p>").Insert(nested.Length, "</block>", depth);
        var payload = "<nitf><head><title>A title</title></head><body><body.head><hedline><hl1>A title</hl1></hedline></body.head>"
            + $"<body.content>{nested}</body.content></body></nitf>";
        var article = Assert.Single(await NormalizeBounded(payload, DispatchFormats.Nitf));
        Assert.Equal("A title", article.Headline.Main);

        // Deeper than SafeXml.MaxDepth the markup is dropped (the innermost <p> is text of a block, not a paragraph).
        Assert.Contains(article.Warnings, w => w.Code == "xml-flattened");
        Assert.Equal(paragraphPerBlock ? Pipeline.Normalizer.Parsing.SafeXml.MaxDepth - 4 : 0, article.Body.Paragraphs.Count(p => p == "a"));
    }

    [Theory]
    [InlineData("content", 200_000)]
    public async Task Normalize_AtomXhtmlNestedHundredsOfThousandsDeep_Ends(string element, int depth)
    {
        var nested = new StringBuilder(depth * 16);
        nested.Append("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
        nested.Insert(nested.Length, "<span>", depth).Append("deep text").Insert(nested.Length, "</span>", depth).Append("</div>");
        var feed = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>f</title><id>urn:f</id><updated>2025-08-13T10:00:00Z</updated>"
            + $"<entry><id>urn:e</id><updated>2025-08-13T10:00:00Z</updated><title>A title</title><{element} type=\"xhtml\">{nested}</{element}></entry></feed>";
        var article = Assert.Single(await NormalizeBounded(feed, DispatchFormats.Atom));
        Assert.Contains(article.Warnings, w => w.Code == "html-flattened");
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
