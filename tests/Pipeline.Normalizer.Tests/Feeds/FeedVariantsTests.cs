using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests.Feeds;

/// <summary>Feed variants feedparser reads and the normalizer must read the same way (one behaviour per test).</summary>
public sealed class FeedVariantsTests
{
    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    private static CanonicalArticle Single(string xml, string? location = null) =>
        Assert.Single(Normalizer.Normalize(TestDispatches.Create(xml) with
        {
            Origin = new DispatchOrigin { Kind = OriginKinds.Feed, Location = location ?? "test" },
        }));

    [Fact]
    public void Atom_Base64ContentAndTitle_Decoded()
    {
        var article = Single("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
              <title type="application/octet-stream">UmVwb3J0IDxiPmRheTwvYj4=</title>
              <content type="application/octet-stream">PHA+Rmlyc3QgcGFyYWdyYXBoLjwvcD48cD5TZWNvbmQuPC9wPg==</content>
            </entry></feed>
            """);

        Assert.Equal("Report day", article.Headline.Main);
        Assert.Equal(["First paragraph.", "Second."], article.Body.Paragraphs);
    }

    [Fact]
    public void Atom_XhtmlTitle_KeepsEscapedTextAsText()
    {
        var article = Single("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
              <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">The &lt;blink&gt; tag returns</div></title>
              <link href="https://example.org/blink"/>
            </entry></feed>
            """);

        Assert.Equal("The <blink> tag returns", article.Headline.Main);
    }

    [Fact]
    public void Atom_LinkWrittenAsText_AuthorUriKept_RepliesAndSource()
    {
        var article = Single("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
              <title>T</title>
              <link rel="alternate" type="text/html">https://example.org/a</link>
              <link rel="replies" href="https://example.org/a#comments"/>
              <author><name>Ada Byron</name><email>ada@example.org</email><uri>https://example.org/ada</uri></author>
              <source><title>Wire Service</title><link href="https://wire.example.net/"/></source>
            </entry></feed>
            """);

        Assert.Equal(new Uri("https://example.org/a"), article.CanonicalUrl);
        var author = Assert.Single(article.Authors);
        Assert.Equal(("Ada Byron", "ada@example.org", new Uri("https://example.org/ada")), (author.Name, author.Contact, author.Url));
        Assert.Equal(new Uri("https://example.org/a"), article.CommentsUrl);
        Assert.Equal("Wire Service", article.OriginalSource?.Title);
        Assert.Equal(new Uri("https://wire.example.net/"), article.OriginalSource?.Url);
    }

    [Fact]
    public void Atom_XmlLangBlank_IsUnknown_AndInheritanceIsPerElement()
    {
        var articles = Normalizer.Normalize(TestDispatches.Create("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
              <entry xml:lang=""><title>Sans langue</title></entry>
              <entry><title>Inherited</title><content type="html" xml:lang="fr">&lt;p&gt;Bonjour.&lt;/p&gt;</content></entry>
              <entry><title>Feed default</title></entry>
            </feed>
            """));

        Assert.Equal([null, "fr", "en"], articles.Select(a => a.DeclaredLanguage));
    }

    [Fact]
    public void Rss_AuthorNameWithEmailInParentheses_Split()
    {
        var article = Single("""<rss version="2.0"><channel><item><title>T</title><author>Mario Rossi (mario@example.it)</author></item></channel></rss>""");

        var author = Assert.Single(article.Authors);
        Assert.Equal(("Mario Rossi", "mario@example.it"), (author.Name, author.Contact));
    }

    [Fact]
    public void Rss_EverySummaryAndContentSource_Read()
    {
        const string Prefix = """<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><item><title>T</title>""";
        Assert.Equal("From Dublin Core.", Single(Prefix + "<dc:description>From Dublin Core.</dc:description></item></channel></rss>").Lead);
        Assert.Equal("From iTunes.", Single(Prefix + "<itunes:summary>From iTunes.</itunes:summary></item></channel></rss>").Lead);
        Assert.Equal(["From fullitem."], Single(Prefix + "<fullitem>&lt;p&gt;From fullitem.&lt;/p&gt;</fullitem></item></channel></rss>").Body.Paragraphs);
        Assert.Equal(["From XHTML."], Single(Prefix + """<body xmlns="http://www.w3.org/1999/xhtml"><p>From XHTML.</p></body></item></channel></rss>""").Body.Paragraphs);
    }

    [Fact]
    public void Rss_DublinCoreTermsDates_ItunesAndMediaCategories()
    {
        var article = Single("""
            <rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
              <title>T</title>
              <dcterms:issued>2025-08-13T10:15:00Z</dcterms:issued>
              <dcterms:modified>2025-08-14T08:00:00Z</dcterms:modified>
              <itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category>
              <media:category label="Science news">science</media:category>
            </item></channel></rss>
            """);

        Assert.Equal(new DateTimeOffset(2025, 8, 13, 10, 15, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2025, 8, 14, 8, 0, 0, TimeSpan.Zero), article.UpdatedAt);
        Assert.Equal(["Technology", "Gadgets", "Science news"], article.Subjects);
    }

    [Fact]
    public void Rss_MediaCreditWithoutMedia_BecomesAuthorWithRole_ItunesImageUrl()
    {
        var withoutMedia = Single("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>T</title>
              <media:group><media:credit role="writer">Lena Berg</media:credit></media:group>
            </item></channel></rss>
            """);
        var withImage = Single("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><item><title>T</title>
              <itunes:image url="https://cdn.example.org/ep1.jpg"/>
            </item></channel></rss>
            """);

        var author = Assert.Single(withoutMedia.Authors);
        Assert.Equal(("Lena Berg", "writer"), (author.Name, author.Role));
        Assert.Equal(new Uri("https://cdn.example.org/ep1.jpg"), Assert.Single(withImage.Media).Url);
    }

    [Fact]
    public void Rss_RelativeLink_ResolvedAgainstTheDocumentUrl()
    {
        var article = Single("""<rss version="2.0"><channel><item><title>T</title><link>/news/a</link><comments>/news/a#c</comments></item></channel></rss>""", "https://feeds.example.org/rss.xml");

        Assert.Equal(new Uri("https://feeds.example.org/news/a"), article.CanonicalUrl);
        Assert.Equal(new Uri("https://feeds.example.org/news/a"), article.CommentsUrl);
    }

    [Fact]
    public void Text_WindowsC1Reference_ReadAsWindows1252()
    {
        var article = Single("""<rss version="2.0"><channel><item><title>don&amp;#146;t</title></item></channel></rss>""");

        Assert.Equal("don\u2019t", article.Headline.Main);
    }
}
